/**
 * The impersonation a session is in, resolved once per request. One that
 * may no longer go on (its hour is up, its viewer is no longer an active
 * Owner, its member left or became an Owner: the rule in
 * server/permissions/viewAs.ts) ends here, on the first request that
 * notices, and is recorded in the audit log once. Changes that end views
 * (removal, roles) also end them at once, in their own transaction.
 */
import type { ImpersonationEndReason } from "#db/schema";
import type { AppDeps } from "../../deps";
import { viewEndReason, viewStandingSql } from "../../permissions/viewAs";
import { systemActor, type Actor } from "../audit";
import { inTransaction } from "../transaction";
import { endViews } from "./end";

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

export async function activeImpersonation(deps: AppDeps, session: { id: string; userId: string; impersonationId: string | null }): Promise<ActiveImpersonation | null> {
  if (!session.impersonationId) return null;
  const row = await deps.db
    .selectFrom("impersonations as i")
    .innerJoin("workspaces as w", "w.id", "i.workspace_id")
    .innerJoin("users as u", "u.id", "i.member_user_id")
    .select(["i.id", "i.workspace_id", "w.slug", "w.name as workspace_name", "i.owner_user_id", "i.membership_id", "i.member_user_id", "u.email", "u.name", "i.started_at", "i.expires_at", "i.ended_at"])
    .select(viewStandingSql())
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
  const reason = viewEndReason(row);
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
export async function endImpersonation(deps: AppDeps, impersonationId: string, reason: ImpersonationEndReason, actor: Actor): Promise<boolean> {
  return inTransaction(deps, async (tx) => (await endViews(tx, [{ id: impersonationId, reason }], actor)).length > 0);
}
