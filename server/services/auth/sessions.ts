/**
 * Starting and ending sessions as the product does it: a new session comes
 * with the cookie the browser must get (the edge sets it: server/trpc/cookies.ts);
 * an ended session is gone from the database, its open sockets
 * are closed at once, and an owner's view-as in progress on it ends (recorded).
 * Use these rather than `deps.auth` directly, so no path forgets a part.
 */
import type { AppDeps } from "../../deps";
import type { EndedSession, Session } from "../../auth/sessions";
import type { RequestInfo } from "../requestInfo";
import { endImpersonation } from "../impersonation/active";
import type { Tx } from "../transaction";

/** What the browser must be sent with an answer (a Set-Cookie value); the tRPC edge sets it. */
export interface WithCookie {
  cookie: string;
}

/** Signs the user in on this browser: a new session, and the cookie that carries it. */
export async function startSession(deps: AppDeps, userId: string, request: RequestInfo): Promise<{ session: Session } & WithCookie> {
  const { session, token } = await deps.auth.createSession(userId, { ip: request.ip, userAgent: request.userAgent });
  const cookie = deps.auth.sessionCookie(token, session);
  // Emails to this person give times in the zone their browser reported (server/time/hints.ts).
  if (request.timeZone) await deps.db.updateTable("users").set({ time_zone: request.timeZone }).where("id", "=", userId).execute();
  return { session, cookie };
}

/**
 * Ends these sessions of one user: deleted (only rows of that user are
 * touched), sockets closed, view-as ended. Returns the ids actually ended.
 */
export async function endSessions(deps: AppDeps, userId: string, sessionIds: string[]): Promise<string[]> {
  if (sessionIds.length === 0) return [];
  const ended = await deps.db.deleteFrom("sessions").where("user_id", "=", userId).where("id", "in", sessionIds).returning(["id", "impersonation_id"]).execute();
  await afterSessionsEnded(
    deps,
    userId,
    ended.map((s) => ({ id: s.id, impersonationId: s.impersonation_id })),
  );
  return ended.map((s) => s.id);
}

/** Ends every session of the user but `exceptSessionId` (when given): "sign out everywhere else". */
export async function endOtherSessions(deps: AppDeps, userId: string, exceptSessionId: string | null): Promise<string[]> {
  const ended = await deps.auth.invalidateUserSessions(userId, exceptSessionId ? { except: exceptSessionId } : {});
  await afterSessionsEnded(deps, userId, ended);
  return ended.map((s) => s.id);
}

/**
 * The same, inside the caller's transaction, for a change of credentials (a
 * password reset or change, an address claimed by its owner): if the
 * sessions can't be ended, the change fails rather than leaving them signed
 * in. After commit their sockets close and a view-as on them ends; then a
 * second pass ends any session that a sign-in in flight (which checked the
 * old password) created meanwhile.
 */
export async function endOtherSessionsWithin(tx: Tx, deps: AppDeps, userId: string, exceptSessionId: string | null): Promise<string[]> {
  const ended = await deps.auth.invalidateUserSessions(userId, exceptSessionId ? { except: exceptSessionId } : {}, tx.db);
  tx.endSessions(ended.map((s) => s.id));
  tx.afterCommit(async () => {
    await endImpersonations(deps, userId, ended);
    await endOtherSessions(deps, userId, exceptSessionId);
  });
  return ended.map((s) => s.id);
}

async function endImpersonations(deps: AppDeps, userId: string, ended: EndedSession[]): Promise<void> {
  // A view-as in progress on an ended session ends with it (recorded), rather than staying open until its hour is up.
  for (const { impersonationId } of ended) {
    if (impersonationId) await endImpersonation(deps, impersonationId, "stopped", { userId, impersonatorUserId: null });
  }
}

async function afterSessionsEnded(deps: AppDeps, userId: string, ended: EndedSession[]): Promise<void> {
  await endImpersonations(deps, userId, ended);
  if (ended.length > 0) await deps.realtime.publish({ endSessionIds: ended.map((s) => s.id), refreshUserIds: [], events: [] });
}

/** Signs this browser out: its session ends, and the answer clears the cookie. */
export async function signOutSession(deps: AppDeps, session: Pick<Session, "id" | "userId">): Promise<WithCookie> {
  await endSessions(deps, session.userId, [session.id]);
  return { cookie: deps.auth.blankSessionCookie() };
}
