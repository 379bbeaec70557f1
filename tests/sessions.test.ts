/**
 * Sessions: stored as a hash of the cookie's token, ended by an idle timeout
 * that slides and a lifetime that doesn't, deleted by a sweep. Time is a
 * test clock moved forward, never waited for.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityWriteMs } from "#server/auth/sessions";
import { ConfigError, loadConfig } from "#server/config";
import { createUser, sessionIdOfCookie } from "./helpers/fixtures";
import { connectSocket } from "./helpers/sockets";
import { startTestServer, testClock, type TestServer } from "./helpers/server";

const minute = 60_000;
const clock = testClock();
let server: TestServer;
beforeAll(async () => {
  // 10 minutes idle, 1 hour in all: short, so the story fits in a few moves of the clock.
  server = await startTestServer({
    clock: clock.now,
    env: { SESSION_IDLE_MINUTES: 10, SESSION_LIFETIME_HOURS: 1, REALTIME_SESSION_CHECK_MS: 100 },
  });
});
afterAll(async () => {
  await server?.stop();
});

async function signIn(email: string, password: string): Promise<{ cookie: string; setCookie: string }> {
  const response = await fetch(`${server.url}/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.origin, "user-agent": "vitest" },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  const setCookie = response.headers.get("set-cookie") ?? "";
  return { cookie: setCookie.split(";")[0] ?? "", setCookie };
}

/** Who the cookie signs in as (null: signed out), and whether the answer cleared the cookie. */
async function me(cookie: string): Promise<{ email: string | null; cleared: boolean }> {
  const response = await fetch(`${server.url}/trpc/auth.me`, { headers: { cookie } });
  const body = (await response.json()) as { result: { data: { email: string } | null } };
  return { email: body.result.data?.email ?? null, cleared: /Max-Age=0/.test(response.headers.get("set-cookie") ?? "") };
}

async function sessionRow(cookie: string) {
  return server.deps.db.selectFrom("sessions").selectAll().where("id", "=", sessionIdOfCookie(cookie)).executeTakeFirst();
}

describe("a session in the database", () => {
  it("holds the SHA-256 of the cookie's token, never the token", async () => {
    const user = await createUser(server.deps);
    const { cookie } = await signIn(user.email, user.password);
    const token = cookie.slice(cookie.indexOf("=") + 1);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await server.deps.db.selectFrom("sessions").select(["id", "user_id"]).where("user_id", "=", user.id).execute();
    expect(rows).toEqual([{ id: createHash("sha256").update(token).digest("hex"), user_id: user.id }]);
    // The token appears nowhere in the row.
    const row = await server.deps.db.selectFrom("sessions").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(token);
    // A copy of the row's id is no session: presented as a cookie, it signs no one in.
    expect((await me(`${server.deps.auth.sessionCookieName}=${row.id}`)).email).toBeNull();
  });

  it("refuses, in the database itself, a session id that is not a hash", async () => {
    const user = await createUser(server.deps);
    await expect(server.deps.db.insertInto("sessions").values({ id: "raw-cookie-value-of-43-characters-abcdefghi", user_id: user.id, expires_at: new Date() }).execute()).rejects.toMatchObject({ code: "23514" });
  });
});

describe("idle timeout and lifetime", () => {
  it("ends a session after the idle timeout without a request, and clears the cookie", async () => {
    const user = await createUser(server.deps);
    const { cookie } = await signIn(user.email, user.password);
    clock.advance(9 * minute);
    expect((await me(cookie)).email).toBe(user.email);
    clock.advance(10 * minute + 1_000); // 10 minutes and a second since the last request
    expect(await me(cookie)).toEqual({ email: null, cleared: true });
    expect(await sessionRow(cookie)).toBeUndefined();
  });

  it("slides with use, but never past the lifetime after sign-in", async () => {
    const user = await createUser(server.deps);
    const { cookie, setCookie } = await signIn(user.email, user.password);
    // The cookie itself lives as long as the session's lifetime, no longer.
    expect(setCookie).toMatch(/Max-Age=3600(;|$)/);
    for (let elapsed = 9; elapsed <= 54; elapsed += 9) {
      clock.advance(9 * minute);
      expect((await me(cookie)).email, `${elapsed} minutes after sign-in`).toBe(user.email);
    }
    // 54 minutes in, used a moment ago: it ends at the hour all the same.
    expect((await sessionRow(cookie))?.expires_at.getTime()).toBe(clock.now().getTime() + 6 * minute);
    clock.advance(6 * minute);
    expect(await me(cookie)).toEqual({ email: null, cleared: true });
  });

  it("writes 'last seen' at most once per activity interval, not on every request", async () => {
    const user = await createUser(server.deps);
    const { cookie } = await signIn(user.email, user.password);
    const signedIn = (await sessionRow(cookie))?.last_seen_at.getTime();
    const interval = activityWriteMs(server.deps.auth.policy);
    expect(interval).toBe(minute); // a tenth of 10 minutes
    for (let i = 0; i < 5; i += 1) {
      clock.advance(interval / 10);
      await me(cookie);
    }
    expect((await sessionRow(cookie))?.last_seen_at.getTime()).toBe(signedIn);
    clock.advance(interval);
    await me(cookie);
    expect((await sessionRow(cookie))?.last_seen_at.getTime()).toBe(clock.now().getTime());
  });

  it("closes the open sockets of a session that ran out", async () => {
    const user = await createUser(server.deps);
    const { cookie } = await signIn(user.email, user.password);
    const socket = await connectSocket(server, { cookie });
    try {
      clock.advance(11 * minute);
      await expect(socket.waitForDisconnect(3_000)).resolves.toBe("io server disconnect");
      await expect(connectSocket(server, { cookie })).rejects.toThrow("NOT_SIGNED_IN");
    } finally {
      socket.close();
    }
  });

  it("refuses an idle timeout longer than the lifetime at start", () => {
    expect(() => loadConfig({}, { SESSION_IDLE_MINUTES: 120, SESSION_LIFETIME_HOURS: 1 })).toThrow(ConfigError);
    expect(loadConfig({}, {}).sessions).toEqual({ idleTimeoutMs: 30 * minute, lifetimeMs: 12 * 60 * minute });
  });
});
