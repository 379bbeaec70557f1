/**
 * The Billing page's data and the plan switch. There is no payment
 * provider: changing the plan is recorded and takes effect at once (the
 * seat limit is read from the plan whenever someone is invited).
 */
import type { Plan } from "#db/schema";
import type { AppDeps } from "../../deps";
import { recordAudit } from "../audit";
import { nowIso, inTransaction } from "../transaction";
import { planDefinitions, plans, seatLimit, type SeatUsage, seatUsage } from "../workspaces/plans";
import type { WorkspaceCaller } from "../caller";

export interface BillingOverview {
  plan: Plan;
  planLabel: string;
  onTrial: boolean;
  trialEndsAt: string;
  trialDaysLeft: number;
  /** The limit in force now (null: none, during the trial or on Enterprise). */
  seatLimit: number | null;
  seats: SeatUsage;
  plans: Array<{ plan: Plan; label: string; seatLimit: number | null }>;
}

export function trialDaysLeft(trialEndsAt: Date, now = new Date()): number {
  return Math.max(0, Math.ceil((trialEndsAt.getTime() - now.getTime()) / 86_400_000));
}

export async function billingOverview(deps: AppDeps, caller: WorkspaceCaller): Promise<BillingOverview> {
  const workspaceId = caller.workspace.id;
  const workspace = await deps.db.selectFrom("workspaces").select(["plan", "trial_ends_at"]).where("id", "=", workspaceId).executeTakeFirstOrThrow();
  const now = new Date();
  return {
    plan: workspace.plan,
    planLabel: planDefinitions[workspace.plan].label,
    onTrial: workspace.trial_ends_at.getTime() > now.getTime(),
    trialEndsAt: workspace.trial_ends_at.toISOString(),
    trialDaysLeft: trialDaysLeft(workspace.trial_ends_at, now),
    seatLimit: seatLimit(workspace.plan, workspace.trial_ends_at, now),
    seats: await seatUsage(deps.db, workspaceId),
    plans: plans.map((plan) => ({ plan, label: planDefinitions[plan].label, seatLimit: planDefinitions[plan].seatLimit })),
  };
}

export async function changePlan(deps: AppDeps, caller: WorkspaceCaller, input: { plan: Plan }): Promise<{ changed: boolean }> {
  const { actor } = caller;
  const workspaceId = caller.workspace.id;
  const { plan } = input;
  return inTransaction(deps, async (tx) => {
    const before = await tx.db.selectFrom("workspaces").select(["plan", "name"]).where("id", "=", workspaceId).forUpdate().executeTakeFirstOrThrow();
    if (before.plan === plan) return { changed: false };
    await tx.db.updateTable("workspaces").set({ plan }).where("id", "=", workspaceId).execute();
    const seats = await seatUsage(tx.db, workspaceId);
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: "plan.changed",
      targetType: "workspace",
      targetId: workspaceId,
      targetLabel: before.name,
      before: { plan: before.plan },
      after: { plan, seatsUsed: seats.used },
    });
    tx.emit({ kind: "workspace", workspaceId }, { type: "workspace.changed", workspaceId, at: nowIso() });
    return { changed: true };
  });
}
