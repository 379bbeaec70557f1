/**
 * Inviting people each with their own roles (the invite dialog, a CSV
 * import, and the older one-set-of-roles batch). Two steps share one
 * meaning of "may this row be invited?":
 *
 * - `decideRows` answers every row on its own, from a few set-based queries:
 *   roles that exist, the one rule for giving (permissions/give.ts) per row,
 *   department and manager (only for someone who may manage members),
 *   already a member, already invited, seats, hourly allowance.
 * - `writeInvitations` writes the rows that passed: invitation, roles,
 *   outbox email, audit entry and live event, in the caller's transaction.
 *
 * The dialog writes the rows that passed and answers the others (each row is
 * whole or absent); a CSV import writes all or nothing (decision 31).
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import { can } from "#shared/permissions/access";
import { refusalToGive } from "#shared/permissions/give";
import { giveRefusalError } from "../../permissions/giveRefusals";
import { loadRolesToGrant, type RoleToGrant } from "../../permissions/rails";
import { normaliseAddress } from "../../schemas/invitations";
import { recordAudits } from "../audit";
import { realSender } from "../realSender";
import type { Db, Tx } from "../transaction";
import type { Plan } from "#db/schema";
import { planDefinitions, seatLimit, seatUsage } from "../workspaces/plans";
import { queueInvitationEmails } from "./email";
import { emitInvitationChanged } from "./events";
import { expireStaleInvitations } from "./expire";
import { invitationAllowance, rateLimitMessage } from "./limits";
import { invitationLifetimeDays, newInvitationToken } from "./tokens";
import type { WorkspaceCaller } from "../caller";

export type InviteOutcome =
  | "invited"
  | "already_invited"
  | "already_member"
  | "invalid"
  | "duplicate"
  | "seat_limit"
  | "rate_limited"
  /** A role the sender may not give, or a department or manager they may not set. */
  | "not_allowed"
  /** A role, department or manager that does not exist (any more) in this workspace. */
  | "not_found";

export interface InviteResult {
  /** What was typed, so the page can show the answer beside it. */
  input: string;
  /** Trimmed and lower-cased, or null when it is not an email address. */
  email: string | null;
  outcome: InviteOutcome;
  message: string;
  invitationId: string | null;
}

/** The product documents' words where they have them. */
export const inviteMessages = {
  invited: "Invited Successfully",
  already_invited: "User already Invited",
  already_member: "User already in organization.",
  invalid: "This is not a valid email address.",
  duplicate: "This address appears more than once in the list.",
  role_not_found: "One of those roles does not exist in this workspace.",
  department_not_found: "That department does not exist in this workspace.",
  manager_not_found: "That manager is not an active member of this workspace.",
  details_not_allowed: "Setting a department or manager needs the Manage members permission, which your roles don't give you.",
} as const;

export function seatLimitMessage(plan: Plan, limit: number): string {
  return `Your ${planDefinitions[plan].label} plan includes up to ${limit} users, and every seat is taken (members and pending invitations count). Upgrade the plan or cancel a pending invitation first.`;
}

/** One person to invite, with their own roles (primary first is not required: `primaryRoleId` says which). */
export interface PersonToInvite {
  input: string;
  roleIds: string[];
  primaryRoleId: string;
  departmentId: string | null;
  managerId: string | null;
}

export interface RowVerdict {
  result: InviteResult;
  /** Set when the row may be written. */
  roles: RoleToGrant[];
  person: PersonToInvite;
}

export interface LockedWorkspace {
  id: string;
  name: string;
  plan: Plan;
  trial_ends_at: Date;
}

export interface SeatsAfter {
  limit: number | null;
  used: number;
  /** Rows that would take a seat. */
  taking: number;
}

/**
 * Answers every row. Rows are decided in order, so seats and the hourly
 * allowance go to the first rows that qualify. Reads only: the caller holds
 * the workspace row when it is about to write.
 */
export async function decideRows(db: Db, inviter: WorkspaceCaller, workspace: LockedWorkspace, people: PersonToInvite[]): Promise<{ verdicts: RowVerdict[]; seats: SeatsAfter }> {
  const verdicts: RowVerdict[] = [];
  const seen = new Set<string>();
  for (const person of people) {
    const email = normaliseAddress(person.input);
    const result: InviteResult = { input: person.input, email, outcome: "invited", message: inviteMessages.invited, invitationId: null };
    if (!email) Object.assign(result, { outcome: "invalid", message: inviteMessages.invalid });
    else if (seen.has(email)) Object.assign(result, { outcome: "duplicate", message: inviteMessages.duplicate });
    else seen.add(email);
    verdicts.push({ result, roles: [], person });
  }
  const candidates = [...seen];
  const roleIds = [...new Set(people.flatMap((p) => p.roleIds))];
  const departmentIds = [...new Set(people.flatMap((p) => (p.departmentId ? [p.departmentId] : [])))];
  const managerIds = [...new Set(people.flatMap((p) => (p.managerId ? [p.managerId] : [])))];

  const [roles, departments, managers, members, pending, usage, allowance] = await Promise.all([
    loadRolesToGrant(db, workspace.id, roleIds),
    departmentIds.length === 0 ? Promise.resolve([]) : db.selectFrom("departments").select("id").where("workspace_id", "=", workspace.id).where("id", "in", departmentIds).execute(),
    managerIds.length === 0 ? Promise.resolve([]) : db.selectFrom("memberships").select("id").where("workspace_id", "=", workspace.id).where("status", "=", "active").where("id", "in", managerIds).execute(),
    candidates.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom("memberships as m")
          .innerJoin("users as u", "u.id", "m.user_id")
          .select("u.email")
          .where("m.workspace_id", "=", workspace.id)
          .where("m.status", "=", "active")
          .where("u.email", "in", candidates)
          .execute(),
    candidates.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom("invitations")
          .select("email")
          .where("workspace_id", "=", workspace.id)
          .where("status", "=", "pending")
          .where("expires_at", ">", sql<Date>`now()`)
          .where("email", "in", candidates)
          .execute(),
    seatUsage(db, workspace.id),
    invitationAllowance(db, workspace.id, inviter.user.id),
  ]);
  const roleById = new Map(roles.map((r) => [r.id, r]));
  const departmentSet = new Set(departments.map((d) => d.id));
  const managerSet = new Set(managers.map((m) => m.id));
  const memberEmails = new Set(members.map((m) => m.email));
  const pendingEmails = new Set(pending.map((p) => p.email));
  const limit = seatLimit(workspace.plan, workspace.trial_ends_at);
  let seatsLeft = limit === null ? Number.POSITIVE_INFINITY : limit - usage.used;
  let sendsLeft = allowance.remaining;
  const mayManage = can(inviter.access, "members.manage");
  // The rule's answer depends only on the set of roles: ask it once per set.
  const refusals = new Map<string, string | null>();
  let taking = 0;

  for (const verdict of verdicts) {
    const { result, person } = verdict;
    if (result.outcome !== "invited" || !result.email) continue;
    const rowRoles = person.roleIds.map((id) => roleById.get(id));
    const key = [...person.roleIds].sort().join(",");
    if (rowRoles.some((r) => r === undefined) || !person.roleIds.includes(person.primaryRoleId)) {
      Object.assign(result, { outcome: "not_found", message: inviteMessages.role_not_found });
      continue;
    }
    if (!refusals.has(key)) {
      const refusal = refusalToGive(inviter, { roles: rowRoles as RoleToGrant[] }, []);
      refusals.set(key, refusal ? giveRefusalError(refusal, "role").message : null);
    }
    const refusal = refusals.get(key) ?? null;
    if (refusal) Object.assign(result, { outcome: "not_allowed", message: refusal });
    else if ((person.departmentId || person.managerId) && !mayManage) Object.assign(result, { outcome: "not_allowed", message: inviteMessages.details_not_allowed });
    else if (person.departmentId && !departmentSet.has(person.departmentId)) Object.assign(result, { outcome: "not_found", message: inviteMessages.department_not_found });
    else if (person.managerId && !managerSet.has(person.managerId)) Object.assign(result, { outcome: "not_found", message: inviteMessages.manager_not_found });
    else if (memberEmails.has(result.email)) Object.assign(result, { outcome: "already_member", message: inviteMessages.already_member });
    else if (pendingEmails.has(result.email)) Object.assign(result, { outcome: "already_invited", message: inviteMessages.already_invited });
    else if (seatsLeft <= 0 && limit !== null) Object.assign(result, { outcome: "seat_limit", message: seatLimitMessage(workspace.plan, limit) });
    else if (sendsLeft <= 0) Object.assign(result, { outcome: "rate_limited", message: rateLimitMessage(allowance.binding) });
    else {
      seatsLeft -= 1;
      sendsLeft -= 1;
      taking += 1;
      verdict.roles = rowRoles as RoleToGrant[];
    }
  }
  return { verdicts, seats: { limit, used: usage.used, taking } };
}

/** Locks the workspace row (seats and who holds what hold still) and expires stale invitations to these addresses. */
export async function lockForInviting(tx: Tx, workspaceId: string, emails: string[]): Promise<LockedWorkspace> {
  const workspace = await tx.db.selectFrom("workspaces").select(["id", "name", "plan", "trial_ends_at"]).where("id", "=", workspaceId).forUpdate().executeTakeFirstOrThrow();
  const normalised = emails.flatMap((e) => {
    const n = normaliseAddress(e);
    return n ? [n] : [];
  });
  for (let i = 0; i < normalised.length; i += 500) await expireStaleInvitations(tx, { workspaceId, emails: normalised.slice(i, i + 500) });
  return workspace;
}

function roleNamesOf(roles: RoleToGrant[], primaryRoleId: string): string[] {
  const primary = roles.find((r) => r.id === primaryRoleId);
  return [primary?.name ?? "", ...roles.filter((r) => r.id !== primaryRoleId).map((r) => r.name)].filter(Boolean);
}

/** Writes the rows whose verdict is "invited"; a row that lost a race to the unique index becomes "already invited". */
export async function writeInvitations(deps: AppDeps, tx: Tx, inviter: WorkspaceCaller, workspace: LockedWorkspace, verdicts: RowVerdict[], message: string | null): Promise<number> {
  const toWrite = verdicts.filter((v) => v.result.outcome === "invited" && v.result.email);
  if (toWrite.length === 0) return 0;
  const expiresAt = new Date(Date.now() + invitationLifetimeDays * 86_400_000);
  const rows = toWrite.map((verdict) => ({ verdict, id: randomUUID(), email: verdict.result.email as string, ...newInvitationToken() }));

  const inserted = await tx.db
    .insertInto("invitations")
    .values(
      rows.map((r) => ({
        id: r.id,
        workspace_id: workspace.id,
        email: r.email,
        token_hash: r.hash,
        invited_by: inviter.user.id,
        sent_by: inviter.user.id,
        message,
        sent_at: sql<Date>`now()`,
        expires_at: expiresAt,
        department_id: r.verdict.person.departmentId,
        manager_id: r.verdict.person.managerId,
      })),
    )
    // The lock makes this rare; the index makes it impossible.
    .onConflict((oc) => oc.columns(["workspace_id", "email"]).where("status", "=", "pending").doNothing())
    .returning("id")
    .execute();
  const insertedIds = new Set(inserted.map((r) => r.id));
  const created = rows.filter((r) => {
    if (insertedIds.has(r.id)) {
      r.verdict.result.invitationId = r.id;
      return true;
    }
    Object.assign(r.verdict.result, { outcome: "already_invited", message: inviteMessages.already_invited });
    return false;
  });
  if (created.length === 0) return 0;

  await tx.db
    .insertInto("invitation_roles")
    .values(created.flatMap((r) => r.verdict.roles.map((role) => ({ workspace_id: workspace.id, invitation_id: r.id, role_id: role.id, is_primary: role.id === r.verdict.person.primaryRoleId }))))
    .execute();

  // One email per person; people with the same roles share one rendering pass.
  const sentBy = await realSender(tx.db, inviter.actor, inviter.user.id);
  const groups = new Map<string, { roleNames: string[]; jobs: Array<{ invitationId: string; email: string; token: string; expiresAt: Date }> }>();
  for (const r of created) {
    const roleNames = roleNamesOf(r.verdict.roles, r.verdict.person.primaryRoleId);
    const key = roleNames.join("\u0000");
    const group = groups.get(key) ?? { roleNames, jobs: [] };
    group.jobs.push({ invitationId: r.id, email: r.email, token: r.token, expiresAt });
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    await queueInvitationEmails(deps, tx, { workspaceId: workspace.id, workspaceName: workspace.name, inviter: inviter.user, roleNames: group.roleNames, message, sentBy }, group.jobs);
  }
  await recordAudits(
    tx,
    created.map((r) => ({
      workspaceId: workspace.id,
      actor: inviter.actor,
      action: "invitation.created" as const,
      targetType: "invitation",
      targetId: r.id,
      targetLabel: r.email,
      after: {
        email: r.email,
        roles: roleNamesOf(r.verdict.roles, r.verdict.person.primaryRoleId),
        primaryRoleId: r.verdict.person.primaryRoleId,
        expiresAt: expiresAt.toISOString(),
        message,
        ...(r.verdict.person.departmentId ? { departmentId: r.verdict.person.departmentId } : {}),
        ...(r.verdict.person.managerId ? { managerId: r.verdict.person.managerId } : {}),
      },
    })),
  );
  for (const r of created) emitInvitationChanged(tx, workspace.id, r.id, "created");
  return created.length;
}
