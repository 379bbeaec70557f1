/**
 * The session lookup every request makes is compiled once and sent with each
 * request's id (server/auth/sessions.ts). Reused for many sessions, it must
 * still answer each with its own user, and never accept a session that has
 * ended, been signed out or never existed.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionIdOf } from "#server/auth/sessions";
import { createUser, sessionCookie, type TestUser } from "./helpers/fixtures";
import { startTestServer, testClock, type TestServer } from "./helpers/server";

const minute = 60_000;
const clock = testClock();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ clock: clock.now, env: { SESSION_IDLE_MINUTES: 10, SESSION_LIFETIME_HOURS: 1 } });
});
afterAll(async () => {
  await server?.stop();
});

const tokenOf = (cookie: string) => cookie.slice(cookie.indexOf("=") + 1);

describe("the compiled session lookup", () => {
  let users: TestUser[];
  let tokens: string[];
  beforeAll(async () => {
    users = [await createUser(server.deps), await createUser(server.deps), await createUser(server.deps)];
    tokens = [];
    for (const user of users) tokens.push(tokenOf(await sessionCookie(server.deps, user)));
  });

  it("answers each session with its own user, however the calls interleave", async () => {
    const answers = await Promise.all([0, 1, 2, 2, 1, 0, 1, 0, 2].map((i) => server.deps.auth.validateSession(tokens[i] as string)));
    expect(answers.map((a) => a.user?.id)).toEqual([0, 1, 2, 2, 1, 0, 1, 0, 2].map((i) => users[i]?.id));
    expect(answers.map((a) => a.session?.id)).toEqual([0, 1, 2, 2, 1, 0, 1, 0, 2].map((i) => sessionIdOf(tokens[i] as string)));
  });

  it("never accepts a token nobody was given, nor the stored hash used as a token", async () => {
    expect((await server.deps.auth.validateSession(randomBytes(32).toString("base64url"))).session).toBeNull();
    expect((await server.deps.auth.validateSession(sessionIdOf(tokens[0] as string))).session).toBeNull();
  });

  it("refuses a signed-out session on the very next lookup", async () => {
    const user = await createUser(server.deps);
    const token = tokenOf(await sessionCookie(server.deps, user));
    expect((await server.deps.auth.validateSession(token)).user?.id).toBe(user.id);
    await server.deps.auth.invalidateSession(sessionIdOf(token));
    expect(await server.deps.auth.validateSession(token)).toEqual({ session: null, user: null });
    const other = tokenOf(await sessionCookie(server.deps, user));
    expect((await server.deps.auth.validateSession(other)).user?.id).toBe(user.id);
    await server.deps.auth.invalidateUserSessions(user.id);
    expect(await server.deps.auth.validateSession(other)).toEqual({ session: null, user: null });
  });

  it("refuses a session past its idle timeout, and deletes it", async () => {
    const user = await createUser(server.deps);
    const token = tokenOf(await sessionCookie(server.deps, user));
    clock.advance(9 * minute);
    expect((await server.deps.auth.validateSession(token)).user?.id).toBe(user.id);
    clock.advance(10 * minute);
    expect(await server.deps.auth.validateSession(token)).toEqual({ session: null, user: null });
    expect(await server.deps.db.selectFrom("sessions").select("id").where("id", "=", sessionIdOf(token)).executeTakeFirst()).toBeUndefined();
    // The first three, last used 19 minutes ago, have ended too.
    for (const [i, t] of tokens.entries()) expect((await server.deps.auth.validateSession(t)).session, `session ${i}`).toBeNull();
  });
});
