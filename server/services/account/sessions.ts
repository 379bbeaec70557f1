/**
 * Ending a person's sessions when their credentials change (password reset
 * or change, an address claimed by its owner). Sessions are ended through
 * Lucia's API, not SQL on the sessions table, so how sessions are stored can
 * change under it; their live connections close after the change commits,
 * as on sign-out.
 */
import type { AppDeps } from "../../deps";
import type { Tx } from "../transaction";

async function endNow(deps: Pick<AppDeps, "auth">, userId: string, except: string | null): Promise<string[]> {
  const sessions = await deps.auth.getUserSessions(userId);
  const ending = sessions.map((s) => s.id).filter((id) => id !== except);
  if (except === null) {
    await deps.auth.invalidateUserSessions(userId);
  } else {
    for (const id of ending) await deps.auth.invalidateSession(id);
  }
  return ending;
}

/**
 * Ends every session of the user but `except` (null: all of them) at once,
 * inside the caller's transaction: if Lucia cannot end them, the change
 * fails rather than leaving the old sessions signed in. After commit a
 * second pass ends any session a sign-in in flight created meanwhile, and
 * every ended session's sockets are disconnected.
 */
export async function endSessionsWithin(tx: Tx, deps: Pick<AppDeps, "auth" | "realtime" | "log">, userId: string, except: string | null): Promise<string[]> {
  const ended = await endNow(deps, userId, except);
  tx.endSessions(ended);
  tx.afterCommit(async () => {
    const late = await endNow(deps, userId, except);
    if (late.length > 0) await deps.realtime.publish({ endSessionIds: late, refreshUserIds: [], events: [] });
  });
  return ended;
}
