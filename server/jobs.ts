/** The periodic work of every server process, on its one scheduler. */
import type { AppDeps } from "./deps";
import { retentionRules, runRetentionSweeps } from "./retention/registry";
import type { Scheduler } from "./scheduler";
import { sweepExpiredInvitations } from "./services/invitations/expire";
import { sweepPermissionRequests } from "./services/requests/sweeper";

export function schedulePeriodicJobs(scheduler: Scheduler, deps: AppDeps): void {
  // Pending invitations past their week become "expired" (the pages are told).
  scheduler.every("invitation expiry", 60_000, () => sweepExpiredInvitations(deps));
  // Undecided requests expire; ended grants are announced. Also at start: a restart must not delay them.
  scheduler.every("permission request expiry", 30_000, () => sweepPermissionRequests(deps), { runAtStart: true });
  // Old data goes once its retention period is over (README, "Retention").
  const rules = retentionRules(deps.config.retention);
  // Also at start: servers that restart more often than the interval must still sweep.
  scheduler.every("retention sweeps", deps.config.retention.sweepEveryMs, () => runRetentionSweeps(deps.db, rules, deps.log), { runAtStart: true });
}
