/**
 * Plans and seats, as the product documents state them: Starter up to 5
 * users, Professional up to 25, Enterprise unlimited; a workspace on its
 * 14-day trial has no limit. Seats used = active members + pending
 * invitations. After a downgrade or the trial's end existing members stay;
 * only new invitations are refused until the workspace is under its limit.
 */
import { sql } from "kysely";
import type { Plan } from "../../../db/schema";
import type { Db } from "../transaction";

export const planDefinitions: Record<Plan, { label: string; seatLimit: number | null }> = {
  starter: { label: "Starter", seatLimit: 5 },
  professional: { label: "Professional", seatLimit: 25 },
  enterprise: { label: "Enterprise", seatLimit: null },
};

export const plans = Object.keys(planDefinitions) as Plan[];

/** The seat limit in force now: none during the trial. */
export function seatLimit(plan: Plan, trialEndsAt: Date, now = new Date()): number | null {
  if (trialEndsAt.getTime() > now.getTime()) return null;
  return planDefinitions[plan].seatLimit;
}

export interface SeatUsage {
  activeMembers: number;
  pendingInvitations: number;
  used: number;
}

/**
 * Seats in use. Pending invitations are counted once the invitations table
 * exists (its migration adds it); until then only members count.
 */
export async function seatUsage(db: Db, workspaceId: string): Promise<SeatUsage> {
  const members = await db
    .selectFrom("memberships")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .where("status", "=", "active")
    .executeTakeFirstOrThrow();
  const pending = await pendingInvitationCount(db, workspaceId);
  return { activeMembers: members.n, pendingInvitations: pending, used: members.n + pending };
}

async function pendingInvitationCount(db: Db, workspaceId: string): Promise<number> {
  const exists = await sql<{ present: boolean }>`select to_regclass('invitations') is not null as present`.execute(db);
  if (!exists.rows[0]?.present) return 0;
  const result = await sql<{ n: number }>`
    select count(*)::int as n from invitations
    where workspace_id = ${workspaceId} and status = 'pending' and expires_at > now()
  `.execute(db);
  return result.rows[0]?.n ?? 0;
}
