/**
 * Retention for account data that outlives its use: rate-limit counters
 * whose window has ended, and emailed links a week past their expiry (kept
 * that long so an old link still says "expired"). Both deletes are plain
 * exported functions, so a general retention sweep can call them too.
 */
import { deleteExpiredAccountTokens } from "../../auth/accountTokens";
import { deleteExpiredRateLimits } from "../../auth/rateLimit";
import type { AppDeps } from "../../deps";
import { runPeriodically } from "../periodic";

export const expiredLinkRetentionMs = 7 * 24 * 3_600_000;

export async function sweepAccountData(deps: Pick<AppDeps, "db">, now: Date = new Date()): Promise<{ rateLimits: number; links: number }> {
  const rateLimits = await deleteExpiredRateLimits(deps.db, now);
  const links = await deleteExpiredAccountTokens(deps.db, new Date(now.getTime() - expiredLinkRetentionMs));
  return { rateLimits, links };
}

/** Runs the sweep every 10 minutes in the server process; stop() waits for a sweep in progress. */
export function startAccountSweeper(deps: Pick<AppDeps, "db" | "log">, intervalMs = 600_000): { stop(): Promise<void> } {
  return runPeriodically("account data sweep", () => sweepAccountData(deps), intervalMs, deps.log);
}
