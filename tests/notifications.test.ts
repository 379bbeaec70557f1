import { io as connect, type Socket } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { notify } from "#server/services/notifications";
import { inTransaction } from "#server/services/transaction";
import { addMember, callerAs, createUser, createWorkspaceOwnedBy, sessionCookie } from "./helpers/fixtures";
import { roleIdsByKey } from "./helpers/invitations";
import { type TestServer, serverForTests } from "./helpers/server";

let server: TestServer;
serverForTests((started) => (server = started));

async function send(userId: string, title: string) {
  return inTransaction(server.deps, (tx) => notify(tx, { userId, workspaceId: null, kind: "request.decided", title, link: "/w/x/requests" }));
}

describe("notifications", () => {
  it("counts unread, lists newest first, and marks one or all read — only the user's own", async () => {
    const me = await createUser(server.deps);
    const other = await createUser(server.deps);
    const first = await send(me.id, "First");
    await send(me.id, "Second");
    await send(me.id, "Third");
    const theirs = await send(other.id, "Not yours");
    const caller = await callerAs(server.deps, me);

    expect(await caller.notifications.unreadCount()).toBe(3);
    const list = await caller.notifications.list({ limit: 2 });
    expect(list.notifications.map((n) => n.title)).toEqual(["Third", "Second"]);
    expect(list.hasMore).toBe(true);

    expect(await caller.notifications.markRead({ ids: [first, theirs] })).toEqual({ marked: 1 });
    expect(await caller.notifications.unreadCount()).toBe(2);
    expect((await caller.notifications.list({ unreadOnly: true })).notifications.map((n) => n.title)).toEqual(["Third", "Second"]);
    expect(await (await callerAs(server.deps, other)).notifications.unreadCount()).toBe(1);

    expect(await caller.notifications.markRead({ all: true })).toEqual({ marked: 2 });
    expect(await caller.notifications.unreadCount()).toBe(0);
    expect((await caller.notifications.list()).notifications.every((n) => n.read)).toBe(true);
  });

  it("arrive live on the user's open pages, and reading them updates the other tabs", async () => {
    const me = await createUser(server.deps);
    const cookie = await sessionCookie(server.deps, me);
    const socket: Socket = connect(server.url, { path: "/socket.io", transports: ["websocket"], extraHeaders: { cookie, origin: server.origin } });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const created = new Promise<{ notificationId: string }>((resolve) => socket.once("notification.created", resolve));
    const id = await send(me.id, "Live one");
    expect((await created).notificationId).toBe(id);
    const read = new Promise<unknown>((resolve) => socket.once("notification.read", resolve));
    await (await callerAs(server.deps, me)).notifications.markRead({ ids: [id] });
    expect(await read).toMatchObject({ type: "notification.read" });
    socket.disconnect();
  });

  it("tell a member when their roles change and when they are removed, never about their own doing", async () => {
    const owner = await createUser(server.deps, { name: "Nora Owner" });
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Notice Co");
    const member = await createUser(server.deps);
    const membershipId = await addMember(server.deps, ws.id, member, ["member"]);
    const roles = await roleIdsByKey(server.deps, ws.id);
    const asOwner = await callerAs(server.deps, owner);
    const asMember = await callerAs(server.deps, member);

    await asOwner.members.setRoles({ workspaceSlug: ws.slug, membershipId, roleIds: [roles.viewer ?? "", roles.member ?? ""], primaryRoleId: roles.viewer ?? "" });
    const afterRoles = await asMember.notifications.list();
    expect(afterRoles.notifications[0]).toMatchObject({
      kind: "member.roles_changed",
      title: "Your roles in Notice Co changed",
      body: "You now hold: Viewer, Member.",
      workspaceName: "Notice Co",
      read: false,
    });

    await asOwner.members.remove({ workspaceSlug: ws.slug, membershipId });
    const afterRemoval = await asMember.notifications.list();
    expect(afterRemoval.notifications[0]).toMatchObject({ kind: "member.removed", title: "You were removed from Notice Co" });
    expect(afterRemoval.unread).toBe(2);
    // The owner changed nothing of their own, and heard nothing.
    expect(await asOwner.notifications.unreadCount()).toBe(0);
  });
});
