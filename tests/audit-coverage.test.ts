/**
 * Every kind of change writes its audit entry in the same transaction as
 * the change. Proof, for each kind: while the database refuses to store
 * that one audit action, the change must not happen at all; once it
 * accepts it, the change happens and exactly one entry names who did it.
 *
 * To cover a new kind of change, add a case: how to prepare, how to make
 * the change, and how to look at what it changes. The first test fails
 * while any action the server code records has no case.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "#server/services/audit";
import { invitationDeliveryListener } from "#server/services/invitations/delivery";
import { sweepExpiredInvitations } from "#server/services/invitations/expire";
import { sweepPermissionRequests } from "#server/services/requests/sweeper";
import { addMember, callerAs, createUser, createWorkspaceOwnedBy, sessionCookie, type TestUser, uniqueEmail } from "./helpers/fixtures";
import { newestMail, tokenIn } from "./helpers/mailbox";
import { describeError } from "#server/trpc/describeError";
import { endTrialOn, roleIdsByKey, tokenFromMailbox, lapseInvitation } from "./helpers/invitations";
import { callerWithCookie } from "./helpers/owner";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  // A switch for the proof: refuse to store one chosen action.
  await sql`
    create table audit_refusals (action text primary key);
    create function refuse_chosen_audit() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from audit_refusals where action = new.action) then
        raise exception 'test refuses to record %', new.action;
      end if;
      return new;
    end $$;
    create trigger refuse_chosen_audit before insert on audit_events for each row execute function refuse_chosen_audit();
  `.execute(server.deps.db);
});
afterAll(async () => {
  await server.stop();
});

interface Scene {
  owner: TestUser;
  ownerCookie: string;
  ws: { id: string; slug: string };
  member: TestUser;
  memberMembershipId: string;
}

interface AuditCase<P = unknown> {
  action: string;
  prepare?(scene: Scene): Promise<P>;
  change(scene: Scene, prepared: P): Promise<unknown>;
  /** What the change changes, in a form that compares equal when nothing changed. */
  observe(scene: Scene, prepared: P): Promise<unknown>;
  actor(scene: Scene): Actor;
}

function auditCase<P>(c: AuditCase<P>): AuditCase<unknown> {
  return c as AuditCase<unknown>;
}

const asOwner = (s: Scene) => callerWithCookie(server.deps, s.ownerCookie);
const ownerActor = (s: Scene): Actor => ({ userId: s.owner.id, impersonatorUserId: null });

const workspaceRow = (s: Scene) => server.deps.db.selectFrom("workspaces").selectAll().where("id", "=", s.ws.id).executeTakeFirst();
const impersonationsOf = (s: Scene) => server.deps.db.selectFrom("impersonations").select(["id", "ended_at"]).where("workspace_id", "=", s.ws.id).orderBy("started_at").execute();

const cases: AuditCase[] = [
  auditCase({
    action: "workspace.created",
    change: (s) => createWorkspaceOwnedBy(server.deps, s.owner, "Another One"),
    observe: (s) => server.deps.db.selectFrom("workspaces").select("id").where("created_by", "=", s.owner.id).execute(),
    actor: ownerActor,
  }),
  auditCase({
    action: "plan.changed",
    change: (s) => asOwner(s).billing.changePlan({ workspaceSlug: s.ws.slug, plan: "enterprise" }),
    observe: workspaceRow,
    actor: ownerActor,
  }),
  auditCase({
    action: "impersonation.started",
    change: (s) => asOwner(s).impersonation.start({ workspaceSlug: s.ws.slug, membershipId: s.memberMembershipId, password: s.owner.password }),
    observe: async (s) => ({
      impersonations: await impersonationsOf(s),
      session: await server.deps.db.selectFrom("sessions").select("impersonation_id").where("user_id", "=", s.owner.id).execute(),
    }),
    actor: ownerActor,
  }),
  auditCase({
    action: "impersonation.ended",
    prepare: (s) => asOwner(s).impersonation.start({ workspaceSlug: s.ws.slug, membershipId: s.memberMembershipId, password: s.owner.password }),
    change: (s) => asOwner(s).impersonation.stop(),
    observe: impersonationsOf,
    actor: ownerActor,
  }),
  auditCase({
    action: "workspace.deleted",
    change: async (s) => (await callerAs(server.deps, s.owner)).workspaceDeletion.delete({ workspaceSlug: s.ws.slug, confirmName: "Audited Co", password: s.owner.password }),
    observe: async (s) => ({
      workspace: await workspaceRow(s),
      members: await server.deps.db.selectFrom("memberships").select("id").where("workspace_id", "=", s.ws.id).execute(),
    }),
    actor: ownerActor,
  }),
];

// Access (#3): members, roles, departments, modules.
const membershipOf = (s: Scene) => server.deps.db.selectFrom("memberships").select(["status", "manager_id", "department_id"]).where("id", "=", s.memberMembershipId).executeTakeFirst();
const rolesOfMember = (s: Scene) => server.deps.db.selectFrom("membership_roles").select(["role_id", "is_primary"]).where("membership_id", "=", s.memberMembershipId).orderBy("role_id").execute();
const customRoles = (s: Scene) => server.deps.db.selectFrom("roles").select(["id", "name", "description"]).where("workspace_id", "=", s.ws.id).where("builtin_key", "is", null).execute();
const departmentsOf = (s: Scene) => server.deps.db.selectFrom("departments").select(["id", "name"]).where("workspace_id", "=", s.ws.id).execute();
const workspaceModules = (s: Scene) => server.deps.db.selectFrom("workspace_modules").selectAll().where("workspace_id", "=", s.ws.id).execute();
const addDepartment = async (s: Scene) => (await asOwner(s).departments.create({ workspaceSlug: s.ws.slug, name: "Field Sales" })).id;
const addRole = async (s: Scene) => (await asOwner(s).roles.create({ workspaceSlug: s.ws.slug, name: "Closers", grants: [{ permission: "crm.contacts.read", scope: "own" }] })).id;

cases.push(
  auditCase({
    action: "member.roles_changed",
    prepare: (s) => roleIdsByKey(server.deps, s.ws.id),
    change: (s, roles) => asOwner(s).members.setRoles({ workspaceSlug: s.ws.slug, membershipId: s.memberMembershipId, roleIds: [roles.viewer ?? ""], primaryRoleId: roles.viewer ?? "" }),
    observe: rolesOfMember,
    actor: ownerActor,
  }),
  auditCase({
    action: "member.manager_changed",
    prepare: async (s) => addMember(server.deps, s.ws.id, await createUser(server.deps, { name: "New Manager" }), ["manager"]),
    change: (s, managerId) => asOwner(s).members.setManager({ workspaceSlug: s.ws.slug, membershipId: s.memberMembershipId, managerId }),
    observe: membershipOf,
    actor: ownerActor,
  }),
  auditCase({
    action: "member.department_changed",
    prepare: addDepartment,
    change: (s, departmentId) => asOwner(s).members.setDepartment({ workspaceSlug: s.ws.slug, membershipId: s.memberMembershipId, departmentId }),
    observe: membershipOf,
    actor: ownerActor,
  }),
  auditCase({
    action: "member.modules_changed",
    change: (s) => asOwner(s).members.setModules({ workspaceSlug: s.ws.slug, membershipId: s.memberMembershipId, modules: { crm: false } }),
    observe: (s) => server.deps.db.selectFrom("member_modules").selectAll().where("membership_id", "=", s.memberMembershipId).execute(),
    actor: ownerActor,
  }),
  auditCase({
    action: "member.removed",
    change: (s) => asOwner(s).members.remove({ workspaceSlug: s.ws.slug, membershipId: s.memberMembershipId }),
    observe: membershipOf,
    actor: ownerActor,
  }),
  auditCase({ action: "role.created", change: addRole, observe: customRoles, actor: ownerActor }),
  auditCase({
    action: "role.updated",
    prepare: addRole,
    change: (s, roleId) => asOwner(s).roles.update({ workspaceSlug: s.ws.slug, roleId, name: "Closers (EMEA)", grants: [] }),
    observe: customRoles,
    actor: ownerActor,
  }),
  auditCase({
    action: "role.deleted",
    prepare: addRole,
    change: (s, roleId) => asOwner(s).roles.delete({ workspaceSlug: s.ws.slug, roleId }),
    observe: customRoles,
    actor: ownerActor,
  }),
  auditCase({ action: "department.created", change: addDepartment, observe: departmentsOf, actor: ownerActor }),
  auditCase({
    action: "department.renamed",
    prepare: addDepartment,
    change: (s, departmentId) => asOwner(s).departments.rename({ workspaceSlug: s.ws.slug, departmentId, name: "Inside Sales" }),
    observe: departmentsOf,
    actor: ownerActor,
  }),
  auditCase({
    action: "department.deleted",
    prepare: addDepartment,
    change: (s, departmentId) => asOwner(s).departments.delete({ workspaceSlug: s.ws.slug, departmentId }),
    observe: departmentsOf,
    actor: ownerActor,
  }),
  auditCase({
    action: "module.disabled",
    change: (s) => asOwner(s).modules.setEnabled({ workspaceSlug: s.ws.slug, module: "recruiting", enabled: false }),
    observe: workspaceModules,
    actor: ownerActor,
  }),
  auditCase({
    action: "module.enabled",
    prepare: (s) => asOwner(s).modules.setEnabled({ workspaceSlug: s.ws.slug, module: "recruiting", enabled: false }),
    change: (s) => asOwner(s).modules.setEnabled({ workspaceSlug: s.ws.slug, module: "recruiting", enabled: true }),
    observe: workspaceModules,
    actor: ownerActor,
  }),
);

// Invitations (#4). The email worker may mark delivery at any moment, so delivery columns are only looked at once it is drained.
const invitationsOf = (s: Scene) => server.deps.db.selectFrom("invitations").select(["id", "email", "status", "resend_count", "expires_at"]).where("workspace_id", "=", s.ws.id).orderBy("email").execute();
async function invite(s: Scene, email = uniqueEmail("invitee")) {
  const roles = await roleIdsByKey(server.deps, s.ws.id);
  await asOwner(s).invitations.invite({ workspaceSlug: s.ws.slug, emails: [email], roleIds: [roles.member ?? ""], primaryRoleId: roles.member ?? "" });
  const row = await server.deps.db.selectFrom("invitations").select("id").where("workspace_id", "=", s.ws.id).where("email", "=", email).executeTakeFirstOrThrow();
  return { id: row.id, email };
}
async function invitedNewcomer(s: Scene) {
  const invitation = await invite(s);
  const token = await tokenFromMailbox(server, invitation.email);
  const newcomer = await createUser(server.deps, { email: invitation.email, name: "Nia Newcomer" });
  return { ...invitation, token, newcomer };
}
let lastNewcomer: TestUser | null = null;

/** An accept refused by design still records its refusal: resolve on that refusal, fail on anything else. */
async function refusedWith(code: string, call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (describeError(error, false).appCode === code) return;
    throw error;
  }
  throw new Error(`Expected the call to be refused with ${code}`);
}

cases.push(
  auditCase({
    action: "invitation.created",
    change: (s) => invite(s, "created@example.com"),
    observe: invitationsOf,
    actor: ownerActor,
  }),
  auditCase({
    action: "invitation.resent",
    prepare: invite,
    change: (s, invitation) => asOwner(s).invitations.resend({ workspaceSlug: s.ws.slug, invitationId: invitation.id }),
    observe: invitationsOf,
    actor: ownerActor,
  }),
  auditCase({
    action: "invitation.cancelled",
    prepare: invite,
    change: (s, invitation) => asOwner(s).invitations.cancel({ workspaceSlug: s.ws.slug, invitationId: invitation.id }),
    observe: invitationsOf,
    actor: ownerActor,
  }),
  auditCase({
    action: "invitation.expired",
    prepare: async (s) => {
      const invitation = await invite(s);
      // The sweep passes over rows someone holds; let the email worker finish with this one first.
      await server.emailWorker?.drain();
      await lapseInvitation(server.deps, { id: invitation.id });
      return invitation;
    },
    change: () => sweepExpiredInvitations(server.deps),
    observe: invitationsOf,
    actor: () => ({ userId: null, impersonatorUserId: null }),
  }),
  auditCase({
    action: "invitation.undeliverable",
    prepare: async (s) => {
      const invitation = await invite(s);
      await server.emailWorker?.drain();
      const email = await server.deps.db.selectFrom("email_outbox").selectAll().where("reference_id", "=", invitation.id).executeTakeFirstOrThrow();
      return { invitation, email };
    },
    change: (_s, p) =>
      invitationDeliveryListener(server.deps)({
        email: { ...p.email, status: "undeliverable" },
        previous: "sending",
        result: { ok: false, permanent: true, reason: "Inactive recipient" },
      }),
    observe: (_s, p) => server.deps.db.selectFrom("invitations").select(["delivery_status", "delivery_error"]).where("id", "=", p.invitation.id).execute(),
    actor: () => ({ userId: null, impersonatorUserId: null }),
  }),
  auditCase({
    action: "invitation.voided",
    prepare: async (s) => {
      const invited = await invitedNewcomer(s);
      lastNewcomer = invited.newcomer;
      // Its sender is now someone who may not invite (as if the inviter had been demoted).
      await server.deps.db.updateTable("invitations").set({ sent_by: s.member.id }).where("id", "=", invited.id).execute();
      return invited;
    },
    change: async (_s, p) => refusedWith("INVITATION_VOIDED", (await callerAs(server.deps, p.newcomer)).invitations.accept({ token: p.token })),
    observe: invitationsOf,
    actor: () => ({ userId: lastNewcomer?.id ?? "?", impersonatorUserId: null }),
  }),
  auditCase({
    action: "invitation.waiting_for_seat",
    prepare: async (s) => {
      const invited = await invitedNewcomer(s);
      lastNewcomer = invited.newcomer;
      for (let i = 0; i < 3; i += 1) await invite(s);
      // Starter (5) after the trial: 2 members and 4 pending invitations are 6 seats.
      await endTrialOn(server.deps, s.ws.id, "starter");
      return invited;
    },
    change: async (_s, p) => refusedWith("INVITATION_NO_SEAT", (await callerAs(server.deps, p.newcomer)).invitations.accept({ token: p.token })),
    observe: (s) => server.deps.db.selectFrom("invitations").select(["id", "status", "waiting_for_seat_since"]).where("workspace_id", "=", s.ws.id).orderBy("email").execute(),
    actor: () => ({ userId: lastNewcomer?.id ?? "?", impersonatorUserId: null }),
  }),
  ...(["invitation.accepted", "member.joined"] as const).map((action) =>
    auditCase({
      action,
      prepare: async (s) => {
        const invited = await invitedNewcomer(s);
        lastNewcomer = invited.newcomer;
        return invited;
      },
      change: async (_s, p) => (await callerAs(server.deps, p.newcomer)).invitations.accept({ token: p.token }),
      observe: async (s, p) => ({
        invitations: await invitationsOf(s),
        membership: await server.deps.db.selectFrom("memberships").select("status").where("user_id", "=", p.newcomer.id).execute(),
      }),
      actor: () => ({ userId: lastNewcomer?.id ?? "?", impersonatorUserId: null }),
    }),
  ),
);

// Permission requests and grants (#6).
const asMember = (s: Scene) => callerAs(server.deps, s.member);
const memberActor = (s: Scene): Actor => ({ userId: s.member.id, impersonatorUserId: null });
const systemActor = (): Actor => ({ userId: null, impersonatorUserId: null });
const requestsOf = (s: Scene) => server.deps.db.selectFrom("permission_requests").select(["id", "status", "expires_at"]).where("workspace_id", "=", s.ws.id).orderBy("created_at").execute();
const grantsOf = (s: Scene) => server.deps.db.selectFrom("permission_grants").select(["id", "revoked_at", "end_announced_at"]).where("workspace_id", "=", s.ws.id).orderBy("created_at").execute();
const requestAndGrants = async (s: Scene) => ({ requests: await requestsOf(s), grants: await grantsOf(s) });
const askForExport = async (s: Scene) => (await asMember(s)).requests.create({ workspaceSlug: s.ws.slug, permission: "crm.contacts.export", scope: "own", reason: "Quarterly list", duration: "7d" });
async function grantedExport(s: Scene) {
  const request = await askForExport(s);
  await asOwner(s).requests.approve({ workspaceSlug: s.ws.slug, requestId: request.id });
  const grant = await server.deps.db.selectFrom("permission_grants").select("id").where("request_id", "=", request.id).executeTakeFirstOrThrow();
  return { requestId: request.id, grantId: grant.id };
}

cases.push(
  auditCase({ action: "request.created", change: askForExport, observe: requestsOf, actor: memberActor }),
  ...(["request.approved", "grant.created"] as const).map((action) =>
    auditCase({
      action,
      prepare: askForExport,
      change: (s, request) => asOwner(s).requests.approve({ workspaceSlug: s.ws.slug, requestId: request.id }),
      observe: requestAndGrants,
      actor: ownerActor,
    }),
  ),
  auditCase({
    action: "request.denied",
    prepare: askForExport,
    change: (s, request) => asOwner(s).requests.deny({ workspaceSlug: s.ws.slug, requestId: request.id, note: "Not this quarter" }),
    observe: requestsOf,
    actor: ownerActor,
  }),
  auditCase({
    action: "request.withdrawn",
    prepare: askForExport,
    change: async (s, request) => (await asMember(s)).requests.withdraw({ workspaceSlug: s.ws.slug, requestId: request.id }),
    observe: requestsOf,
    actor: memberActor,
  }),
  auditCase({
    action: "request.expired",
    prepare: async (s) => {
      const request = await askForExport(s);
      await server.deps.db
        .updateTable("permission_requests")
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where("id", "=", request.id)
        .execute();
      return request;
    },
    change: () => sweepPermissionRequests(server.deps),
    observe: async (s) => (await requestsOf(s)).map((r) => r.status),
    actor: systemActor,
  }),
  auditCase({
    action: "grant.revoked",
    prepare: grantedExport,
    change: (s, p) => asOwner(s).grants.revoke({ workspaceSlug: s.ws.slug, grantId: p.grantId }),
    observe: grantsOf,
    actor: ownerActor,
  }),
  auditCase({
    action: "grant.ended",
    prepare: async (s) => {
      const granted = await grantedExport(s);
      await server.deps.db
        .updateTable("permission_grants")
        .set({ starts_at: new Date(Date.now() - 7_200_000), ends_at: new Date(Date.now() - 3_600_000) })
        .where("id", "=", granted.grantId)
        .execute();
      return granted;
    },
    change: () => sweepPermissionRequests(server.deps),
    observe: grantsOf,
    actor: systemActor,
  }),
);

// Accounts (issue 11): leaving, transferring ownership, an unconfirmed account replaced by the address's owner.
let lastClaimantId: string | null = null;
cases.push(
  auditCase({
    action: "member.left",
    change: async (s) => (await asMember(s)).members.leave({ workspaceSlug: s.ws.slug }),
    observe: membershipOf,
    actor: memberActor,
  }),
  auditCase({
    action: "member.ownership_transferred",
    change: (s) => asOwner(s).members.transferOwnership({ workspaceSlug: s.ws.slug, membershipId: s.memberMembershipId, formerOwnerBecomes: "admin" }),
    observe: (s) => server.deps.db.selectFrom("membership_roles").select(["membership_id", "role_id", "is_primary"]).where("workspace_id", "=", s.ws.id).orderBy("membership_id").orderBy("role_id").execute(),
    actor: ownerActor,
  }),
  auditCase({
    action: "account.replaced",
    prepare: async (s) => {
      const invitation = await invite(s);
      const token = await tokenFromMailbox(server, invitation.email);
      const squatter = await createUser(server.deps, { email: invitation.email, name: "Sam Squatter", verified: false });
      return { ...invitation, token, squatter };
    },
    change: async (_s, p) => {
      const result = await (
        await callerAs(server.deps, null)
      ).invitations.acceptWithNewAccount({
        token: p.token,
        name: "Rita Rightful",
        password: "a long enough password",
        replaceUnconfirmed: true,
      });
      lastClaimantId = (await server.deps.db.selectFrom("users").select("id").where("email", "=", p.email).executeTakeFirstOrThrow()).id;
      return result;
    },
    observe: (_s, p) => server.deps.db.selectFrom("users").select(["id", "name", "email_verified_at"]).where("email", "=", p.email).execute(),
    actor: () => ({ userId: lastClaimantId ?? "?", impersonatorUserId: null }),
  }),
);

// Joining (issue 13): invite links, requests to join, verified domains.
const linksOf = (s: Scene) => server.deps.db.selectFrom("invite_links").select(["id", "uses", "turned_off_at"]).where("workspace_id", "=", s.ws.id).orderBy("created_at").execute();
const joinRequestsOf = (s: Scene) => server.deps.db.selectFrom("join_requests").select(["id", "status"]).where("workspace_id", "=", s.ws.id).orderBy("created_at").execute();
const domainsOf = (s: Scene) => server.deps.db.selectFrom("workspace_domains").select(["id", "mode", "role_id", "verified_at", "removed_at"]).where("workspace_id", "=", s.ws.id).orderBy("created_at").execute();
async function makeLink(s: Scene, requiresApproval = true) {
  const roles = await roleIdsByKey(server.deps, s.ws.id);
  const made = await asOwner(s).inviteLinks.create({ workspaceSlug: s.ws.slug, roleId: roles.member ?? "", expiresInDays: 7, maxUses: null, requiresApproval });
  return { id: made.id, token: made.url.split("/join/").pop() ?? "" };
}
let lastAsker: TestUser | null = null;
async function askToJoin(s: Scene) {
  const link = await makeLink(s);
  const asker = await createUser(server.deps, { name: "Asa Asker" });
  const answer = await (await callerAs(server.deps, asker)).inviteLinks.join({ token: link.token });
  if (answer.outcome !== "waiting") throw new Error("not waiting");
  return { ...link, requestId: answer.requestId };
}
let domainCounter = 0;
async function addDomain(s: Scene) {
  const roles = await roleIdsByKey(server.deps, s.ws.id);
  const domain = `audited${Date.now().toString(36)}${(domainCounter += 1)}.test`;
  const added = await asOwner(s).domains.add({ workspaceSlug: s.ws.slug, domain, localPart: "it", mode: "automatic", roleId: roles.member ?? "" });
  const token = tokenIn(await newestMail(server, `it@${domain}`, /^Verify /), "/verify-domain/");
  return { id: added.id, token, viewer: roles.viewer ?? "" };
}

cases.push(
  auditCase({ action: "invite_link.created", change: (s) => makeLink(s, false), observe: linksOf, actor: ownerActor }),
  auditCase({
    action: "invite_link.turned_off",
    prepare: (s) => makeLink(s, false),
    change: (s, link) => asOwner(s).inviteLinks.turnOff({ workspaceSlug: s.ws.slug, linkId: link.id }),
    observe: linksOf,
    actor: ownerActor,
  }),
  auditCase({
    action: "member.join_refused",
    prepare: async (s) => {
      const link = await makeLink(s, false);
      lastAsker = await createUser(server.deps, { name: "Sid Seatless" });
      // Starter (5) after the trial: 2 members and 3 pending invitations take every seat.
      for (let i = 0; i < 3; i += 1) await invite(s);
      await endTrialOn(server.deps, s.ws.id, "starter");
      return link;
    },
    change: async (_s, link) => refusedWith("JOIN_NO_SEAT", (await callerAs(server.deps, lastAsker ?? { id: "" })).inviteLinks.join({ token: link.token })),
    observe: (s) => server.deps.db.selectFrom("notifications").select(["user_id", "kind"]).where("workspace_id", "=", s.ws.id).where("kind", "=", "member.join_no_seat").orderBy("user_id").execute(),
    actor: () => ({ userId: lastAsker?.id ?? "?", impersonatorUserId: null }),
  }),
  auditCase({
    action: "join_request.created",
    prepare: async (s) => {
      lastAsker = await createUser(server.deps, { name: "Asa Asker" });
      return makeLink(s);
    },
    change: async (_s, link) => (await callerAs(server.deps, lastAsker ?? { id: "" })).inviteLinks.join({ token: link.token }),
    observe: joinRequestsOf,
    actor: () => ({ userId: lastAsker?.id ?? "?", impersonatorUserId: null }),
  }),
  auditCase({
    action: "join_request.approved",
    prepare: askToJoin,
    change: (s, asked) => asOwner(s).joinRequests.approve({ workspaceSlug: s.ws.slug, requestId: asked.requestId }),
    observe: async (s) => ({ requests: await joinRequestsOf(s), links: await linksOf(s) }),
    actor: ownerActor,
  }),
  auditCase({
    action: "join_request.denied",
    prepare: askToJoin,
    change: (s, asked) => asOwner(s).joinRequests.deny({ workspaceSlug: s.ws.slug, requestId: asked.requestId }),
    observe: joinRequestsOf,
    actor: ownerActor,
  }),
  auditCase({
    action: "domain.added",
    change: async (s) => {
      const roles = await roleIdsByKey(server.deps, s.ws.id);
      return asOwner(s).domains.add({ workspaceSlug: s.ws.slug, domain: "added.test", localPart: "it", mode: "request", roleId: roles.member ?? "" });
    },
    observe: domainsOf,
    actor: ownerActor,
  }),
  auditCase({
    action: "domain.verified",
    prepare: addDomain,
    change: async (_s, added) => (await callerAs(server.deps, null)).domains.confirm({ token: added.token }),
    observe: domainsOf,
    actor: systemActor,
  }),
  auditCase({
    action: "domain.updated",
    prepare: addDomain,
    change: (s, added) => asOwner(s).domains.update({ workspaceSlug: s.ws.slug, domainId: added.id, mode: "request", roleId: added.viewer }),
    observe: domainsOf,
    actor: ownerActor,
  }),
  auditCase({
    action: "domain.removed",
    prepare: addDomain,
    change: (s, added) => asOwner(s).domains.remove({ workspaceSlug: s.ws.slug, domainId: added.id }),
    observe: domainsOf,
    actor: ownerActor,
  }),
);

/** Actions whose proof is of another shape, and where it lives. */
const coveredElsewhere: Record<string, string> = {
  "impersonation.action": "a trail of every attempt while viewing as a member, written after the call by design; the change's own entry names both people (tests/impersonation.test.ts)",
  "impersonation.read": "the same trail for reads while viewing as a member (tests/rails/view-as.test.ts)",
  "impersonation.export": "the same trail for exports while viewing as a member, with the rows handed out (tests/rails/view-as.test.ts)",
};

/** Every `action: "area.verb"` literal in the server code. */
function actionsWrittenByTheServer(): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (file.endsWith(".ts")) {
        for (const match of readFileSync(file, "utf8").matchAll(/action: "([a-z_]+\.[a-z_]+)"/g)) if (match[1]) found.add(match[1]);
      }
    }
  };
  walk(path.resolve("server"));
  return [...found].sort();
}

async function scene(): Promise<Scene> {
  const owner = await createUser(server.deps, { name: "Audit Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Audited Co");
  const member = await createUser(server.deps, { name: "Audit Member" });
  const memberMembershipId = await addMember(server.deps, ws.id, member, ["member"]);
  return { owner, ownerCookie: await sessionCookie(server.deps, owner), ws, member, memberMembershipId };
}

async function entriesOf(action: string) {
  return server.deps.db.selectFrom("audit_events").select(["id", "actor_user_id", "impersonator_user_id"]).where("action", "=", action).execute();
}

describe("audit entries, in the same transaction as the change", () => {
  it("has a case for every kind of change the server records", () => {
    const covered = new Set([...cases.map((c) => c.action), ...Object.keys(coveredElsewhere)]);
    const written = actionsWrittenByTheServer();
    expect(written.length).toBeGreaterThan(4);
    expect(
      written.filter((a) => !covered.has(a)),
      "actions without a case in tests/audit-coverage.test.ts",
    ).toEqual([]);
  });

  it.each(cases.map((c) => [c.action, c] as const))("%s", async (action, auditCase) => {
    const s = await scene();
    const prepared = auditCase.prepare ? await auditCase.prepare(s) : undefined;
    const before = await auditCase.observe(s, prepared);
    const entriesBefore = await entriesOf(action);

    // The entry cannot be written: the change must not happen either.
    await sql`insert into audit_refusals (action) values (${action})`.execute(server.deps.db);
    try {
      await expect(auditCase.change(s, prepared)).rejects.toBeTruthy();
    } finally {
      await sql`delete from audit_refusals`.execute(server.deps.db);
    }
    expect(await auditCase.observe(s, prepared), "nothing changed without its audit entry").toEqual(before);
    expect(await entriesOf(action)).toEqual(entriesBefore);

    // The entry can be written: the change happens, with exactly one entry naming who did it.
    await auditCase.change(s, prepared);
    expect(await auditCase.observe(s, prepared), "the change happened").not.toEqual(before);
    const known = new Set(entriesBefore.map((e) => e.id));
    const added = (await entriesOf(action)).filter((e) => !known.has(e.id));
    expect(added).toHaveLength(1);
    expect({ userId: added[0]?.actor_user_id, impersonatorUserId: added[0]?.impersonator_user_id }).toEqual(auditCase.actor(s));
  });
});
