/**
 * Sessions, as Lucia's author now recommends them (lucia-auth.com, "Basic
 * session API" and "Migrate from Lucia v3"; decision 14): the cookie holds a
 * random token, the database holds only its SHA-256, so a copy of the
 * database gives no one a session. `session.id` is that hash everywhere in
 * the code (rows, socket rooms, "sign out this session").
 *
 * A session ends at the earlier of: its idle timeout after the last request
 * (sliding), and its lifetime after sign-in (never extended). Activity is
 * written at most every `activityWriteMs`, so a request does not cost a write.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "#db/schema";
import { compiledRows } from "#db/direct";

export interface SessionPolicy {
  idleTimeoutMs: number;
  lifetimeMs: number;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export interface Session {
  /** SHA-256 (hex) of the cookie's token. */
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** The owner's view-as-member in progress on this session, if any (decision 8). */
  impersonationId: string | null;
}

/** A session just ended: its id (for its sockets) and the view-as it carried, if any. */
export type EndedSession = Pick<Session, "id" | "impersonationId">;

/**
 * The cookie's secret. Branded so that a session id (the hash) can never be
 * put in a cookie by mistake: only `createSession` makes one.
 */
export type SessionToken = string & { readonly __brand: "SessionToken" };

export type SessionValidation = { session: Session; user: SessionUser } | { session: null; user: null };

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;
/** Stands for the session id in the compiled lookup (never a real id: those are 64 hex digits). */
const sessionIdMarker = "\u0000session-id";

/** 256 random bits, base64url (43 characters). */
function generateSessionToken(): SessionToken {
  return randomBytes(32).toString("base64url") as SessionToken;
}

/** The session id stored for a token. */
export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** How often a session's activity is written: a tenth of the idle timeout, at most every 5 minutes. */
export function activityWriteMs(policy: SessionPolicy): number {
  return Math.min(5 * 60_000, policy.idleTimeoutMs / 10);
}

/** When a session seen now ends: idle timeout from now, capped by its lifetime. */
export function sessionEndsAt(policy: SessionPolicy, createdAt: Date, now: Date): Date {
  return new Date(Math.min(now.getTime() + policy.idleTimeoutMs, createdAt.getTime() + policy.lifetimeMs));
}

export interface AuthOptions {
  policy: SessionPolicy;
  /** Secure attribute on the cookie (production, or an https origin). */
  secureCookies: boolean;
  /** The public origin is https: the cookie takes the `__Host-` prefix (no Domain, Path=/, Secure). */
  hostOnlyPrefix: boolean;
  /** The clock (tests move it instead of waiting). */
  now?: () => Date;
}

export type Auth = ReturnType<typeof createAuth>;

export function createAuth(db: Kysely<Database>, options: AuthOptions) {
  const { policy } = options;
  const now = options.now ?? (() => new Date());
  const secure = options.secureCookies || options.hostOnlyPrefix;
  const sessionCookieName = options.hostOnlyPrefix ? "__Host-ta_session" : "ta_session";
  const baseAttributes = `Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
  const writeEveryMs = activityWriteMs(policy);
  // The lookup every request makes is the same statement but for the id:
  // built and compiled once with a marker in its place, sent with each
  // request's id (as the access statement, server/permissions/resolve.ts).
  const lookup = db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["s.id", "s.user_id", "s.created_at", "s.last_seen_at", "s.expires_at", "s.impersonation_id", "u.email", "u.name"])
    .where("s.id", "=", sessionIdMarker)
    .compile();
  const lookupFor = (id: string): unknown[] => lookup.parameters.map((p) => (p === sessionIdMarker ? id : p));

  return {
    sessionCookieName,
    policy,
    now,

    /** A new session for the user; put `token` in the cookie (`sessionCookie`), never anywhere else. */
    async createSession(userId: string, client: { ip: string | null; userAgent: string | null }, executor: Kysely<Database> = db): Promise<{ session: Session; token: SessionToken }> {
      const token = generateSessionToken();
      const at = now();
      const session: Session = {
        id: sessionIdOf(token),
        userId,
        createdAt: at,
        lastSeenAt: at,
        expiresAt: sessionEndsAt(policy, at, at),
        impersonationId: null,
      };
      await executor
        .insertInto("sessions")
        .values({
          id: session.id,
          user_id: userId,
          created_at: at,
          last_seen_at: at,
          expires_at: session.expiresAt,
          ip: client.ip,
          user_agent: client.userAgent?.slice(0, 300) ?? null,
        })
        .execute();
      return { session, token };
    },

    /** The session and user a cookie's token stands for; slides the idle timeout (writing at most every few minutes). */
    async validateSession(token: string): Promise<SessionValidation> {
      if (!tokenPattern.test(token)) return { session: null, user: null };
      const id = sessionIdOf(token);
      const row = (await compiledRows(db, lookup, lookupFor(id)))[0];
      if (!row) return { session: null, user: null };
      const at = now();
      if (row.expires_at.getTime() <= at.getTime()) {
        await db.deleteFrom("sessions").where("id", "=", id).execute();
        return { session: null, user: null };
      }
      const session: Session = {
        id,
        userId: row.user_id,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
        impersonationId: row.impersonation_id,
      };
      if (at.getTime() - row.last_seen_at.getTime() >= writeEveryMs) {
        session.lastSeenAt = at;
        session.expiresAt = sessionEndsAt(policy, row.created_at, at);
        // Guarded: of concurrent requests only one writes, and a session deleted meanwhile stays deleted.
        await db.updateTable("sessions").set({ last_seen_at: at, expires_at: session.expiresAt }).where("id", "=", id).where("last_seen_at", "=", row.last_seen_at).execute();
      }
      return { session, user: { id: row.user_id, email: row.email, name: row.name } };
    },

    /** Of these session ids, those that still exist and have not ended (the sockets' periodic check). */
    async liveSessionIds(sessionIds: string[]): Promise<Set<string>> {
      const live = new Set<string>();
      for (let i = 0; i < sessionIds.length; i += 5_000) {
        const rows = await db
          .selectFrom("sessions")
          .select("id")
          .where("id", "in", sessionIds.slice(i, i + 5_000))
          .where("expires_at", ">", now())
          .execute();
        for (const row of rows) live.add(row.id);
      }
      return live;
    },

    async invalidateSession(sessionId: string): Promise<void> {
      await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
    },

    /**
     * Ends the user's sessions (but `except`, when given), in `executor`'s
     * transaction when given one. Returns the ended sessions, whose sockets
     * and view-as the caller ends (server/services/auth/sessions.ts does).
     */
    async invalidateUserSessions(userId: string, options: { except?: string } = {}, executor: Kysely<Database> = db): Promise<EndedSession[]> {
      let query = executor.deleteFrom("sessions").where("user_id", "=", userId);
      if (options.except) query = query.where("id", "<>", options.except);
      return (await query.returning(["id", "impersonation_id"]).execute()).map((r) => ({ id: r.id, impersonationId: r.impersonation_id }));
    },

    /** The raw token from a Cookie header, or null when there is no session cookie. */
    readSessionCookie(cookieHeader: string): string | null {
      for (const part of cookieHeader.split(";")) {
        const eq = part.indexOf("=");
        if (eq === -1) continue;
        if (part.slice(0, eq).trim() === sessionCookieName) return part.slice(eq + 1).trim();
      }
      return null;
    },

    /** Set-Cookie for a new session: lives until the session's lifetime ends (the idle timeout is the server's). */
    sessionCookie(token: SessionToken, session: Pick<Session, "createdAt">): string {
      const endsAt = new Date(session.createdAt.getTime() + policy.lifetimeMs);
      const maxAge = Math.max(0, Math.floor((endsAt.getTime() - now().getTime()) / 1000));
      return `${sessionCookieName}=${token}; ${baseAttributes}; Max-Age=${maxAge}; Expires=${endsAt.toUTCString()}`;
    },

    /** Set-Cookie that removes the session cookie. */
    blankSessionCookie(): string {
      return `${sessionCookieName}=; ${baseAttributes}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
    },
  };
}
