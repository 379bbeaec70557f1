/**
 * Plans and seats, as the product documents state them: Starter up to 5
 * users, Professional up to 25, Enterprise unlimited; a workspace on its
 * 14-day trial has no limit. Seats used = active members + pending
 * invitations. After a downgrade or the trial's end existing members stay;
 * only new invitations are refused until the workspace is under its limit.
 */
import { sql } from "kysely";
import type { Db } from "../transaction";

export { planDefinitions, plans, seatLimit } from "#shared/plans";

export interface SeatUsage {
  activeMembers: number;
  pendingInvitations: number;
  used: number;
}

/** Seats in use: active members plus pending invitations that have not yet expired. */
export async function seatUsage(db: Db, workspaceId: string): Promise<SeatUsage> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom("memberships").select(eb.fn.countAll<string>().as("n")).where("workspace_id", "=", workspaceId).where("status", "=", "active").as("members"),
      eb
        .selectFrom("invitations")
        .select(eb.fn.countAll<string>().as("n"))
        .where("workspace_id", "=", workspaceId)
        .where("status", "=", "pending")
        .where("expires_at", ">", sql<Date>`now()`)
        .as("pending"),
    ])
    .executeTakeFirstOrThrow();
  const activeMembers = Number(row.members ?? 0);
  const pendingInvitations = Number(row.pending ?? 0);
  return { activeMembers, pendingInvitations, used: activeMembers + pendingInvitations };
}
