/**
 * "Your sessions": the signed-in person's browsers, and signing them out.
 * Only the caller's own sessions are ever listed or ended.
 */
import { type DeviceDescription, describeUserAgent } from "../../auth/userAgent";
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import type { Session } from "../../auth/sessions";
import { endOtherSessions, endSessions, signOutSession, type WithCookie } from "./sessions";

export interface MySession {
  id: string;
  device: DeviceDescription;
  ip: string | null;
  signedInAt: string;
  lastSeenAt: string;
  /** This browser. */
  current: boolean;
}

export async function listMySessions(deps: AppDeps, current: Pick<Session, "id" | "userId">): Promise<MySession[]> {
  const rows = await deps.db
    .selectFrom("sessions")
    .select(["id", "user_agent", "ip", "created_at", "last_seen_at"])
    .where("user_id", "=", current.userId)
    .where("expires_at", ">", deps.auth.now())
    .orderBy("last_seen_at", "desc")
    .orderBy("created_at", "desc")
    .limit(200)
    .execute();
  const sessions = rows.map((r) => ({
    id: r.id,
    device: describeUserAgent(r.user_agent),
    ip: r.ip,
    signedInAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    current: r.id === current.id,
  }));
  // This browser first, then the most recently used.
  return [...sessions.filter((s) => s.current), ...sessions.filter((s) => !s.current)];
}

/** Signs one of the caller's sessions out; this browser's own means signing out here. */
export async function signOutMySession(deps: AppDeps, current: Pick<Session, "id" | "userId">, sessionId: string): Promise<{ thisBrowser: boolean; cookie: WithCookie["cookie"] | null }> {
  if (sessionId === current.id) {
    const { cookie } = await signOutSession(deps, current);
    return { thisBrowser: true, cookie };
  }
  const ended = await endSessions(deps, current.userId, [sessionId]);
  if (ended.length === 0) throw new AppError("NOT_FOUND", "That session has already ended.");
  return { thisBrowser: false, cookie: null };
}

/** Signs out every other browser; this one stays signed in. */
export async function signOutMyOtherSessions(deps: AppDeps, current: Pick<Session, "id" | "userId">): Promise<{ signedOut: number }> {
  return { signedOut: (await endOtherSessions(deps, current.userId, current.id)).length };
}
