/** When a member was viewed by an owner: shown to the member in their own settings. */
import type { AppDeps } from "../../deps";
import type { WorkspaceCaller } from "../caller";

export interface ImpersonationRecord {
  id: string;
  ownerName: string | null;
  startedAt: string;
  /** When it ended, or when it will end at the latest. */
  endsAt: string;
  ended: boolean;
}

export async function impersonationsOfMember(deps: AppDeps, caller: WorkspaceCaller): Promise<ImpersonationRecord[]> {
  const { membershipId } = caller;
  const rows = await deps.db
    .selectFrom("impersonations as i")
    .leftJoin("users as o", "o.id", "i.owner_user_id")
    .select(["i.id", "o.name as owner_name", "i.started_at", "i.expires_at", "i.ended_at"])
    .where("i.membership_id", "=", membershipId)
    .orderBy("i.started_at", "desc")
    .limit(100)
    .execute();
  const now = Date.now();
  return rows.map((r) => ({
    id: r.id,
    ownerName: r.owner_name,
    startedAt: r.started_at.toISOString(),
    endsAt: (r.ended_at ?? r.expires_at).toISOString(),
    ended: r.ended_at !== null || r.expires_at.getTime() <= now,
  }));
}
