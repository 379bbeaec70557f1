/**
 * The impersonation a session is in, resolved once per request. An expired
 * one (its hour is up) or one whose member has left ends here, on the first
 * request that notices, and is recorded in the audit log once.
 */
import { sql } from "kysely";
import type { ImpersonationEndReason } from "../../../db/schema";
import type { AppDeps } from "../../deps";
import { systemActor, type Actor, recordAudit } from "../audit";
import { inTransaction } from "../transaction";

/** One hour, as the product promises; never extended. */
export const impersonationMinutes = 60;

export interface ActiveImpersonation {
  id: string;
  workspaceId: string;
  workspaceSlug: string;
  workspaceName: string;
  ownerUserId: string;
  membershipId: string;
  member: { id: string; email: string; name: string };
  startedAt: Date;
  expiresAt: Date;
}

export async function activeImpersonation(
  deps: AppDeps,
  session: { id: string; userId: string; impersonationId: string | null },
): Promise<ActiveImpersonation | null> {
  if (!session.impersonationId) return null;
  const row = await deps.db
    .selectFrom("impersonations as i")
    .innerJoin("workspaces as w", "w.id", "i.workspace_id")
    .innerJoin("users as u", "u.id", "i.member_user_id")
    .innerJoin("memberships as m", "m.id", "i.membership_id")
    .select([
      "i.id",
      "i.workspace_id",
      "w.slug",
      "w.name as workspace_name",
      "i.owner_user_id",
      "i.membership_id",
      "i.member_user_id",
      "u.email",
      "u.name",
      "i.started_at",
      "i.expires_at",
      "i.ended_at",
      "m.status",
    ])
    .select((eb) => eb.fn<Date>("now", []).as("now"))
    .select(
      sql<boolean>`exists (
        select 1 from membership_roles mr join roles r on r.id = mr.role_id
        where mr.membership_id = i.membership_id and r.builtin_key = 'owner'
      )`.as("member_is_owner"),
    )
    .where("i.id", "=", session.impersonationId)
    .executeTakeFirst();
  // Belongs to someone else's session? Never honoured.
  if (!row || row.owner_user_id !== session.userId) {
    await clearSession(deps, session.id);
    return null;
  }
  if (row.ended_at) {
    await clearSession(deps, session.id);
    return null;
  }
  const reason: ImpersonationEndReason | null =
    row.expires_at.getTime() <= row.now.getTime()
      ? "expired"
      : row.status !== "active"
        ? "member_left"
        : // Never view as an owner, even one promoted mid-view.
          row.member_is_owner
          ? "became_owner"
          : null;
  if (reason) {
    await endImpersonation(deps, row.id, reason, systemActor);
    return null;
  }
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    workspaceSlug: row.slug,
    workspaceName: row.workspace_name,
    ownerUserId: row.owner_user_id,
    membershipId: row.membership_id,
    member: { id: row.member_user_id, email: row.email, name: row.name },
    startedAt: row.started_at,
    expiresAt: row.expires_at,
  };
}

async function clearSession(deps: AppDeps, sessionId: string): Promise<void> {
  await deps.db.updateTable("sessions").set({ impersonation_id: null }).where("id", "=", sessionId).execute();
}

/**
 * Ends an impersonation (idempotent: only the first call records it) and
 * detaches it from the owner's session.
 */
export async function endImpersonation(
  deps: AppDeps,
  impersonationId: string,
  reason: ImpersonationEndReason,
  actor: Actor,
): Promise<boolean> {
  return inTransaction(deps, async (tx) => {
    const ended = await tx.db
      .updateTable("impersonations")
      .set({
        // An expired impersonation ended at its expiry, not when someone noticed.
        ended_at: reason === "expired" ? sql<Date>`expires_at` : sql<Date>`now()`,
        end_reason: reason,
      })
      .where("id", "=", impersonationId)
      .where("ended_at", "is", null)
      .returning(["workspace_id", "membership_id", "member_user_id", "owner_user_id", "started_at"])
      .executeTakeFirst();
    await tx.db.updateTable("sessions").set({ impersonation_id: null }).where("impersonation_id", "=", impersonationId).execute();
    if (!ended) return false;
    const member = await tx.db.selectFrom("users").select("name").where("id", "=", ended.member_user_id).executeTakeFirst();
    await recordAudit(tx, {
      workspaceId: ended.workspace_id,
      actor,
      action: "impersonation.ended",
      targetType: "membership",
      targetId: ended.membership_id,
      targetLabel: member?.name ?? null,
      after: { reason, ownerUserId: ended.owner_user_id, startedAt: ended.started_at },
    });
    return true;
  });
}
