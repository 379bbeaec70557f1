/**
 * Ending views-as: recorded once each (a guarded `update … where ended_at
 * is null`), detached from the viewer's sessions, and the pages of those
 * sessions told after commit so they start again as the viewer.
 */
import { sql } from "kysely";
import type { ImpersonationEndReason } from "#db/schema";
import { viewEndReason, viewStandingSql } from "../../permissions/viewAs";
import { type Actor, recordAudits } from "../audit";
import { nowIso, type Tx } from "../transaction";

export interface ViewEnding {
  id: string;
  reason: ImpersonationEndReason;
}

/** Ends these views in the caller's transaction; returns those this call ended (not already ended). */
export async function endViews(tx: Tx, endings: ViewEnding[], actor: Actor): Promise<ViewEnding[]> {
  const ended: ViewEnding[] = [];
  for (const ending of endings) {
    const row = await tx.db
      .updateTable("impersonations")
      .set({
        // An expired view ended at its expiry, not when someone noticed.
        ended_at: ending.reason === "expired" ? sql<Date>`expires_at` : sql<Date>`now()`,
        end_reason: ending.reason,
      })
      .where("id", "=", ending.id)
      .where("ended_at", "is", null)
      .returning(["id", "workspace_id", "membership_id", "member_user_id", "owner_user_id", "started_at"])
      .executeTakeFirst();
    const sessions = await tx.db.updateTable("sessions").set({ impersonation_id: null }).where("impersonation_id", "=", ending.id).returning("id").execute();
    if (!row) continue;
    ended.push(ending);
    const member = await tx.db.selectFrom("users").select("name").where("id", "=", row.member_user_id).executeTakeFirst();
    await recordAudits(tx, [
      {
        workspaceId: row.workspace_id,
        actor,
        action: "impersonation.ended",
        targetType: "membership",
        targetId: row.membership_id,
        targetLabel: member?.name ?? null,
        after: { reason: ending.reason, ownerUserId: row.owner_user_id, startedAt: row.started_at },
      },
    ]);
    // Ended by something other than the viewer's own click: their open pages must hear it.
    if (sessions.length > 0 && ending.reason !== "stopped" && ending.reason !== "replaced") {
      tx.emit({ kind: "sessions", sessionIds: sessions.map((s) => s.id) }, { type: "view.ended", workspaceId: row.workspace_id, reason: ending.reason, at: nowIso() });
    }
  }
  return ended;
}

/**
 * After a change to a member (removed, roles changed), in the same
 * transaction: every view they started, or of them, that may no longer go
 * on ends at once, by the same rule every request asks.
 */
export async function endViewsAfterMemberChange(tx: Tx, workspaceId: string, member: { membershipId: string; userId: string }, actor: Actor): Promise<ViewEnding[]> {
  const open = await tx.db
    .selectFrom("impersonations as i")
    .select("i.id")
    .select(viewStandingSql())
    .where("i.workspace_id", "=", workspaceId)
    .where("i.ended_at", "is", null)
    .where((eb) => eb.or([eb("i.owner_user_id", "=", member.userId), eb("i.membership_id", "=", member.membershipId)]))
    .execute();
  const endings = open.flatMap((row) => {
    const reason = viewEndReason(row);
    return reason ? [{ id: row.id, reason }] : [];
  });
  return endings.length > 0 ? endViews(tx, endings, actor) : [];
}
