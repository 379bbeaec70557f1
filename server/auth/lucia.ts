import { NodePostgresAdapter } from "@lucia-auth/adapter-postgresql";
import { Lucia, TimeSpan } from "lucia";
import type pg from "pg";

export const sessionCookieName = "ta_session";

export function createLucia(pool: pg.Pool, options: { secureCookies: boolean }) {
  const adapter = new NodePostgresAdapter(pool, { user: "users", session: "sessions" });
  return new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(30, "d"),
    sessionCookie: {
      name: sessionCookieName,
      // Lucia always sets HttpOnly; SameSite=Lax keeps the cookie off
      // cross-site POSTs; Secure in production.
      attributes: { sameSite: "lax", secure: options.secureCookies, path: "/" },
    },
    getUserAttributes: (attributes) => ({ email: attributes.email, name: attributes.name }),
    // The impersonation (if any) rides on the session row, so resolving it costs no extra query when there is none.
    getSessionAttributes: (attributes) => ({ impersonationId: attributes.impersonation_id ?? null }),
  });
}

export type Auth = ReturnType<typeof createLucia>;

declare module "lucia" {
  interface Register {
    Lucia: Auth;
    UserId: string;
    DatabaseUserAttributes: { email: string; name: string };
    // impersonation_id is optional only so sign-in can create sessions without naming it.
    DatabaseSessionAttributes: { ip: string | null; user_agent: string | null; impersonation_id?: string | null };
  }
}
