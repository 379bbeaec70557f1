/**
 * Plans and seats, as the product documents state them: Starter up to 5
 * users, Professional up to 25, Enterprise unlimited; a workspace on its
 * 14-day trial has no limit. Seats used = active members + pending
 * invitations. After a downgrade or the trial's end existing members stay;
 * only new invitations are refused until the workspace is under its limit.
 */
import { type ExpressionBuilder, sql } from "kysely";
import type { Database } from "#db/schema";
import type { Db } from "../transaction";

export { planDefinitions, plans, seatLimit } from "#shared/plans";

export interface SeatUsage {
  activeMembers: number;
  pendingInvitations: number;
  used: number;
}

/**
 * Seats in use: active members plus pending invitations that have not yet
 * expired. A seat is a person: an invitation to someone who is already an
 * active member (they joined by link, domain or request meanwhile) holds no
 * second seat.
 */
export async function seatUsage(db: Db, workspaceId: string): Promise<SeatUsage> {
  return (await seatsHeld(db, workspaceId, null)).usage;
}

/** `seatUsage`, and whether one of the pending invitations counted is `holderEmail`'s (lower-cased). */
export async function seatsHeld(db: Db, workspaceId: string, holderEmail: string | null): Promise<{ usage: SeatUsage; holdsSeat: boolean }> {
  const pendingFor = (eb: ExpressionBuilder<Database, never>) =>
    eb
      .selectFrom("invitations as i")
      .where("i.workspace_id", "=", workspaceId)
      .where("i.status", "=", "pending")
      .where("i.expires_at", ">", sql<Date>`now()`)
      .where((inner) =>
        inner.not(
          inner.exists(
            inner
              .selectFrom("memberships as m")
              .innerJoin("users as u", "u.id", "m.user_id")
              .select(sql`1`.as("one"))
              .whereRef("m.workspace_id", "=", "i.workspace_id")
              .where("m.status", "=", "active")
              .where(sql<string>`lower(u.email)`, "=", inner.ref("i.email")),
          ),
        ),
      );
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom("memberships").select(eb.fn.countAll<string>().as("n")).where("workspace_id", "=", workspaceId).where("status", "=", "active").as("members"),
      pendingFor(eb).select(eb.fn.countAll<string>().as("n")).as("pending"),
      // Only asked about someone about to join.
      holderEmail === null ? sql<string>`0`.as("held") : pendingFor(eb).select(eb.fn.countAll<string>().as("n")).where("i.email", "=", holderEmail).as("held"),
    ])
    .executeTakeFirstOrThrow();
  const activeMembers = Number(row.members ?? 0);
  const pendingInvitations = Number(row.pending ?? 0);
  return { usage: { activeMembers, pendingInvitations, used: activeMembers + pendingInvitations }, holdsSeat: Number(row.held ?? 0) > 0 };
}
