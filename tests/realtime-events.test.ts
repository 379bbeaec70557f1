/**
 * Each event kind, caused by the real procedure a person uses, reaches the
 * sockets allowed to see it (real socket.io-client against the real server)
 * and no one else: pending-invitation events only to those who may invite,
 * member events to those who may view members, nothing across workspaces,
 * nothing to someone removed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sweepExpiredInvitations } from "#server/services/invitations/expire";
import { addMember, callerAs, createUser, createWorkspaceOwnedBy, sessionCookie, type TestUser, uniqueEmail } from "./helpers/fixtures";
import { roleIdsByKey, tokenFromMailbox } from "./helpers/invitations";
import { startTestServer, type TestServer } from "./helpers/server";
import { closeAll, connectSocket, expectNoEvent, type LiveSocket, toldOfTheirRemoval } from "./helpers/sockets";

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

/** A workspace with an Admin (may invite), a Viewer (may only view members), and someone in another workspace, each with a live socket. */
async function liveWorkspace() {
  const owner = await createUser(server.deps, { name: "Olivia Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, `Events ${crypto.randomUUID().slice(0, 6)}`);
  const roles = await roleIdsByKey(server.deps, ws.id);
  const admin = await createUser(server.deps, { name: "Adam Admin" });
  await addMember(server.deps, ws.id, admin, ["admin"]);
  const viewer = await createUser(server.deps, { name: "Vera Viewer" });
  await addMember(server.deps, ws.id, viewer, ["viewer"]);
  const stranger = await createUser(server.deps, { name: "Stan Stranger" });
  await createWorkspaceOwnedBy(server.deps, stranger, `Elsewhere ${crypto.randomUUID().slice(0, 6)}`);
  const [adminSocket, viewerSocket, strangerSocket] = await Promise.all([socketOf(admin), socketOf(viewer), socketOf(stranger)]);
  const asAdmin = await callerAs(server.deps, admin);
  return { owner, ws, roles, admin, viewer, stranger, adminSocket, viewerSocket, strangerSocket, asAdmin };
}

describe("invitation events reach only those who may invite", () => {
  it("created, delivered, resent and cancelled", async () => {
    const { ws, roles, adminSocket, viewerSocket, strangerSocket, asAdmin } = await liveWorkspace();
    const email = uniqueEmail("invitee");
    const { results } = await asAdmin.invitations.invite({ workspaceSlug: ws.slug, emails: [email], roleIds: [roles.member!], primaryRoleId: roles.member! });
    const invitationId = results[0]!.invitationId!;
    await expect(adminSocket.waitFor("invitation.changed", (m) => m.invitationId === invitationId && m.change === "created")).resolves.toMatchObject({ workspaceId: ws.id });

    await server.emailWorker?.drain();
    await adminSocket.waitFor("invitation.changed", (m) => m.invitationId === invitationId && m.change === "delivered");

    await asAdmin.invitations.resend({ workspaceSlug: ws.slug, invitationId });
    await adminSocket.waitFor("invitation.changed", (m) => m.invitationId === invitationId && m.change === "resent");

    await asAdmin.invitations.cancel({ workspaceSlug: ws.slug, invitationId });
    await adminSocket.waitFor("invitation.changed", (m) => m.invitationId === invitationId && m.change === "cancelled");

    await expectNoEvent([viewerSocket, strangerSocket], { server });
  });

  it("expired, when the seven days pass while the page is open", async () => {
    const { ws, roles, adminSocket, viewerSocket, strangerSocket, asAdmin } = await liveWorkspace();
    const { results } = await asAdmin.invitations.invite({ workspaceSlug: ws.slug, emails: [uniqueEmail("late")], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    const invitationId = results[0]!.invitationId!;
    // The delivery listener briefly holds the row and the sweeper skips held rows (the next sweep is a minute later).
    await server.emailWorker?.drain();
    await server.deps.db
      .updateTable("invitations")
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where("id", "=", invitationId)
      .execute();
    await sweepExpiredInvitations(server.deps);
    await adminSocket.waitFor("invitation.changed", (m) => m.invitationId === invitationId && m.change === "expired");
    await expectNoEvent([viewerSocket, strangerSocket], { server, match: (e) => e.type === "invitation.changed" });
  });

  it("accepted: the admins hear the invitation accepted and the member joined, the inviter gets a notification, the newcomer's open socket joins the workspace", async () => {
    const { ws, roles, admin, adminSocket, viewerSocket, strangerSocket, asAdmin } = await liveWorkspace();
    const newcomer = await createUser(server.deps, { name: "Nia Newcomer" });
    const newcomerSocket = await socketOf(newcomer);
    const { results } = await asAdmin.invitations.invite({ workspaceSlug: ws.slug, emails: [newcomer.email], roleIds: [roles.member!], primaryRoleId: roles.member! });
    const invitationId = results[0]!.invitationId!;
    const token = await tokenFromMailbox(server, newcomer.email);

    const joined = await (await callerAs(server.deps, newcomer)).invitations.accept({ token });
    await adminSocket.waitFor("invitation.changed", (m) => m.invitationId === invitationId && m.change === "accepted");
    const memberJoined = await adminSocket.waitFor("member.changed", (m) => m.change === "joined" && m.workspaceId === ws.id);
    // Those who may view members hear of the new member, but not of the invitation.
    await viewerSocket.waitFor("member.changed", (m) => m.membershipId === memberJoined.membershipId && m.change === "joined");
    expect(viewerSocket.events.filter((e) => e.type === "invitation.changed")).toEqual([]);
    // The inviter, and only the inviter, is told.
    const notice = await adminSocket.waitFor("notification.created", (m) => m.workspaceId === ws.id);
    const stored = await server.deps.db.selectFrom("notifications").select(["user_id", "kind"]).where("id", "=", notice.notificationId).executeTakeFirstOrThrow();
    expect(stored.user_id).toBe(admin.id);
    expect(viewerSocket.events.filter((e) => e.type === "notification.created")).toEqual([]);
    expect(joined).toBeTruthy();

    // The newcomer's socket (open before joining) now hears the workspace's events.
    await asAdmin.members.setModules({ workspaceSlug: ws.slug, membershipId: memberJoined.membershipId, modules: { crm: false } });
    await newcomerSocket.waitFor("member.changed", (m) => m.membershipId === memberJoined.membershipId && m.change === "modules_changed");
    await expectNoEvent([strangerSocket], { server });
  });
});

describe("member events reach those who may view members, in that workspace only", () => {
  it("roles, manager, department and modules changed", async () => {
    const { ws, roles, owner, viewerSocket, adminSocket, strangerSocket, asAdmin } = await liveWorkspace();
    const person = await createUser(server.deps, { name: "Pat Person" });
    const membershipId = await addMember(server.deps, ws.id, person, ["member"]);
    const personSocket = await socketOf(person);
    const ownerMembership = await server.deps.db.selectFrom("memberships").select("id").where("workspace_id", "=", ws.id).where("user_id", "=", owner.id).executeTakeFirstOrThrow();
    const department = await asAdmin.departments.create({ workspaceSlug: ws.slug, name: `Sales ${crypto.randomUUID().slice(0, 4)}` });

    await asAdmin.members.setRoles({ workspaceSlug: ws.slug, membershipId, roleIds: [roles.manager!], primaryRoleId: roles.manager! });
    await asAdmin.members.setManager({ workspaceSlug: ws.slug, membershipId, managerId: ownerMembership.id });
    await asAdmin.members.setDepartment({ workspaceSlug: ws.slug, membershipId, departmentId: department.id });
    await asAdmin.members.setModules({ workspaceSlug: ws.slug, membershipId, modules: { recruiting: false } });

    for (const change of ["roles_changed", "manager_changed", "department_changed", "modules_changed"] as const) {
      await viewerSocket.waitFor("member.changed", (m) => m.membershipId === membershipId && m.change === change);
      await adminSocket.waitFor("member.changed", (m) => m.membershipId === membershipId && m.change === change);
    }
    // The person whose access changed is told to refetch what they see.
    await personSocket.waitFor("access.changed", (m) => m.workspaceId === ws.id);
    await expectNoEvent([strangerSocket], { server });
  });

  it("an Admin demoted to Viewer stops hearing invitation events at once, and hears them again when made Admin", async () => {
    const { ws, roles, asAdmin, adminSocket } = await liveWorkspace();
    const demoted = await createUser(server.deps, { name: "Dee Demoted" });
    const membershipId = await addMember(server.deps, ws.id, demoted, ["admin"]);
    const demotedSocket = await socketOf(demoted);

    await asAdmin.members.setRoles({ workspaceSlug: ws.slug, membershipId, roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    await demotedSocket.waitFor("access.changed", (m) => m.workspaceId === ws.id);
    const { results } = await asAdmin.invitations.invite({ workspaceSlug: ws.slug, emails: [uniqueEmail("while-viewer")], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    await adminSocket.waitFor("invitation.changed", (m) => m.invitationId === results[0]!.invitationId);
    await expectNoEvent([demotedSocket], { server, match: (e) => e.type === "invitation.changed" });

    await asAdmin.members.setRoles({ workspaceSlug: ws.slug, membershipId, roleIds: [roles.admin!], primaryRoleId: roles.admin! });
    const again = await asAdmin.invitations.invite({ workspaceSlug: ws.slug, emails: [uniqueEmail("admin-again")], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    await demotedSocket.waitFor("invitation.changed", (m) => m.invitationId === again.results[0]!.invitationId);
  });

  it("removed: the workspace hears it, the removed person is told once and then hears nothing more", async () => {
    const { ws, roles, viewerSocket, strangerSocket, asAdmin } = await liveWorkspace();
    const leaver = await createUser(server.deps, { name: "Lee Leaver" });
    const membershipId = await addMember(server.deps, ws.id, leaver, ["admin"]);
    const leaverSocket = await socketOf(leaver);

    await asAdmin.members.remove({ workspaceSlug: ws.slug, membershipId });
    await viewerSocket.waitFor("member.changed", (m) => m.membershipId === membershipId && m.change === "removed");
    await leaverSocket.waitFor("workspace.left", (m) => m.workspaceId === ws.id && m.reason === "removed");

    // Later changes in that workspace do not reach them.
    await asAdmin.invitations.invite({ workspaceSlug: ws.slug, emails: [uniqueEmail("after")], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    const someone = await createUser(server.deps);
    const other = await addMember(server.deps, ws.id, someone, ["member"]);
    await asAdmin.members.setModules({ workspaceSlug: ws.slug, membershipId: other, modules: { crm: false } });
    await viewerSocket.waitFor("member.changed", (m) => m.membershipId === other);
    await expectNoEvent([leaverSocket], { server, match: (e) => !toldOfTheirRemoval(e.message) });
    await expectNoEvent([strangerSocket], { server });
  });
});
