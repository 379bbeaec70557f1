/**
 * Pending invitations past their expiry become "expired": the pages are
 * told, the audit log says so, and the seat they held is free again.
 * Run by the scheduler (server/jobs.ts), and just-in-time before a new
 * invitation to the same address.
 */
import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import { recordAudit, systemActor } from "../audit";
import { inTransaction, type Tx } from "../transaction";
import { emitInvitationChanged } from "./events";

export async function expireStaleInvitations(tx: Tx, filter: { workspaceId?: string; emails?: string[]; limit?: number; skipLocked?: boolean }): Promise<number> {
  if (filter.emails && filter.emails.length === 0) return 0;
  let due = tx.db
    .selectFrom("invitations")
    .select("id")
    .where("status", "=", "pending")
    .where("expires_at", "<=", sql<Date>`now()`)
    .orderBy("expires_at")
    .limit(filter.limit ?? 500)
    .forUpdate();
  // The sweeper passes over rows someone else holds (the next sweep gets them); an invite waits for them.
  if (filter.skipLocked) due = due.skipLocked();
  if (filter.workspaceId) due = due.where("workspace_id", "=", filter.workspaceId);
  if (filter.emails) due = due.where("email", "in", filter.emails);
  const ids = (await due.execute()).map((r) => r.id);
  if (ids.length === 0) return 0;
  const expired = await tx.db.updateTable("invitations").set({ status: "expired" }).where("id", "in", ids).returning(["id", "workspace_id", "email", "expires_at"]).execute();
  for (const invitation of expired) {
    await recordAudit(tx, {
      workspaceId: invitation.workspace_id,
      actor: systemActor,
      action: "invitation.expired",
      targetType: "invitation",
      targetId: invitation.id,
      targetLabel: invitation.email,
      before: { status: "pending" },
      after: { status: "expired", expiredAt: invitation.expires_at.toISOString() },
    });
    emitInvitationChanged(tx, invitation.workspace_id, invitation.id, "expired");
  }
  return expired.length;
}

/** One sweep over every workspace; returns how many invitations expired. */
export async function sweepExpiredInvitations(deps: AppDeps): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await inTransaction(deps, (tx) => expireStaleInvitations(tx, { limit: 500, skipLocked: true }));
    total += n;
    if (n < 500) return total;
  }
}
