/**
 * Calls one procedure over the real HTTP endpoint, the way the browser's
 * tRPC client does (GET with ?input= for queries, POST JSON for mutations),
 * and reads back the status and the stable product code.
 */
import { errorCatalog } from "#server/errors";
import type { ProcedureInfo } from "./procedures";

export interface CallResult {
  status: number;
  appCode: string | null;
  message: string | null;
  data: unknown;
}

export async function callProcedure(server: { url: string; origin: string }, cookie: string | null, procedure: Pick<ProcedureInfo, "path" | "type">, input: unknown): Promise<CallResult> {
  const headers: Record<string, string> = { origin: server.origin };
  if (cookie) headers.cookie = cookie;
  let response: Response;
  if (procedure.type === "query") {
    const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    response = await fetch(`${server.url}/trpc/${procedure.path}${query}`, { headers });
  } else {
    headers["content-type"] = "application/json";
    response = await fetch(`${server.url}/trpc/${procedure.path}`, {
      method: "POST",
      headers,
      body: input === undefined ? undefined : JSON.stringify(input),
    });
  }
  const text = await response.text();
  let body: { result?: { data?: unknown }; error?: { message?: string; data?: { appCode?: string } } } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not JSON: the assertions report the status and the text.
    return { status: response.status, appCode: null, message: text.slice(0, 200), data: null };
  }
  return {
    status: response.status,
    appCode: body.error?.data?.appCode ?? null,
    message: body.error?.message ?? null,
    data: body.result?.data,
  };
}

/** A refusal the product stands behind: 4xx, a catalogued code, and that code's status. */
export function isCleanAnswer(result: CallResult): boolean {
  if (result.status === 200) return result.appCode === null;
  if (result.status < 400 || result.status >= 500) return false;
  return result.appCode !== null && result.appCode in errorCatalog && result.message !== null && result.message.length > 0;
}

export function describeCall(path: string, role: string, input: unknown, result: CallResult): string {
  const shown = JSON.stringify(input)?.slice(0, 300);
  return `${path} as ${role} with ${shown} -> ${result.status} ${result.appCode ?? ""} ${result.message ?? ""}`;
}
