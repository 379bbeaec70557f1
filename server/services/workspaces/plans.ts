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

/**
 * Seats in use: active members plus pending invitations that have not yet
 * expired. A seat is a person: an invitation to someone who is already an
 * active member (they joined by link, domain or request meanwhile) holds no
 * second seat.
 */
export async function seatUsage(db: Db, workspaceId: string): Promise<SeatUsage> {
  return (await seatsHeld(db, workspaceId, null)).usage;
}

/** `seatUsage`, and whether one of the pending invitations counted is `holderEmail`'s (lower-cased): one scan of the invitations. */
/**
 * True for an invitation (aliased `i`) whose person is already an active member of its workspace (they
 * joined another way, e.g. by link or domain): it holds no seat and is no longer waiting for anyone.
 */
export const inviteeIsMember = sql<boolean>`exists (
  select 1 from memberships m join users u on u.id = m.user_id
  where m.workspace_id = i.workspace_id and m.status = 'active' and lower(u.email) = i.email
)`;

export async function seatsHeld(db: Db, workspaceId: string, holderEmail: string | null): Promise<{ usage: SeatUsage; holdsSeat: boolean }> {
  const { rows } = await sql<{ members: string; pending: string; held: string }>`
    select
      (select count(*) from memberships where workspace_id = ${workspaceId} and status = 'active') as members,
      count(*) as pending,
      count(*) filter (where i.email = ${holderEmail}) as held
    from invitations i
    where i.workspace_id = ${workspaceId} and i.status = 'pending' and i.expires_at > now()
      and not ${inviteeIsMember}`.execute(db);
  const row = rows[0];
  const activeMembers = Number(row?.members ?? 0);
  const pendingInvitations = Number(row?.pending ?? 0);
  return { usage: { activeMembers, pendingInvitations, used: activeMembers + pendingInvitations }, holdsSeat: Number(row?.held ?? 0) > 0 };
}
