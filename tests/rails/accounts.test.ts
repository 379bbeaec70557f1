/**
 * Where the accounts work (issue 11) gives or uses access, it asks the
 * rails' rules (issue 12), over HTTP:
 * - claiming an address an unconfirmed account squats, at accept: the
 *   sender's right and a free seat are checked before the squatter's
 *   account is touched, so a refused claim leaves it exactly as it was;
 * - transferring ownership gives the Owner role by the one give rule, and
 *   ends at once the views-as it breaks;
 * - leaving ends views like a removal does, the leaver viewer or viewed;
 * - starting a view asks the view-as rule under the workspace's access lock.
 */
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { signUpUnconfirmed } from "../helpers/accounts";
import { appCodeOf, createUser, httpClient, sessionCookie, uniqueEmail } from "../helpers/fixtures";
import { endTrialOn } from "../helpers/invitations";
import { type TestServer, serverForTests } from "../helpers/server";
import { barrier, closeAll, type LiveSocket, connectKept } from "../helpers/sockets";
import { impersonationRow as impersonationRowOf, inviteAs, type Person, railsWorkspace, sessionImpersonation as sessionImpersonationOf, legacyRole } from "./people";

let server: TestServer;
const open: LiveSocket[] = [];
serverForTests((started) => (server = started));
afterEach(() => closeAll(open));

const anonymous = () => httpClient(server, null);

const socketOf = (cookie: string) => connectKept(open, server, { cookie });

const invite = (by: Person, slug: string, roleIds: string[], email?: string) => inviteAs(server, by, slug, roleIds, email);
const squatter = (email: string) => signUpUnconfirmed(server, email);

/** The squatter is exactly as before: the same unconfirmed account, signed in, its live connection open. */
async function expectSquatterUntouched(sam: Awaited<ReturnType<typeof squatter>>, socket: LiveSocket, email: string) {
  const row = await server.deps.db.selectFrom("users").select(["id", "name", "email_verified_at"]).where("email", "=", email).executeTakeFirstOrThrow();
  expect(row).toEqual({ id: sam.user.id, name: "Sam Squatter", email_verified_at: null });
  expect(await httpClient(server, sam.cookie).auth.me.query()).toMatchObject({ id: sam.user.id });
  await barrier(server, [socket]);
  expect(socket.socket.connected).toBe(true);
}

async function claim(token: string) {
  return anonymous().invitations.acceptWithNewAccount.mutate({ token, name: "Rita Rightful", password: "rita's own password", replaceUnconfirmed: true });
}

async function auditActions(workspaceId: string, actions: string[]) {
  const rows = await server.deps.db.selectFrom("audit_events").select("action").where("workspace_id", "=", workspaceId).where("action", "in", actions).execute();
  return rows.map((r) => r.action).sort();
}

describe("claiming a squatted address at accept asks the rails first", () => {
  it("refused because the sender lost the right: the squatter's account and sessions stay as they were", async () => {
    const t = await railsWorkspace(server, "Claim Void Co", { ada: { name: "Ada Admin", roles: ["admin"] } });
    const email = uniqueEmail("rita");
    const sam = await squatter(email);
    const samSocket = await socketOf(sam.cookie);
    const invitation = await invite(t.people.ada, t.ws.slug, [t.roleIds.admin], email);
    await t.owner.http.members.setRoles.mutate({ workspaceSlug: t.ws.slug, membershipId: t.people.ada.membershipId, roleIds: [t.roleIds.member], primaryRoleId: t.roleIds.member });

    expect(await appCodeOf(claim(invitation.token))).toBe("INVITATION_VOIDED");

    await expectSquatterUntouched(sam, samSocket, email);
    expect(await server.deps.db.selectFrom("users").select("id").where("name", "=", "Rita Rightful").execute()).toEqual([]);
    // The voiding is recorded (it holds whoever tries next); no replacement is.
    expect(await auditActions(t.ws.id, ["invitation.voided", "account.replaced"])).toEqual(["invitation.voided"]);
  });

  it("refused for want of a seat: the squatter stays as they were; once a seat is free, the claim goes through", async () => {
    const t = await railsWorkspace(server, "Claim Seat Co", {
      ada: { name: "Ada Admin", roles: ["admin"] },
      m1: { name: "Member One", roles: ["member"] },
      m2: { name: "Member Two", roles: ["member"] },
    });
    const email = uniqueEmail("rita");
    const sam = await squatter(email);
    const samSocket = await socketOf(sam.cookie);
    await endTrialOn(server.deps, t.ws.id, "enterprise");
    const invitation = await invite(t.people.ada, t.ws.slug, [t.roleIds.member], email);
    const other = await invite(t.people.ada, t.ws.slug, [t.roleIds.member]);
    // 4 members and 2 pending invitations: 6 seats of Starter's 5.
    await t.owner.http.billing.changePlan.mutate({ workspaceSlug: t.ws.slug, plan: "starter" });

    expect(await appCodeOf(claim(invitation.token))).toBe("INVITATION_NO_SEAT");
    await expectSquatterUntouched(sam, samSocket, email);
    expect(await auditActions(t.ws.id, ["invitation.waiting_for_seat", "account.replaced"])).toEqual(["invitation.waiting_for_seat"]);

    await t.people.ada.http.invitations.cancel.mutate({ workspaceSlug: t.ws.slug, invitationId: other.id });
    const joined = await claim(invitation.token);
    expect(joined).toMatchObject({ joined: true, replacedAccount: { id: sam.user.id, name: "Sam Squatter" } });
    expect(await httpClient(server, sam.cookie).auth.me.query()).toBeNull();
    await samSocket.waitForDisconnect();
    expect(await auditActions(t.ws.id, ["account.replaced"])).toEqual(["account.replaced"]);
  });

  it("a signed-in invitee refused a seat keeps their account as it was (still unconfirmed); joining later confirms it", async () => {
    const t = await railsWorkspace(server, "Signed-in Seat Co", {
      ada: { name: "Ada Admin", roles: ["admin"] },
      m1: { name: "Member One", roles: ["member"] },
      m2: { name: "Member Two", roles: ["member"] },
    });
    await endTrialOn(server.deps, t.ws.id, "enterprise");
    const invitee = await createUser(server.deps, { name: "Una Unconfirmed", verified: false });
    const invitation = await invite(t.people.ada, t.ws.slug, [t.roleIds.member], invitee.email);
    const other = await invite(t.people.ada, t.ws.slug, [t.roleIds.member]);
    await t.owner.http.billing.changePlan.mutate({ workspaceSlug: t.ws.slug, plan: "starter" });
    const asInvitee = httpClient(server, await sessionCookie(server.deps, invitee));
    const confirmed = async () => (await server.deps.db.selectFrom("users").select("email_verified_at").where("id", "=", invitee.id).executeTakeFirstOrThrow()).email_verified_at;

    expect(await appCodeOf(asInvitee.invitations.accept.mutate({ token: invitation.token }))).toBe("INVITATION_NO_SEAT");
    expect(await confirmed()).toBeNull();

    await t.people.ada.http.invitations.cancel.mutate({ workspaceSlug: t.ws.slug, invitationId: other.id });
    expect(await asInvitee.invitations.accept.mutate({ token: invitation.token })).toMatchObject({ joined: true });
    expect(await confirmed()).not.toBeNull();
  });
});

/** Olivia (Owner), Amara (a second Owner), Adam (Admin), Mia (Member). */
async function viewingCo(name: string) {
  return railsWorkspace(server, `${name} ${crypto.randomUUID().slice(0, 6)}`, {
    amara: { name: "Amara Second-Owner", roles: ["owner"] },
    adam: { name: "Adam Admin", roles: ["admin"] },
    mia: { name: "Mia Member", roles: ["member"] },
  });
}

const impersonationRow = (id: string) => impersonationRowOf(server, id);
const sessionImpersonation = (cookie: string) => sessionImpersonationOf(server, cookie);

describe("transferring ownership asks the give rule and ends the views it breaks", () => {
  it("only the Owner role carries workspace.transfer: a custom role with it (made before the rule) gives none of it", async () => {
    const t = await viewingCo("Transfer power");
    const { adam, mia } = t.people;
    const slug = t.ws.slug;
    expect(await appCodeOf(t.owner.http.roles.create.mutate({ workspaceSlug: slug, name: "Successor", grants: [{ permission: "workspace.transfer", scope: "all" }] }))).toBe("ROLE_OWNER_ONLY_PERMISSION");
    const legacy = await legacyRole(server, t.ws.id, "Heir (old)", ["workspace.transfer", "members.view"]);
    // An Admin can't hand the old role on: it carries owner power.
    expect(await appCodeOf(adam.http.members.setRoles.mutate({ workspaceSlug: slug, membershipId: mia.membershipId, roleIds: [t.roleIds.member, legacy.id], primaryRoleId: t.roleIds.member }))).toBe("OWNER_ONLY");
    // Held all the same, as a role from before the rule might be (written straight into the database).
    await server.deps.db.insertInto("membership_roles").values({ workspace_id: t.ws.id, membership_id: mia.membershipId, role_id: legacy.id, is_primary: false }).execute();

    expect((await mia.http.workspaces.current.query({ workspaceSlug: slug })).access.permissions["workspace.transfer"]).toBeUndefined();
    const transfer = (by: Person) => by.http.members.transferOwnership.mutate({ workspaceSlug: slug, membershipId: by === mia ? adam.membershipId : mia.membershipId, formerOwnerBecomes: "owner" });
    expect(await appCodeOf(transfer(mia))).toBe("FORBIDDEN");
    expect(await appCodeOf(transfer(adam))).toBe("FORBIDDEN");
    const owners = await server.deps.db.selectFrom("membership_roles").select("membership_id").where("workspace_id", "=", t.ws.id).where("role_id", "=", t.roleIds.owner).execute();
    expect(owners.map((o) => o.membership_id).sort()).toEqual([t.owner.membershipId, t.people.amara.membershipId].sort());
  });

  it("the member being viewed, made an Owner by a transfer, is no longer viewed: at once, and the viewer's page is told", async () => {
    const t = await viewingCo("Transfer viewed");
    const { amara, mia } = t.people;
    const started = await amara.http.impersonation.start.mutate({ workspaceSlug: t.ws.slug, password: amara.password, membershipId: mia.membershipId });
    const amaraSocket = await socketOf(amara.cookie);

    await t.owner.http.members.transferOwnership.mutate({ workspaceSlug: t.ws.slug, membershipId: mia.membershipId, formerOwnerBecomes: "owner" });

    // Ended by the transfer itself, before Amara sends anything else.
    expect(await impersonationRow(started.impersonationId)).toMatchObject({ end_reason: "became_owner" });
    expect(await sessionImpersonation(amara.cookie)).toBeNull();
    await amaraSocket.waitFor("view.ended", (m) => m.workspaceId === t.ws.id && m.reason === "became_owner");
  });

  it("an Owner who steps down to Admin in one tab while viewing in another stops viewing at once", async () => {
    const t = await viewingCo("Transfer viewer");
    const { amara, adam, mia } = t.people;
    const started = await amara.http.impersonation.start.mutate({ workspaceSlug: t.ws.slug, password: amara.password, membershipId: adam.membershipId });
    const viewingSocket = await socketOf(amara.cookie);
    const otherTab = httpClient(server, await sessionCookie(server.deps, amara));

    await otherTab.members.transferOwnership.mutate({ workspaceSlug: t.ws.slug, membershipId: mia.membershipId, formerOwnerBecomes: "admin" });

    expect(await impersonationRow(started.impersonationId)).toMatchObject({ end_reason: "viewer_not_owner" });
    expect(await sessionImpersonation(amara.cookie)).toBeNull();
    await viewingSocket.waitFor("view.ended", (m) => m.workspaceId === t.ws.id && m.reason === "viewer_not_owner");
    const current = await amara.http.workspaces.current.query({ workspaceSlug: t.ws.slug });
    expect(current.membershipId).toBe(amara.membershipId);
    expect(current.access.builtInRoles).toEqual(["admin"]);
  });
});

describe("leaving ends views like a removal does", () => {
  it("a member who leaves while being viewed: the view ends at once, and the viewer's page is told", async () => {
    const t = await viewingCo("Leave viewed");
    const { amara, mia } = t.people;
    const started = await amara.http.impersonation.start.mutate({ workspaceSlug: t.ws.slug, password: amara.password, membershipId: mia.membershipId });
    const amaraSocket = await socketOf(amara.cookie);

    await mia.http.members.leave.mutate({ workspaceSlug: t.ws.slug });

    expect(await impersonationRow(started.impersonationId)).toMatchObject({ end_reason: "member_left" });
    expect(await sessionImpersonation(amara.cookie)).toBeNull();
    await amaraSocket.waitFor("view.ended", (m) => m.workspaceId === t.ws.id && m.reason === "member_left");
  });

  it("an Owner who leaves from one tab while viewing in another keeps nothing of the member's access", async () => {
    const t = await viewingCo("Leave viewer");
    const { amara, adam } = t.people;
    const started = await amara.http.impersonation.start.mutate({ workspaceSlug: t.ws.slug, password: amara.password, membershipId: adam.membershipId });
    const viewingSocket = await socketOf(amara.cookie);
    const otherTab = httpClient(server, await sessionCookie(server.deps, amara));

    await otherTab.members.leave.mutate({ workspaceSlug: t.ws.slug });

    expect(await impersonationRow(started.impersonationId)).toMatchObject({ end_reason: "viewer_removed" });
    expect(await sessionImpersonation(amara.cookie)).toBeNull();
    await viewingSocket.waitFor("view.ended", (m) => m.workspaceId === t.ws.id && m.reason === "viewer_removed");
    expect(await appCodeOf(amara.http.members.list.query({ workspaceSlug: t.ws.slug }))).toBe("NOT_FOUND");
  });
});

describe("starting a view asks the view-as rule under the access lock", () => {
  it("a demotion that commits while the view is starting: the start is refused and no view is kept", async () => {
    const t = await viewingCo("Start race");
    const { amara, adam } = t.people;
    const db = server.deps.db;
    const { starting } = await db.transaction().execute(async (trx) => {
      // A role change holding the workspace's access lock, as members.setRoles does.
      await trx.selectFrom("workspaces").select("id").where("id", "=", t.ws.id).forUpdate().execute();
      await trx.deleteFrom("membership_roles").where("membership_id", "=", amara.membershipId).execute();
      await trx.insertInto("membership_roles").values({ workspace_id: t.ws.id, membership_id: amara.membershipId, role_id: t.roleIds.member, is_primary: true }).execute();
      // Amara, still an Owner when her request is read, starts a view meanwhile…
      const call = appCodeOf(amara.http.impersonation.start.mutate({ workspaceSlug: t.ws.slug, password: amara.password, membershipId: adam.membershipId }));
      let answered = false;
      call.then(
        () => (answered = true),
        () => (answered = true),
      );
      // …and it waits on a lock this transaction holds (or answers) before the demotion commits.
      while (!answered) {
        const waiting = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
        if ((waiting.rows[0]?.n ?? 0) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return { starting: call };
    });

    expect(await starting).toBe("OWNER_ONLY");
    expect(await sessionImpersonation(amara.cookie)).toBeNull();
    const views = await db.selectFrom("impersonations").select("id").where("workspace_id", "=", t.ws.id).execute();
    expect(views).toEqual([]);
  });
});
