/**
 * The periodic sweep in each server process (run by the scheduler,
 * server/jobs.ts): expire undecided requests and announce ended grants.
 * Several processes may sweep at once (SKIP LOCKED).
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
