/**
 * Paths 3, 4 and 5 of issue 12, over HTTP: an invitation is only as good
 * as its sender's right to give its roles, checked again when it is
 * accepted; cancelling follows the same rule as sending; and accepting
 * takes a seat, so it is refused while the workspace is over its plan.
 */
import { afterEach, describe, expect, it } from "vitest";
import { appCodeOf, createUser, httpClient, sessionCookie } from "../helpers/fixtures";
import { endTrialOn, tokenFromMailbox } from "../helpers/invitations";
import { type TestServer, serverForTests } from "../helpers/server";
import { closeAll, connectSocket, type LiveSocket } from "../helpers/sockets";
import { fetchAs, inviteAs, type Person, railsWorkspace } from "./people";

let server: TestServer;
const open: LiveSocket[] = [];
serverForTests((started) => (server = started), { pages: true });
afterEach(() => closeAll(open));

const anonymous = () => httpClient(server, null);

const invite = (by: Person, slug: string, roleIds: string[], email?: string) => inviteAs(server, by, slug, roleIds, email);

async function invitationStatus(id: string) {
  return (await server.deps.db.selectFrom("invitations").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
}

async function notificationsOf(userId: string, kind: string) {
  return server.deps.db.selectFrom("notifications").select(["title", "body", "link"]).where("user_id", "=", userId).where("kind", "=", kind).execute();
}

describe("path 3: an invitation outlives its sender's right only until someone accepts it", () => {
  it("an Admin demoted to Member after inviting an accomplice as Admin: the accomplice does not join, is told why and whom to ask, and Admins are told", async () => {
    const t = await railsWorkspace(server, "Stale Co", {
      ada: { name: "Ada Admin", roles: ["admin"] },
      alex: { name: "Alex Admin", roles: ["admin"] },
    });
    const { ada, alex } = t.people;
    const invitation = await invite(ada, t.ws.slug, [t.roleIds.admin]);
    await t.owner.http.members.setRoles.mutate({ workspaceSlug: t.ws.slug, membershipId: ada.membershipId, roleIds: [t.roleIds.member], primaryRoleId: t.roleIds.member });
    const ownerSocket = await connectSocket(server, { cookie: t.owner.cookie });
    open.push(ownerSocket);

    // The invitee opens the link and creates an account, as in the browser.
    const page = await fetchAs(server, null, `/invite/${invitation.token}`, { intent: "create-account", name: "Accomplice", password: "a long new password" });
    expect(page.status).toBe(409);
    const html = await page.text();
    expect(html).toContain("This invitation can no longer be used");
    expect(html).toContain("Ada Admin, who invited you, can no longer give the Admin role");
    expect(html).toContain("Olivia Owner");
    expect(html).toContain(t.owner.email);

    // Nothing was joined or created, and the invitation is void for good.
    expect(await server.deps.db.selectFrom("users").select("id").where("email", "=", invitation.email).execute()).toEqual([]);
    expect(await invitationStatus(invitation.id)).toBe("voided");
    expect(await appCodeOf(anonymous().invitations.acceptWithNewAccount.mutate({ token: invitation.token, name: "Again", password: "a long new password" }))).toBe("INVITATION_VOIDED");
    expect(await anonymous().invitations.preview.query({ token: invitation.token })).toMatchObject({ state: "voided", workspaceName: "Stale Co" });

    // Admins and Owners hear about it once, live.
    for (const person of [t.owner, alex]) {
      const notices = await notificationsOf(person.id, "invitation.voided");
      expect(notices).toHaveLength(1);
      expect(notices[0]?.title).toContain(invitation.email);
      expect(notices[0]?.body).toBe(
        `${invitation.email} tried to join, but Ada Admin, who sent it, can no longer give the Admin role in Stale Co, so the invitation was withdrawn. Invite them again if they should have access.`,
      );
    }
    await ownerSocket.waitFor("invitation.changed", (m) => m.invitationId === invitation.id && m.change === "voided");
    await ownerSocket.waitFor("notification.created", (m) => m.workspaceId === t.ws.id);
  });

  it("an invitation whose sender was removed is voided when a signed-in invitee accepts it", async () => {
    const t = await railsWorkspace(server, "Removed Co", { ada: { name: "Ada Admin", roles: ["admin"] } });
    const invitation = await invite(t.people.ada, t.ws.slug, [t.roleIds.member]);
    await t.owner.http.members.remove.mutate({ workspaceSlug: t.ws.slug, membershipId: t.people.ada.membershipId });
    const invitee = await createUser(server.deps, { email: invitation.email, name: "Ivy Invitee" });
    const asInvitee = httpClient(server, await sessionCookie(server.deps, invitee));
    expect(await appCodeOf(asInvitee.invitations.accept.mutate({ token: invitation.token }))).toBe("INVITATION_VOIDED");
    expect(await server.deps.db.selectFrom("memberships").select("id").where("workspace_id", "=", t.ws.id).where("user_id", "=", invitee.id).execute()).toEqual([]);
  });

  it("an invitation resent by someone who may give its roles rests on the resender's right", async () => {
    const t = await railsWorkspace(server, "Resent Co", {
      ada: { name: "Ada Admin", roles: ["admin"] },
      alex: { name: "Alex Admin", roles: ["admin"] },
    });
    const invitation = await invite(t.people.ada, t.ws.slug, [t.roleIds.manager]);
    await t.owner.http.members.remove.mutate({ workspaceSlug: t.ws.slug, membershipId: t.people.ada.membershipId });
    await t.people.alex.http.invitations.resend.mutate({ workspaceSlug: t.ws.slug, invitationId: invitation.id });
    const token = await tokenFromMailbox(server, invitation.email);
    const joined = await anonymous().invitations.acceptWithNewAccount.mutate({ token, name: "Nora Newcomer", password: "a long new password" });
    expect(joined.joined).toBe(true);
  });
});

describe("path 4: cancelling follows the rule that sending and resending follow", () => {
  it("someone who may not give the Owner role can't cancel an Owner invitation, nor an Admin one without Admin's access", async () => {
    const t = await railsWorkspace(server, "Cancel Co", {
      ada: { name: "Ada Admin", roles: ["admin"] },
      rex: { name: "Rex Recruiter", roles: ["viewer"] },
    });
    const { ada, rex } = t.people;
    const recruiter = await t.owner.http.roles.create.mutate({
      workspaceSlug: t.ws.slug,
      name: "Recruiter",
      grants: [
        { permission: "members.view", scope: "all" },
        { permission: "members.invite", scope: "all" },
      ],
    });
    await t.owner.http.members.setRoles.mutate({ workspaceSlug: t.ws.slug, membershipId: rex.membershipId, roleIds: [t.roleIds.viewer, recruiter.id], primaryRoleId: t.roleIds.viewer });

    const ownerInvitation = await invite(t.owner, t.ws.slug, [t.roleIds.owner]);
    expect(await appCodeOf(ada.http.invitations.cancel.mutate({ workspaceSlug: t.ws.slug, invitationId: ownerInvitation.id }))).toBe("OWNER_ONLY");
    expect(await invitationStatus(ownerInvitation.id)).toBe("pending");

    const adminInvitation = await invite(ada, t.ws.slug, [t.roleIds.admin]);
    expect(await appCodeOf(rex.http.invitations.cancel.mutate({ workspaceSlug: t.ws.slug, invitationId: adminInvitation.id }))).toBe("ROLE_NOT_GRANTABLE");
    expect(await invitationStatus(adminInvitation.id)).toBe("pending");

    // Those who may give the roles may cancel.
    await ada.http.invitations.cancel.mutate({ workspaceSlug: t.ws.slug, invitationId: adminInvitation.id });
    await t.owner.http.invitations.cancel.mutate({ workspaceSlug: t.ws.slug, invitationId: ownerInvitation.id });
    expect(await invitationStatus(ownerInvitation.id)).toBe("cancelled");
  });
});

describe("path 5: accepting takes a seat", () => {
  it("after a downgrade, older pending invitations can't take the workspace past its plan; the invitee is told, Admins too, and it works once a seat is free", async () => {
    const t = await railsWorkspace(server, "Seats Co", {
      ada: { name: "Ada Admin", roles: ["admin"] },
      m1: { name: "Member One", roles: ["member"] },
      m2: { name: "Member Two", roles: ["member"] },
    });
    const { ada } = t.people;
    await endTrialOn(server.deps, t.ws.id, "enterprise");
    const invitations = [];
    for (let i = 0; i < 4; i += 1) invitations.push(await invite(ada, t.ws.slug, [t.roleIds.member]));
    await t.owner.http.billing.changePlan.mutate({ workspaceSlug: t.ws.slug, plan: "starter" });
    const ownerSocket = await connectSocket(server, { cookie: t.owner.cookie });
    open.push(ownerSocket);
    const [first, ...others] = invitations as [(typeof invitations)[number], ...typeof invitations];

    // 4 members + 4 pending = 8 seats of 5: nobody new joins.
    for (const invitation of invitations) {
      expect(await appCodeOf(anonymous().invitations.acceptWithNewAccount.mutate({ token: invitation.token, name: "Hopeful", password: "a long new password" }))).toBe("INVITATION_NO_SEAT");
      expect(await invitationStatus(invitation.id)).toBe("pending");
    }
    const page = await fetchAs(server, null, `/invite/${first.token}`, { intent: "create-account", name: "Hopeful", password: "a long new password" });
    expect(page.status).toBe(403);
    const html = await page.text();
    expect(html).toContain("No seat is free in Seats Co");
    expect(html).toContain("The Starter plan of Seats Co includes up to 5 users");
    expect(html).toContain("Your invitation is still valid");
    expect(html).toContain("Olivia Owner");
    const members = await server.deps.db.selectFrom("memberships").select("id").where("workspace_id", "=", t.ws.id).where("status", "=", "active").execute();
    expect(members).toHaveLength(4);

    // Admins are told once per invitation however often the invitee tries, and the pending list says it waits for a seat.
    for (const person of [t.owner, ada]) expect(await notificationsOf(person.id, "invitation.no_seat")).toHaveLength(4);
    await ownerSocket.waitFor("invitation.changed", (m) => m.invitationId === first.id && m.change === "waiting_for_seat");
    const listed = await ada.http.invitations.list.query({ workspaceSlug: t.ws.slug });
    expect(listed.find((i) => i.id === first.id)?.waitingForSeatSince).not.toBeNull();

    // Cancelling three leaves 4 members + 1 pending = 5: the last one fits.
    for (const invitation of others) await ada.http.invitations.cancel.mutate({ workspaceSlug: t.ws.slug, invitationId: invitation.id });
    const joined = await anonymous().invitations.acceptWithNewAccount.mutate({ token: first.token, name: "Finally In", password: "a long new password" });
    expect(joined.joined).toBe(true);
    expect(await server.deps.db.selectFrom("memberships").select("id").where("workspace_id", "=", t.ws.id).where("status", "=", "active").execute()).toHaveLength(5);
  });
});
