/**
 * Permission requests, grants ending and the workspace's deletion, live:
 * a request's events reach its requester and its approvers and nobody
 * else (not a colleague in the chain who may not approve, not a manager
 * outside it, not another workspace); a deleted workspace tells its members
 * and takes their sockets out of its rooms.
 */
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sweepPermissionRequests } from "#server/services/requests/sweeper";
import { addMember, callerAs, createUser, createWorkspaceOwnedBy, sessionCookie, type TestUser } from "./helpers/fixtures";
import { startTestServer, type TestServer } from "./helpers/server";
import { closeAll, connectSocket, expectNoEvent, type LiveSocket, roomsOf } from "./helpers/sockets";
import { buildChain } from "./requests/chain";

let server: TestServer;
const open: LiveSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => closeAll(open));
afterAll(async () => {
  await server.stop();
});

async function socketOf(user: TestUser): Promise<LiveSocket> {
  const live = await connectSocket(server, { cookie: await sessionCookie(server.deps, user) });
  open.push(live);
  return live;
}

async function liveChain(label: string) {
  const chain = await buildChain(server.deps, label);
  const stranger = await createUser(server.deps);
  await createWorkspaceOwnedBy(server.deps, stranger, `${label} elsewhere`);
  const [rep, teamLead, director, headOfSales, outsider, elsewhere] = await Promise.all([chain.rep, chain.teamLead, chain.director, chain.headOfSales, chain.outsider, stranger].map(socketOf));
  return { chain, sockets: { rep: rep!, teamLead: teamLead!, director: director!, headOfSales: headOfSales!, outsider: outsider!, elsewhere: elsewhere! } };
}

async function ask(chain: Awaited<ReturnType<typeof buildChain>>) {
  return (await callerAs(server.deps, chain.rep)).requests.create({
    workspaceSlug: chain.workspace.slug,
    permission: "crm.contacts.export",
    scope: "own",
    reason: "Quarterly report",
    duration: "1d",
  });
}

describe("permission request events reach the requester and the approvers only", () => {
  it("created, approved, and the grant ending", async () => {
    const { chain, sockets } = await liveChain("Approve");
    const { id } = await ask(chain);
    for (const s of [sockets.rep, sockets.teamLead, sockets.director]) await s.waitFor("request.changed", (m) => m.requestId === id && m.change === "created");
    // Approvers are also notified of the new request.
    await sockets.teamLead.waitFor("notification.created", (m) => m.workspaceId === chain.workspace.id);

    const { grantId } = await (await callerAs(server.deps, chain.director)).requests.approve({ workspaceSlug: chain.workspace.slug, requestId: id });
    await sockets.rep.waitFor("request.changed", (m) => m.requestId === id && m.change === "approved");
    await sockets.teamLead.waitFor("request.changed", (m) => m.requestId === id && m.change === "approved");
    await sockets.rep.waitFor("access.changed", (m) => m.workspaceId === chain.workspace.id);

    await server.deps.db
      .updateTable("permission_grants")
      .set({ starts_at: sql<Date>`now() - interval '2 days'`, ends_at: sql<Date>`now() - interval '1 second'` })
      .where("id", "=", grantId)
      .execute();
    await sweepPermissionRequests(server.deps);
    await sockets.rep.waitFor("request.changed", (m) => m.requestId === id && m.change === "grant_ended");

    await expectNoEvent([sockets.headOfSales, sockets.outsider, sockets.elsewhere], { server, match: (e) => e.type === "request.changed" || e.type === "access.changed" });
  });

  it("denied", async () => {
    const { chain, sockets } = await liveChain("Deny");
    const { id } = await ask(chain);
    await (await callerAs(server.deps, chain.teamLead)).requests.deny({ workspaceSlug: chain.workspace.slug, requestId: id, note: "Not this quarter" });
    await sockets.rep.waitFor("request.changed", (m) => m.requestId === id && m.change === "denied");
    await sockets.director.waitFor("request.changed", (m) => m.requestId === id && m.change === "denied");
    // The requester is told of the decision.
    await sockets.rep.waitFor("notification.created", (m) => m.workspaceId === chain.workspace.id);
    await expectNoEvent([sockets.headOfSales, sockets.outsider, sockets.elsewhere], { server, match: (e) => e.type === "request.changed" });
  });

  it("expired, when nobody decided in time", async () => {
    const { chain, sockets } = await liveChain("Expire");
    const { id } = await ask(chain);
    await server.deps.db
      .updateTable("permission_requests")
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where("id", "=", id)
      .execute();
    await sweepPermissionRequests(server.deps);
    await sockets.rep.waitFor("request.changed", (m) => m.requestId === id && m.change === "expired");
    await sockets.teamLead.waitFor("request.changed", (m) => m.requestId === id && m.change === "expired");
    await expectNoEvent([sockets.headOfSales, sockets.outsider, sockets.elsewhere], { server, match: (e) => e.type === "request.changed" });
  });
});

describe("deleting a workspace", () => {
  it("tells its members they left, empties its rooms, and sends nothing of it to anyone after", async () => {
    const owner = await createUser(server.deps, { name: "Olga Owner" });
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Short Lived");
    const admin = await createUser(server.deps, { name: "Abe Admin" });
    await addMember(server.deps, ws.id, admin, ["admin"]);
    const { chain, sockets } = await liveChain("Survivor");
    const [ownerSocket, adminSocket] = await Promise.all([socketOf(owner), socketOf(admin)]);
    await (await callerAs(server.deps, owner)).workspaceDeletion.delete({ workspaceSlug: ws.slug, confirmName: "Short Lived", password: owner.password });
    for (const s of [ownerSocket, adminSocket]) {
      await s.waitFor("workspace.left", (m) => m.workspaceId === ws.id && m.reason === "deleted");
      expect((await roomsOf(server, s)).filter((r) => r.startsWith(`ws:${ws.id}`))).toEqual([]);
    }
    await expectNoEvent([sockets.rep, sockets.elsewhere], { server, match: (e) => "workspaceId" in e.message && e.message.workspaceId === ws.id });
    expect(chain.workspace.id).not.toBe(ws.id);
  });
});
