/**
 * Live updates over a real Socket.IO connection: who may connect, which
 * rooms a socket sits in as access changes, and that an event reaches only
 * the sockets allowed to see it, and only once its change has committed.
 * (The events of each feature are proven in tests/realtime-events.test.ts.)
 */
import http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AppDeps } from "#server/deps";
import type { Audience, RealtimeMessage } from "#shared/realtime/events";
import { rooms } from "#shared/realtime/events";
import { notify } from "#server/services/notifications";
import { inTransaction, nowIso } from "#server/services/transaction";
import { addMember, callerAs, createUser, createWorkspaceOwnedBy, httpClient, sessionCookie, sessionIdOfCookie, type TestUser } from "./helpers/fixtures";
import { startTestServer, type TestServer } from "./helpers/server";
import { closeAll, connectSocket, expectNoEvent, type LiveSocket, roomsOf, SocketRefused } from "./helpers/sockets";

let server: TestServer;
const open: LiveSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({ env: { REALTIME_SESSION_CHECK_MS: 100 } });
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

/** A committed change that tells the given audience, as a service would. */
async function commitAndEmit(deps: AppDeps, audience: Audience, message: RealtimeMessage): Promise<void> {
  await inTransaction(deps, async (tx) => {
    await tx.db.selectFrom("workspaces").select("id").execute();
    tx.emit(audience, message);
  });
}

function invitationCreated(workspaceId: string, invitationId = crypto.randomUUID()): Extract<RealtimeMessage, { type: "invitation.changed" }> {
  return { type: "invitation.changed", change: "created", workspaceId, invitationId, at: nowIso() };
}

async function setRoles(deps: AppDeps, workspaceId: string, membershipId: string, userId: string, roleKey: "viewer" | "admin") {
  await inTransaction(deps, async (tx) => {
    const role = await tx.db.selectFrom("roles").select("id").where("workspace_id", "=", workspaceId).where("builtin_key", "=", roleKey).executeTakeFirstOrThrow();
    await tx.db.deleteFrom("membership_roles").where("membership_id", "=", membershipId).execute();
    await tx.db.insertInto("membership_roles").values({ workspace_id: workspaceId, membership_id: membershipId, role_id: role.id, is_primary: true }).execute();
    tx.refreshRooms(userId);
  });
}

/** An Owner's workspace with an Admin, a Viewer, and a stranger owning another workspace. */
async function workspaceWithPeople() {
  const owner = await createUser(server.deps, { name: "Olive Owner" });
  const workspace = await createWorkspaceOwnedBy(server.deps, owner, `Live ${crypto.randomUUID().slice(0, 6)}`);
  const admin = await createUser(server.deps, { name: "Ada Admin" });
  const adminMembership = await addMember(server.deps, workspace.id, admin, ["admin"]);
  const viewer = await createUser(server.deps, { name: "Vic Viewer" });
  await addMember(server.deps, workspace.id, viewer, ["viewer"]);
  const stranger = await createUser(server.deps, { name: "Sam Elsewhere" });
  const otherWorkspace = await createWorkspaceOwnedBy(server.deps, stranger, `Elsewhere ${crypto.randomUUID().slice(0, 6)}`);
  return { owner, workspace, admin, adminMembership, viewer, stranger, otherWorkspace };
}

describe("connecting", () => {
  it("accepts a signed-in user's socket and puts it in the rooms of its user, session, workspace and permissions", async () => {
    const { admin, workspace, viewer } = await workspaceWithPeople();
    const adminSocket = await socketOf(admin);
    const adminRooms = await roomsOf(server, adminSocket);
    expect(adminRooms).toContain(rooms.user(admin.id));
    expect(adminRooms.some((r) => r.startsWith("session:"))).toBe(true);
    expect(adminRooms).toContain(rooms.workspace(workspace.id));
    expect(adminRooms).toContain(rooms.workspacePermission(workspace.id, "members.invite"));
    expect(adminRooms).not.toContain(rooms.workspacePermission(workspace.id, "billing.manage"));

    const viewerRooms = await roomsOf(server, await socketOf(viewer));
    expect(viewerRooms).toContain(rooms.workspacePermission(workspace.id, "members.view"));
    expect(viewerRooms).not.toContain(rooms.workspacePermission(workspace.id, "members.invite"));
  });

  it("refuses a socket with no session, an unknown session or a signed-out session", async () => {
    await expect(connectSocket(server, { cookie: null })).rejects.toThrow(new SocketRefused("NOT_SIGNED_IN", undefined));
    await expect(connectSocket(server, { cookie: "ta_session=not-a-real-session" })).rejects.toThrow("NOT_SIGNED_IN");
    // A cookie that cannot even be decoded is a forged session too, not a server problem.
    await expect(connectSocket(server, { cookie: "ta_session=%E0%A4%A" })).rejects.toThrow("NOT_SIGNED_IN");

    const user = await createUser(server.deps);
    const cookie = await sessionCookie(server.deps, user);
    await httpClient(server, cookie).auth.signOut.mutate();
    await expect(connectSocket(server, { cookie })).rejects.toThrow("NOT_SIGNED_IN");
  });

  it("refuses a handshake from another origin with HTTP 403", async () => {
    const user = await createUser(server.deps);
    const cookie = await sessionCookie(server.deps, user);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = http.request(`${server.url}/socket.io/?EIO=4&transport=websocket`, {
        headers: {
          connection: "Upgrade",
          upgrade: "websocket",
          "sec-websocket-version": "13",
          "sec-websocket-key": Buffer.from("0123456789abcdef").toString("base64"),
          origin: "https://evil.example",
          cookie,
        },
      });
      request.on("response", (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      request.on("upgrade", () => reject(new Error("The cross-origin handshake was accepted")));
      request.on("error", reject);
      request.end();
    });
    expect(status).toBe(403);
    // The same request from the app's origin is upgraded.
    await expect(socketOf(user)).resolves.toBeTruthy();
    // And the real client sees the refusal too.
    await expect(connectSocket(server, { cookie, origin: "https://evil.example" })).rejects.toThrow();
  });
});

describe("who receives an event", () => {
  it("sends a workspace event to its members only, and a permission-filtered one only to those holding the permission", async () => {
    const { owner, admin, viewer, stranger, workspace } = await workspaceWithPeople();
    const [ownerSocket, adminSocket, viewerSocket, strangerSocket] = await Promise.all([socketOf(owner), socketOf(admin), socketOf(viewer), socketOf(stranger)]);

    const pending = invitationCreated(workspace.id);
    await commitAndEmit(server.deps, { kind: "workspace", workspaceId: workspace.id, permission: "members.invite" }, pending);
    await expect(adminSocket.waitFor("invitation.changed", (m) => m.invitationId === pending.invitationId)).resolves.toMatchObject({ change: "created" });
    await ownerSocket.waitFor("invitation.changed", (m) => m.invitationId === pending.invitationId);
    await expectNoEvent([viewerSocket, strangerSocket], { server });

    const everyone: RealtimeMessage = { type: "workspace.changed", workspaceId: workspace.id, at: nowIso() };
    await commitAndEmit(server.deps, { kind: "workspace", workspaceId: workspace.id }, everyone);
    await viewerSocket.waitFor("workspace.changed");
    await adminSocket.waitFor("workspace.changed");
    await expectNoEvent([strangerSocket], { server });
  });

  it("sends a user's event to every tab of that user and nobody else", async () => {
    const { admin, viewer, workspace } = await workspaceWithPeople();
    const [firstTab, secondTab, viewerSocket] = await Promise.all([socketOf(admin), socketOf(admin), socketOf(viewer)]);
    const notificationId = await inTransaction(server.deps, (tx) => notify(tx, { userId: admin.id, workspaceId: workspace.id, kind: "member.joined", title: "Someone joined" }));
    await firstTab.waitFor("notification.created", (m) => m.notificationId === notificationId);
    await secondTab.waitFor("notification.created", (m) => m.notificationId === notificationId);
    await expectNoEvent([viewerSocket], { server });
  });

  it("emits nothing for a change that rolls back", async () => {
    const { owner, admin, workspace } = await workspaceWithPeople();
    const sockets = await Promise.all([socketOf(owner), socketOf(admin)]);
    await expect(
      inTransaction(server.deps, async (tx) => {
        await tx.db.updateTable("workspaces").set({ name: "Renamed then undone" }).where("id", "=", workspace.id).execute();
        tx.emit({ kind: "workspace", workspaceId: workspace.id }, { type: "workspace.changed", workspaceId: workspace.id, at: nowIso() });
        await notify(tx, { userId: admin.id, workspaceId: workspace.id, kind: "test", title: "Never stored" });
        throw new Error("the change fails after emitting");
      }),
    ).rejects.toThrow("the change fails after emitting");
    await expectNoEvent(sockets, { server });
    const stored = await server.deps.db.selectFrom("workspaces").select("name").where("id", "=", workspace.id).executeTakeFirstOrThrow();
    expect(stored.name).not.toBe("Renamed then undone");
  });
});

describe("when access changes", () => {
  it("a removed member's sockets leave the workspace's rooms at once and receive nothing after", async () => {
    const { admin, adminMembership, owner, workspace } = await workspaceWithPeople();
    const [adminSocket, ownerSocket] = await Promise.all([socketOf(admin), socketOf(owner)]);

    await inTransaction(server.deps, async (tx) => {
      await tx.db.updateTable("memberships").set({ status: "removed" }).where("id", "=", adminMembership).execute();
      tx.refreshRooms(admin.id);
      tx.emit({ kind: "users", userIds: [admin.id] }, { type: "workspace.left", workspaceId: workspace.id, reason: "removed", at: nowIso() });
      tx.emit({ kind: "workspace", workspaceId: workspace.id, permission: "members.view" }, { type: "member.changed", change: "removed", workspaceId: workspace.id, membershipId: adminMembership, at: nowIso() });
    });

    // The removed person is told, by their own room; the workspace's event of the same change does not reach them.
    await adminSocket.waitFor("workspace.left", (m) => m.workspaceId === workspace.id);
    await ownerSocket.waitFor("member.changed", (m) => m.membershipId === adminMembership);
    expect((await roomsOf(server, adminSocket)).filter((r) => r.startsWith(`ws:${workspace.id}`))).toEqual([]);

    await commitAndEmit(server.deps, { kind: "workspace", workspaceId: workspace.id }, { type: "workspace.changed", workspaceId: workspace.id, at: nowIso() });
    await commitAndEmit(server.deps, { kind: "workspace", workspaceId: workspace.id, permission: "members.invite" }, invitationCreated(workspace.id));
    await ownerSocket.waitFor("invitation.changed");
    await expectNoEvent([adminSocket], { server, match: (e) => e.type !== "workspace.left" });
  });

  it("a member whose role drops to Viewer stops receiving invitation events at once, and gets them back when promoted", async () => {
    const { admin, adminMembership, workspace } = await workspaceWithPeople();
    const adminSocket = await socketOf(admin);

    await setRoles(server.deps, workspace.id, adminMembership, admin.id, "viewer");
    const afterDemotion = await roomsOf(server, adminSocket);
    expect(afterDemotion).toContain(rooms.workspace(workspace.id));
    expect(afterDemotion).not.toContain(rooms.workspacePermission(workspace.id, "members.invite"));
    await commitAndEmit(server.deps, { kind: "workspace", workspaceId: workspace.id, permission: "members.invite" }, invitationCreated(workspace.id));
    await expectNoEvent([adminSocket], { server });

    await setRoles(server.deps, workspace.id, adminMembership, admin.id, "admin");
    const again = invitationCreated(workspace.id);
    await commitAndEmit(server.deps, { kind: "workspace", workspaceId: workspace.id, permission: "members.invite" }, again);
    await adminSocket.waitFor("invitation.changed", (m) => m.invitationId === again.invitationId);
  });

  it("a new workspace's events reach its creator's open socket without reconnecting", async () => {
    const founder = await createUser(server.deps);
    const socket = await socketOf(founder);
    const caller = await callerAs(server.deps, founder);
    const created = await caller.workspaces.create({ name: `Fresh ${crypto.randomUUID().slice(0, 6)}` });
    expect(await roomsOf(server, socket)).toContain(rooms.workspacePermission(created.id, "members.invite"));
    await commitAndEmit(server.deps, { kind: "workspace", workspaceId: created.id, permission: "members.invite" }, invitationCreated(created.id));
    await socket.waitFor("invitation.changed", (m) => m.workspaceId === created.id);
  });
});

describe("when a session ends", () => {
  it("signing out closes that session's sockets and leaves the user's other sessions connected", async () => {
    const user = await createUser(server.deps);
    const cookie = await sessionCookie(server.deps, user);
    const tab = await connectSocket(server, { cookie });
    open.push(tab);
    const otherDevice = await socketOf(user);
    await httpClient(server, cookie).auth.signOut.mutate();
    await expect(tab.waitForDisconnect()).resolves.toBe("io server disconnect");
    await expectNoEvent([otherDevice], { server });
    expect(otherDevice.socket.connected).toBe(true);
  });

  it("an expired session's sockets are closed by the periodic check", async () => {
    const user = await createUser(server.deps);
    const cookie = await sessionCookie(server.deps, user);
    const expiring = await connectSocket(server, { cookie });
    open.push(expiring);
    const stillValid = await socketOf(user);
    const sessionId = sessionIdOfCookie(cookie);
    await server.deps.db
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where("id", "=", sessionId)
      .execute();
    await expect(expiring.waitForDisconnect(3_000)).resolves.toBe("io server disconnect");
    await expect(connectSocket(server, { cookie })).rejects.toThrow("NOT_SIGNED_IN");
    expect(stillValid.socket.connected).toBe(true);
  });
});
