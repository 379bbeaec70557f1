/**
 * PostgreSQL restarted under a running server (a PostgreSQL of this test's
 * own, never the machine's): calls during the outage get a clear temporary
 * error, the server recovers by itself, live connections carry on (or come
 * back), no invitation is lost or made twice, and mail queued around the
 * outage is sent exactly once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setupServer } from "msw/node";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueEmail } from "#emails/outbox";
import { notify } from "#server/services/notifications";
import { inTransaction } from "#server/services/transaction";
import { createUser, createWorkspaceOwnedBy, sessionCookie, type TestUser } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/server";
import { startOwnPostgres, type OwnPostgres } from "./ownPostgres";
import { waitFor } from "./processes";
import { fakePostmarkEnv, PostmarkFake } from "./postmarkFake";

const fakeDir = mkdtempSync(path.join(os.tmpdir(), "postmark-fake-"));
const postmark = new PostmarkFake(fakeDir);
const mockServer = setupServer(...postmark.handlers());

let postgres: OwnPostgres;
let server: TestServer;
let owner: TestUser;
let slug: string;
let workspaceId: string;
let cookie: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  mockServer.listen({ onUnhandledRequest: "bypass" });
  postgres = await startOwnPostgres();
  server = await startTestServer({
    pages: true,
    testDatabase: { url: postgres.url, name: "app", drop: async () => {} },
    env: fakePostmarkEnv,
    emailWorker: { pollIntervalMs: 100, backoffMs: () => 300, leaseSeconds: 2 },
  });
  owner = await createUser(server.deps);
  ({ slug, id: workspaceId } = await createWorkspaceOwnedBy(server.deps, owner));
  cookie = await sessionCookie(server.deps, owner);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.stop().catch(() => undefined);
  await postgres?.destroy();
  mockServer.close();
  rmSync(fakeDir, { recursive: true, force: true });
});

function openSocket(): Socket {
  const socket = connect(server.url, { transports: ["websocket"], extraHeaders: { cookie, origin: server.origin }, reconnectionDelay: 100, reconnectionDelayMax: 500 });
  sockets.push(socket);
  return socket;
}

async function call(path: string, input: unknown, method: "GET" | "POST" = "GET") {
  const query = method === "GET" && input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : "";
  const response = await fetch(`${server.url}/trpc/${path}${query}`, {
    method,
    headers: { cookie, origin: server.origin, "content-type": "application/json" },
    body: method === "POST" ? JSON.stringify(input) : undefined,
  });
  const body = (await response.json()) as { error?: { message: string; data: { appCode: string } } };
  return { status: response.status, appCode: body.error?.data.appCode ?? null, message: body.error?.message ?? null };
}

describe("PostgreSQL restarts while the server runs", () => {
  it("answers 'try again' during the outage, recovers by itself, and loses or doubles no email", async () => {
    const socket = openSocket();
    await waitFor("socket connected", async () => socket.connected);

    // Mail in flight when the database goes away: Postmark may take it while the outcome cannot be recorded.
    postmark.setMode({ delayMs: 400 });
    const queued: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      queued.push(
        await inTransaction(server.deps, (tx) =>
          enqueueEmail(tx, {
            workspaceId: null,
            kind: "chaos",
            referenceId: null,
            to: `restart.${i}@example.com`,
            from: server.deps.config.email.from,
            message: { subject: `Restart ${i}`, html: "<p>Hi</p>", text: "Hi" },
          }),
        ),
      );
    }
    // An invitation batch just before the outage (its emails go out around it).
    const memberRole = await server.deps.db.selectFrom("roles").select("id").where("workspace_id", "=", workspaceId).where("builtin_key", "=", "member").executeTakeFirstOrThrow();
    const invite = (emails: string[]) => call("invitations.invite", { workspaceSlug: slug, emails, roleIds: [memberRole.id], primaryRoleId: memberRole.id }, "POST");
    expect((await invite(["before.1@example.com", "before.2@example.com"])).status).toBe(200);
    await new Promise((r) => setTimeout(r, 150));
    await postgres.stop();
    const duringOutage = await invite(["during@example.com"]);
    expect(duringOutage.status).toBe(503);
    expect(duringOutage.appCode).toBe("TEMPORARILY_UNAVAILABLE");

    for (const [path, input, method] of [
      ["auth.me", undefined, "GET"],
      ["members.list", { workspaceSlug: slug }, "GET"],
      ["workspaces.create", { name: "During the outage" }, "POST"],
    ] as const) {
      const answer = await call(path, input, method);
      expect(answer.status, path).toBe(503);
      expect(answer.appCode, path).toBe("TEMPORARILY_UNAVAILABLE");
      expect(answer.message).toBe("The service is briefly unavailable. Please try again in a few seconds.");
    }
    const page = await fetch(`${server.url}/w/${slug}/members`, { headers: { cookie } });
    expect(page.status).toBe(503);
    expect(await page.text()).toContain("briefly unavailable");
    // A new live connection cannot be authenticated now; it is refused, not crashed.
    const during = connect(server.url, { transports: ["websocket"], extraHeaders: { cookie, origin: server.origin }, reconnection: false });
    sockets.push(during);
    const refusal = await new Promise<string>((resolve) => during.once("connect_error", (error) => resolve(error.message)));
    expect(refusal).toBe("TEMPORARILY_UNAVAILABLE");

    postmark.setMode({});
    await postgres.start();

    // No restart of the server: the pool finds the database again.
    await waitFor("calls succeed again", async () => (await call("members.list", { workspaceSlug: slug })).status === 200, 30_000, 200);
    expect((await call("workspaces.create", { name: "After the outage" }, "POST")).status).toBe(200);
    expect((await invite(["after@example.com"])).status).toBe(200);
    // Exactly the invitations whose callers were told "done"; none from the refused call.
    const invitations = await server.deps.db.selectFrom("invitations").select("email").where("workspace_id", "=", workspaceId).orderBy("email").execute();
    expect(invitations.map((i) => i.email)).toEqual(["after@example.com", "before.1@example.com", "before.2@example.com"]);

    // Live updates still reach the page's socket (connected throughout, or reconnected).
    await waitFor("socket connected", async () => socket.connected);
    const received = new Promise<unknown>((resolve) => socket.onAny((event: string, payload: unknown) => event !== "connect" && resolve(payload)));
    await inTransaction(server.deps, (tx) => notify(tx, { userId: owner.id, workspaceId: null, kind: "chaos.check", title: "Still live" }));
    expect(await Promise.race([received, new Promise((r) => setTimeout(() => r("timeout"), 5_000))])).not.toBe("timeout");

    // Every email sent, none twice.
    await waitFor(
      "every queued email sent",
      async () => {
        const rows = await server.deps.db.selectFrom("email_outbox").select("status").where("id", "in", queued).execute();
        return rows.every((row) => row.status === "sent");
      },
      60_000,
      200,
    );
    const counts = postmark.acceptedCounts();
    for (const id of queued) expect(counts.get(id), id).toBe(1);
    // Each invitation's email: sent, once.
    await waitFor("invitation emails sent", async () => {
      const rows = await server.deps.db.selectFrom("email_outbox").select("status").where("kind", "=", "invitation").execute();
      return rows.length === 3 && rows.every((row) => row.status === "sent");
    });
    const invitationMail = await server.deps.db.selectFrom("email_outbox").select("id").where("kind", "=", "invitation").execute();
    for (const { id } of invitationMail) expect(postmark.acceptedCounts().get(id), id).toBe(1);
  });
});
