/**
 * The periodic sweep in each server process: expire undecided requests and
 * announce ended grants. Several processes may sweep at once (SKIP LOCKED);
 * a slow sweep is never overlapped by the next tick.
 */
import type { AppDeps } from "../../deps";
import { inTransaction } from "../transaction";
import { announceEndedGrants, expireRequestsDue } from "./expire";

export async function sweepPermissionRequests(deps: AppDeps): Promise<{ expiredRequests: number; endedGrants: number }> {
  let expiredRequests = 0;
  let endedGrants = 0;
  // Batches of 100 until nothing is due.
  for (;;) {
    const n = await inTransaction(deps, (tx) => expireRequestsDue(tx, { limit: 100 }));
    expiredRequests += n;
    if (n < 100) break;
  }
  for (;;) {
    const n = await inTransaction(deps, (tx) => announceEndedGrants(tx, { limit: 100 }));
    endedGrants += n;
    if (n < 100) break;
  }
  return { expiredRequests, endedGrants };
}

export interface RequestSweeper {
  /** Sweep now (tests, and at start); resolves when done. */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

export function startRequestSweeper(deps: AppDeps, options: { intervalMs?: number } = {}): RequestSweeper {
  const intervalMs = options.intervalMs ?? 30_000;
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= sweepPermissionRequests(deps)
      .then(() => undefined)
      .catch((error: unknown) => deps.log.warn("permission request sweep failed", { error }))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  void run();
  return {
    runNow: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
