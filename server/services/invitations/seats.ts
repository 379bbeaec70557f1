import type { Plan } from "#db/schema";
import type { AppDeps } from "../../deps";
import { planDefinitions, seatLimit, seatUsage } from "../workspaces/plans";
import type { WorkspaceCaller } from "../caller";

export interface InvitationSeats {
  plan: Plan;
  planLabel: string;
  onTrial: boolean;
  /** Null when unlimited (Enterprise, or during the trial). */
  limit: number | null;
  used: number;
  activeMembers: number;
  pendingInvitations: number;
}

export async function invitationSeats(deps: AppDeps, caller: WorkspaceCaller): Promise<InvitationSeats> {
  const { workspace } = caller;
  const usage = await seatUsage(deps.db, workspace.id);
  return {
    plan: workspace.plan,
    planLabel: planDefinitions[workspace.plan].label,
    onTrial: workspace.trialEndsAt.getTime() > Date.now(),
    limit: seatLimit(workspace.plan, workspace.trialEndsAt),
    ...usage,
  };
}
