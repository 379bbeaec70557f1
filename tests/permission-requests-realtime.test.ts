/**
 * Live updates for permission requests over the real Socket.IO server:
 * `request.changed` reaches the requester and the approvers only, and a
 * grant starting or ending tells the grantee's pages their access changed.
 */
import { io, type Socket } from "socket.io-client";
import { afterAll, expect, it } from "vitest";
import type { RealtimeMessage } from "#shared/realtime/events";
import { sweepPermissionRequests } from "#server/services/requests/sweeper";
import { callerAs, sessionCookie } from "./helpers/fixtures";
import { type TestServer, serverForTests } from "./helpers/server";
import { buildChain, backdateGrantToEnded } from "./requests/chain";

let server: TestServer;
const sockets: Socket[] = [];
serverForTests((started) => (server = started));
afterAll(() => {
  for (const socket of sockets) socket.disconnect();
});

async function listen(user: { id: string }): Promise<RealtimeMessage[]> {
  const cookie = await sessionCookie(server.deps, user);
  const socket = io(server.url, { path: "/socket.io", transports: ["websocket"], extraHeaders: { cookie, origin: server.origin } });
  sockets.push(socket);
  const seen: RealtimeMessage[] = [];
  socket.onAny((_event: string, message: RealtimeMessage) => seen.push(message));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return seen;
}

const requestEvents = (seen: RealtimeMessage[]) => seen.filter((m): m is Extract<RealtimeMessage, { type: "request.changed" }> => m.type === "request.changed").map((m) => m.change);

it("tells only the requester and the approvers, live, and the grantee when access starts and ends", async () => {
  const chain = await buildChain(server.deps, "Live");
  const [repSeen, teamLeadSeen, directorSeen, adminSeen, outsiderSeen, headSeen] = await Promise.all([
    listen(chain.rep),
    listen(chain.teamLead),
    listen(chain.director),
    listen(chain.admin),
    listen(chain.outsider),
    listen(chain.headOfSales),
  ]);
  const slug = chain.workspace.slug;
  const rep = await callerAs(server.deps, chain.rep);
  const { id } = await rep.requests.create({ workspaceSlug: slug, permission: "crm.contacts.export", scope: "own", reason: "Report", duration: "1d" });

  await expect.poll(() => requestEvents(teamLeadSeen)).toEqual(["created"]);
  await expect.poll(() => requestEvents(directorSeen)).toEqual(["created"]);
  await expect.poll(() => requestEvents(adminSeen)).toEqual(["created"]);
  await expect.poll(() => requestEvents(repSeen)).toEqual(["created"]);
  // Approvers also get a notification.
  await expect.poll(() => teamLeadSeen.some((m) => m.type === "notification.created")).toBe(true);

  const { grantId } = await (await callerAs(server.deps, chain.director)).requests.approve({ workspaceSlug: slug, requestId: id });
  await expect.poll(() => requestEvents(repSeen)).toEqual(["created", "approved"]);
  await expect.poll(() => requestEvents(teamLeadSeen)).toEqual(["created", "approved"]);
  await expect.poll(() => repSeen.filter((m) => m.type === "access.changed").length).toBe(1);
  expect(teamLeadSeen.some((m) => m.type === "access.changed")).toBe(false);

  // The grant ends: the rep's pages hear their access changed.
  await backdateGrantToEnded(server.deps, chain.rep.membershipId, grantId);
  await sweepPermissionRequests(server.deps);
  await expect.poll(() => repSeen.filter((m) => m.type === "access.changed").length).toBe(2);
  await expect.poll(() => requestEvents(repSeen)).toEqual(["created", "approved", "grant_ended"]);

  // Someone outside the chain, and someone in it who may not approve, heard nothing of it.
  await new Promise((r) => setTimeout(r, 200));
  expect(requestEvents(outsiderSeen)).toEqual([]);
  expect(requestEvents(headSeen)).toEqual([]);
});
