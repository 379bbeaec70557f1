/**
 * Inviting a batch of people. Every address gets its own answer; the
 * whole batch is one transaction that holds the workspace row, so two
 * admins inviting at once can never push the workspace over its seats,
 * and the partial unique index guarantees one pending invitation per email.
 * Emails are queued in the outbox, never sent inline.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import type { Access } from "#shared/permissions/access";
import { assertMayGiveRoles } from "../../permissions/rails";
import { type InviteInput, maxInvitationsPerBatch, normaliseAddress, splitAddresses } from "../../schemas/invitations";
import { type Actor, recordAudits } from "../audit";
import { realSender } from "../realSender";
import { inTransaction } from "../transaction";
import { planDefinitions, seatLimit, seatUsage } from "../workspaces/plans";
import { queueInvitationEmails } from "./email";
import { emitInvitationChanged } from "./events";
import { expireStaleInvitations } from "./expire";
import { invitationAllowance, rateLimitMessage } from "./limits";
import { invitationLifetimeDays, newInvitationToken } from "./tokens";

export type InviteOutcome = "invited" | "already_invited" | "already_member" | "invalid" | "duplicate" | "seat_limit" | "rate_limited";

export interface InviteResult {
  /** What was typed, so the page can show the answer beside it. */
  input: string;
  /** Trimmed and lower-cased, or null when it is not an email address. */
  email: string | null;
  outcome: InviteOutcome;
  message: string;
  invitationId: string | null;
}

export const inviteMessages = {
  invited: "Invited Successfully",
  already_invited: "User already Invited",
  already_member: "User already in organization.",
  invalid: "This is not a valid email address.",
  duplicate: "This address appears more than once in the list.",
} as const;

export interface Inviter {
  workspace: { id: string; name: string };
  access: Access;
  membershipId: string;
  actor: Actor;
  user: { id: string; name: string; email: string };
}

function seatLimitMessage(plan: keyof typeof planDefinitions, limit: number): string {
  return `Your ${planDefinitions[plan].label} plan includes up to ${limit} users, and every seat is taken (members and pending invitations count). Upgrade the plan or cancel a pending invitation first.`;
}

export async function inviteMembers(deps: AppDeps, inviter: Inviter, input: InviteInput): Promise<{ results: InviteResult[]; invited: number }> {
  const typed = splitAddresses(input.emails);
  if (typed.length === 0) throw new AppError("INVITATION_NO_ADDRESSES");
  if (typed.length > maxInvitationsPerBatch) {
    throw new AppError(
      "INVITATION_BATCH_TOO_LARGE",
      `You can invite at most ${maxInvitationsPerBatch} people at once; this list has ${typed.length}. Split it into smaller batches.`,
    );
  }
  // The one rule for giving: the invitation may offer only what the inviter could give (checked again at accept).
  const roles = await assertMayGiveRoles(deps.db, inviter.workspace.id, { access: inviter.access, membershipId: inviter.membershipId }, input.roleIds);
  const primary = roles.find((r) => r.id === input.primaryRoleId);
  const roleNames = [primary?.name ?? "", ...roles.filter((r) => r.id !== input.primaryRoleId).map((r) => r.name)].filter(Boolean);

  const results: InviteResult[] = [];
  const seen = new Set<string>();
  for (const raw of typed) {
    const email = normaliseAddress(raw);
    if (!email) results.push({ input: raw, email: null, outcome: "invalid", message: inviteMessages.invalid, invitationId: null });
    else if (seen.has(email)) results.push({ input: raw, email, outcome: "duplicate", message: inviteMessages.duplicate, invitationId: null });
    else {
      seen.add(email);
      // Decided inside the transaction below.
      results.push({ input: raw, email, outcome: "invited", message: inviteMessages.invited, invitationId: null });
    }
  }
  const candidates = [...seen];
  if (candidates.length === 0) return { results, invited: 0 };

  return inTransaction(deps, async (tx) => {
    const workspace = await tx.db
      .selectFrom("workspaces")
      .select(["id", "name", "plan", "trial_ends_at"])
      .where("id", "=", inviter.workspace.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await expireStaleInvitations(tx, { workspaceId: workspace.id, emails: candidates });

    const [members, pending, usage, allowance] = await Promise.all([
      tx.db
        .selectFrom("memberships as m")
        .innerJoin("users as u", "u.id", "m.user_id")
        .select("u.email")
        .where("m.workspace_id", "=", workspace.id)
        .where("m.status", "=", "active")
        .where("u.email", "in", candidates)
        .execute(),
      tx.db
        .selectFrom("invitations")
        .select("email")
        .where("workspace_id", "=", workspace.id)
        .where("status", "=", "pending")
        .where("email", "in", candidates)
        .execute(),
      seatUsage(tx.db, workspace.id),
      invitationAllowance(tx.db, workspace.id, inviter.user.id),
    ]);
    const memberEmails = new Set(members.map((m) => m.email));
    const pendingEmails = new Set(pending.map((p) => p.email));
    const limit = seatLimit(workspace.plan, workspace.trial_ends_at);
    let seatsLeft = limit === null ? Number.POSITIVE_INFINITY : limit - usage.used;
    let sendsLeft = allowance.remaining;

    const toInvite: Array<{ id: string; email: string; token: string; hash: Buffer }> = [];
    for (const result of results) {
      if (result.outcome !== "invited" || !result.email) continue;
      if (memberEmails.has(result.email)) Object.assign(result, { outcome: "already_member", message: inviteMessages.already_member });
      else if (pendingEmails.has(result.email)) Object.assign(result, { outcome: "already_invited", message: inviteMessages.already_invited });
      else if (seatsLeft <= 0 && limit !== null) Object.assign(result, { outcome: "seat_limit", message: seatLimitMessage(workspace.plan, limit) });
      else if (sendsLeft <= 0) Object.assign(result, { outcome: "rate_limited", message: rateLimitMessage(allowance.binding) });
      else {
        seatsLeft -= 1;
        sendsLeft -= 1;
        const { token, hash } = newInvitationToken();
        toInvite.push({ id: randomUUID(), email: result.email, token, hash });
      }
    }
    if (toInvite.length === 0) return { results, invited: 0 };

    const expiresAt = new Date(Date.now() + invitationLifetimeDays * 86_400_000);
    const inserted = await tx.db
      .insertInto("invitations")
      .values(
        toInvite.map((i) => ({
          id: i.id,
          workspace_id: workspace.id,
          email: i.email,
          token_hash: i.hash,
          invited_by: inviter.user.id,
          sent_by: inviter.user.id,
          message: input.message,
          sent_at: sql<Date>`now()`,
          expires_at: expiresAt,
        })),
      )
      // The lock above makes this rare; the index makes it impossible.
      .onConflict((oc) => oc.columns(["workspace_id", "email"]).where("status", "=", "pending").doNothing())
      .returning(["id", "email"])
      .execute();
    const insertedIds = new Set(inserted.map((r) => r.id));
    const created = toInvite.filter((i) => insertedIds.has(i.id));
    const createdByEmail = new Map(created.map((i) => [i.email, i.id]));
    for (const result of results) {
      if (result.outcome !== "invited" || !result.email) continue;
      const id = createdByEmail.get(result.email);
      if (id) result.invitationId = id;
      else Object.assign(result, { outcome: "already_invited", message: inviteMessages.already_invited });
    }
    if (created.length === 0) return { results, invited: 0 };

    await tx.db
      .insertInto("invitation_roles")
      .values(
        created.flatMap((i) =>
          roles.map((r) => ({ workspace_id: workspace.id, invitation_id: i.id, role_id: r.id, is_primary: r.id === input.primaryRoleId })),
        ),
      )
      .execute();
    await queueInvitationEmails(
      deps,
      tx,
      {
        workspaceId: workspace.id,
        workspaceName: workspace.name,
        inviter: inviter.user,
        roleNames,
        message: input.message,
        sentBy: await realSender(tx.db, inviter.actor, inviter.user.id),
      },
      created.map((i) => ({ invitationId: i.id, email: i.email, token: i.token, expiresAt })),
    );
    await recordAudits(
      tx,
      created.map((invitation) => ({
        workspaceId: workspace.id,
        actor: inviter.actor,
        action: "invitation.created" as const,
        targetType: "invitation",
        targetId: invitation.id,
        targetLabel: invitation.email,
        after: { email: invitation.email, roles: roleNames, primaryRoleId: input.primaryRoleId, expiresAt: expiresAt.toISOString(), message: input.message },
      })),
    );
    for (const invitation of created) emitInvitationChanged(tx, workspace.id, invitation.id, "created");
    return { results, invited: created.length };
  });
}
