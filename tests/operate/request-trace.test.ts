/**
 * A request's trace is handed along, not carried ambiently (decision 49):
 * work done deep inside a request still logs with its id, user and
 * workspace, a refusal tRPC formats without a context still names its
 * request, and the signed-in check still comes before the input is read.
 */
import { describe, expect, it } from "vitest";
import { createLogger } from "#server/log";
import type { RequestTrace } from "#server/logging/requestContext";
import { createCaller } from "#server/router";
import { inTransaction } from "#server/services/transaction";
import { createContext } from "#server/trpc/context";
import { addMember, createUser, createWorkspaceOwnedBy, sessionCookie } from "../helpers/fixtures";
import { serverForTests, type TestServer } from "../helpers/server";
import { captureLog } from "../helpers/logCapture";

interface ErrorBody {
  error: { data: { appCode: string; requestId?: string; httpStatus: number } };
}

/** One error answer, or the first error of a batch's answers. */
function firstError(body: unknown): ErrorBody["error"] | undefined {
  const answers = Array.isArray(body) ? (body as unknown[]) : [body];
  return answers.map((a) => (a as Partial<ErrorBody>).error).find((e) => e !== undefined);
}

describe("a request's trace, handed along", () => {
  let server: TestServer;
  const out = captureLog();
  serverForTests((started) => (server = started), { log: createLogger("info", { format: "json", destination: out.destination }) });

  it("lines written by work deep inside a request (an after-commit task) carry its id, user and workspace; lines outside carry none", async () => {
    const owner = await createUser(server.deps, { name: "Nora Nested" });
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Nested Ltd");
    const trace: RequestTrace = { requestId: "req-nested-0001" };
    const ctx = await createContext({
      deps: server.deps,
      request: { ip: "127.0.0.1", userAgent: "vitest", cookieHeader: await sessionCookie(server.deps, owner) },
      response: { setCookie: () => undefined },
      trace,
    });
    // The session names the user, the workspace procedure the workspace.
    await createCaller(ctx).members.search({ workspaceSlug: ws.slug });
    expect(trace).toEqual({ requestId: "req-nested-0001", userId: owner.id, workspaceId: ws.id });

    // A service handed the context's deps logs through the request's logger.
    await inTransaction(ctx.deps, async (tx) => {
      tx.afterCommit(() => {
        throw new Error("the after-commit task broke");
      });
    });
    server.deps.log.warn("written outside any request");
    const nested = out.json().find((l) => l.msg === "after-commit task failed");
    expect(nested).toMatchObject({ level: "warn", requestId: "req-nested-0001", userId: owner.id, workspaceId: ws.id });
    const outside = out.json().find((l) => l.msg === "written outside any request");
    expect(outside).toBeDefined();
    expect(outside?.requestId).toBeUndefined();
    expect(outside?.userId).toBeUndefined();
  });

  it("a refusal made before any context exists (a batch whose input is not JSON) still carries the request's id, through the API door and through Express", async () => {
    const owner = await createUser(server.deps);
    const cookie = await sessionCookie(server.deps, owner);
    // /trpc/... takes the API door; /TRPC/... (Express matches paths in any case) takes Express's tRPC middleware.
    for (const prefix of ["/trpc", "/TRPC"]) {
      const response = await fetch(`${server.url}${prefix}/members.search,members.search?batch=1&input=not-json`, { headers: { cookie } });
      expect(response.status).toBe(400);
      const id = response.headers.get("x-request-id");
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const error = firstError(await response.json());
      expect(error?.data).toMatchObject({ httpStatus: 400, requestId: id });
    }
  });

  it("a refusal inside a procedure carries the id of its own request, when calls run side by side", async () => {
    const owner = await createUser(server.deps);
    const viewer = await createUser(server.deps);
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Side By Side");
    await addMember(server.deps, ws.id, viewer, ["viewer"]);
    const cookie = await sessionCookie(server.deps, viewer);
    const url = `${server.url}/trpc/auditLog.filterChoices?input=${encodeURIComponent(JSON.stringify({ workspaceSlug: ws.slug }))}`;
    const answers = await Promise.all(Array.from({ length: 8 }, () => fetch(url, { headers: { cookie } })));
    const ids = new Set<string>();
    for (const response of answers) {
      expect(response.status).toBe(403);
      const id = response.headers.get("x-request-id") ?? "";
      ids.add(id);
      expect(firstError(await response.json())?.data).toMatchObject({ appCode: "FORBIDDEN", requestId: id });
    }
    expect(ids.size).toBe(8);
  });

  it("asks a signed-out caller to sign in before it reads the input, and reads the input before the workspace and the permission", async () => {
    const badInput = encodeURIComponent(JSON.stringify({ workspaceSlug: "Not A Slug!" }));
    const signedOut = await fetch(`${server.url}/trpc/members.search?input=${badInput}`);
    expect(signedOut.status).toBe(401);
    expect(firstError(await signedOut.json())?.data.appCode).toBe("NOT_SIGNED_IN");

    const stranger = await createUser(server.deps);
    const cookie = await sessionCookie(server.deps, stranger);
    const invalid = await fetch(`${server.url}/trpc/members.search?input=${badInput}`, { headers: { cookie } });
    expect(invalid.status).toBe(400);
    expect(firstError(await invalid.json())?.data.appCode).toBe("INVALID_INPUT");
    const unknown = await fetch(`${server.url}/trpc/members.search?input=${encodeURIComponent(JSON.stringify({ workspaceSlug: "nowhere-at-all" }))}`, { headers: { cookie } });
    expect(unknown.status).toBe(404);
    expect(firstError(await unknown.json())?.data.appCode).toBe("NOT_FOUND");
  });
});
