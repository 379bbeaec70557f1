/**
 * Ended sessions are deleted, not just ignored: a sweep removes every
 * session past its idle timeout or lifetime (and sign-in counters that hold
 * nothing any more). Plain functions, so any scheduler can run them; the
 * server runs them on a timer (`startSessionSweeper`).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { AppDeps } from "../deps";
import { deleteStaleThrottles } from "./throttle";

/** Deletes the sessions that have ended by `now`; returns how many. Batched, so no sweep holds many rows at once. */
export async function deleteExpiredSessions(db: Kysely<Database>, now: Date, batchSize = 5_000): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await db
      .deleteFrom("sessions")
      .where("id", "in", (eb) => eb.selectFrom("sessions").select("id").where("expires_at", "<=", now).limit(batchSize))
      .executeTakeFirst();
    const n = Number(deleted.numDeletedRows);
    total += n;
    if (n < batchSize) return total;
  }
}

export interface SessionSweeper {
  /** Sweep now; resolves when done. */
  runNow(): Promise<{ sessions: number; throttles: number }>;
  stop(): Promise<void>;
}

/** Runs both sweeps every `intervalMs` in this process (a sweep in progress is never overlapped). */
export function startSessionSweeper(deps: AppDeps, intervalMs = 10 * 60_000): SessionSweeper {
  let running: Promise<{ sessions: number; throttles: number }> | null = null;
  let stopped = false;
  const run = () => {
    if (stopped) return Promise.resolve({ sessions: 0, throttles: 0 });
    running ??= (async () => {
      const now = deps.auth.now();
      return {
        sessions: await deleteExpiredSessions(deps.db, now),
        throttles: await deleteStaleThrottles(deps.db, now, deps.throttle),
      };
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    run().catch((error: unknown) => deps.log.warn("session sweep failed", { error }));
  }, intervalMs);
  timer.unref();
  return {
    runNow: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
