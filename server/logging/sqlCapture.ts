/**
 * Bench-only: every statement the pool runs, written as one JSON line to a
 * file with the request it ran for (its X-Request-Id), the connection it
 * ran on and when it started and ended. `npm run bench:overhead` reads it to
 * replay the product's own SQL on a bare server (decision 30).
 *
 * Off unless SQL_CAPTURE_FILE names a file (an operator's environment, never
 * a request); refused in production unless SQL_CAPTURE_ALLOW_PRODUCTION=1,
 * which only the bench sets on its own throwaway server.
 */
import { appendFileSync } from "node:fs";
import type pg from "pg";
import { ambientRequestTrace, carryRequestTraceAmbiently } from "./requestContext";

export interface CapturedStatement {
  requestId: string | null;
  /** Which pool connection ran it (statements of one transaction share one). */
  client: number;
  text: string;
  values: unknown[];
  /** performance.now() at start and end, in ms. */
  startedMs: number;
  endedMs: number;
}

export function installSqlCapture(pool: pg.Pool, file: string): void {
  // Statements are named by the request they run for: only here is the request trace carried ambiently (requestContext.ts).
  carryRequestTraceAmbiently();
  let clients = 0;
  pool.on("connect", (client) => {
    const clientId = (clients += 1);
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0];
      const text = typeof first === "string" ? first : ((first as { text?: string } | null)?.text ?? "");
      const values = (Array.isArray(args[1]) ? args[1] : ((first as { values?: unknown[] } | null)?.values ?? [])) as unknown[];
      const requestId = ambientRequestTrace()?.requestId ?? null;
      const startedMs = performance.now();
      const write = () => {
        const line: CapturedStatement = { requestId, client: clientId, text, values, startedMs, endedMs: performance.now() };
        appendFileSync(file, `${JSON.stringify(line)}\n`);
      };
      const result = original(...args);
      if (result && typeof (result as Promise<unknown>).then === "function") {
        (result as Promise<unknown>).then(write, write);
      } else write();
      return result;
    };
  });
}
