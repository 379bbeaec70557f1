/** Plans and their seat limits (pure: the billing page and the server read the same table). */
import type { Plan } from "./values";

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
