/**
 * Sign-in throttling over HTTP: attempts are counted before any password is
 * checked, so concurrency lets no extra guess through; the fast lock is per
 * email and client address, the per-email lock is slower, so a stranger
 * can't lock a user out from everywhere; every refusal says when to retry.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as password from "#server/auth/password";
import { createUser, type TestUser } from "./helpers/fixtures";
import { type TestServer, serverForTests } from "./helpers/server";

// Every password the server checks, in the order checked.
const checked = vi.hoisted(() => [] as string[]);
vi.mock("#server/auth/password", async (importOriginal) => {
  const original = await importOriginal<typeof password>();
  return {
    ...original,
    verifyPassword: (hash: string | null, attempt: string) => {
      checked.push(attempt);
      return original.verifyPassword(hash, attempt);
    },
  };
});

let server: TestServer;
// One trusted proxy: X-Forwarded-For names the client, so a test can come from many addresses.
serverForTests((started) => (server = started), { env: { TRUST_PROXY_HOPS: 1 } });

interface Answer {
  status: number;
  appCode: string | null;
  message: string;
  retryAfterSeconds: number | null;
  retryAfterHeader: string | null;
}

async function signIn(email: string, pass: string, from: string): Promise<Answer> {
  const response = await fetch(`${server.url}/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.origin, "x-forwarded-for": from },
    body: JSON.stringify({ email, password: pass }),
  });
  const body = (await response.json()) as {
    error?: { message: string; data: { appCode: string; details: { retryAfterSeconds?: number } | null } };
  };
  return {
    status: response.status,
    appCode: body.error?.data.appCode ?? null,
    message: body.error?.message ?? "",
    retryAfterSeconds: body.error?.data.details?.retryAfterSeconds ?? null,
    retryAfterHeader: response.headers.get("retry-after"),
  };
}

function checksOf(prefix: string): number {
  return checked.filter((p) => p.startsWith(prefix)).length;
}

function expectLocked(answer: Answer, minutes: number) {
  expect(answer.status).toBe(429);
  expect(answer.appCode).toBe("SIGN_IN_LOCKED");
  expect(answer.message).toBe(`Too many failed sign-in attempts. Please wait ${minutes} minutes before trying again.`);
  expect(answer.retryAfterSeconds).toBeGreaterThan((minutes - 1) * 60);
  expect(answer.retryAfterSeconds).toBeLessThanOrEqual(minutes * 60);
  expect(answer.retryAfterHeader).toBe(String(answer.retryAfterSeconds));
}

describe("25 wrong passwords at once", () => {
  it("check no more passwords than the limit; the rest are refused with when to try again", async () => {
    const user = await createUser(server.deps);
    const limit = server.deps.throttle.perEmailAndAddress.attempts;
    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => signIn(user.email, `concurrent guess ${i}`, "203.0.113.10")));
    expect(checksOf("concurrent guess")).toBe(limit);
    expect(answers.filter((a) => a.appCode === "INVALID_CREDENTIALS")).toHaveLength(limit);
    const refused = answers.filter((a) => a.appCode === "SIGN_IN_LOCKED");
    expect(refused).toHaveLength(25 - limit);
    for (const answer of refused) expectLocked(answer, server.deps.throttle.perEmailAndAddress.lockMinutes);
    // The right password, from the same address, is refused too while the lock lasts, unchecked.
    const before = checked.length;
    expectLocked(await signIn(user.email, user.password, "203.0.113.10"), 15);
    expect(checked.length).toBe(before);
  });

  it("for an email with no account behave the same (a lock tells nothing about accounts)", async () => {
    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => signIn("nobody.here@example.com", `ghost guess ${i}`, "203.0.113.11")));
    expect(checksOf("ghost guess")).toBe(server.deps.throttle.perEmailAndAddress.attempts);
    expect(answers.filter((a) => a.appCode === "INVALID_CREDENTIALS")).toHaveLength(server.deps.throttle.perEmailAndAddress.attempts);
    expect(answers.filter((a) => a.appCode === "SIGN_IN_LOCKED")).toHaveLength(25 - server.deps.throttle.perEmailAndAddress.attempts);
  });
});

describe("the lock is keyed by email and client address", () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await createUser(server.deps);
  });

  it("a stranger hammering from one address locks only that address out of that email", async () => {
    const stranger = "198.51.100.7";
    const answers: Answer[] = [];
    for (let i = 0; i < 40; i += 1) answers.push(await signIn(user.email, `stranger guess ${i}`, stranger));
    expect(answers.filter((a) => a.appCode === "INVALID_CREDENTIALS")).toHaveLength(server.deps.throttle.perEmailAndAddress.attempts);
    expectLocked(answers.at(-1) as Answer, 15);
    // The owner, from their own address, signs in.
    const owner = await signIn(user.email, user.password, "192.0.2.44");
    expect(owner.status).toBe(200);
    // Other people from the stranger's address are not affected either.
    const neighbour = await createUser(server.deps);
    expect((await signIn(neighbour.email, neighbour.password, stranger)).status).toBe(200);
  });

  it("but past the slower per-email limit, failures from many addresses lock the email everywhere", async () => {
    const { perEmail, perEmailAndAddress } = server.deps.throttle;
    const addresses = Math.ceil(perEmail.attempts / perEmailAndAddress.attempts);
    let failures = 0;
    for (let a = 0; a < addresses; a += 1) {
      for (let i = 0; i < perEmailAndAddress.attempts && failures < perEmail.attempts; i += 1) {
        expect((await signIn(user.email, `distributed guess ${a}.${i}`, `198.51.100.${100 + a}`)).appCode).toBe("INVALID_CREDENTIALS");
        failures += 1;
      }
    }
    expect(failures).toBe(perEmail.attempts);
    // One attempt more, from an address never seen: the email is paused everywhere, even with the right password.
    expectLocked(await signIn(user.email, user.password, "192.0.2.200"), perEmail.lockMinutes);
    expectLocked(await signIn(user.email, user.password, "192.0.2.44"), perEmail.lockMinutes);
  });

  it("counts IPv6 clients by their /64", async () => {
    const other = await createUser(server.deps);
    const limit = server.deps.throttle.perEmailAndAddress.attempts;
    for (let i = 0; i < limit; i += 1) {
      expect((await signIn(other.email, `v6 guess ${i}`, `2001:db8:1:2::${i + 1}`)).appCode).toBe("INVALID_CREDENTIALS");
    }
    expectLocked(await signIn(other.email, "v6 guess again", "2001:db8:1:2:ffff::1"), 15);
    expect((await signIn(other.email, other.password, "2001:db8:1:3::1")).status).toBe(200);
  });
});

describe("on the sign-in page", () => {
  let pages: TestServer;
  serverForTests((started) => (pages = started), { pages: true });

  it("a paused sign-in says in words when to try again, with Retry-After", async () => {
    const user = await createUser(pages.deps);
    const post = (pass: string) =>
      fetch(`${pages.url}/sign-in`, {
        method: "POST",
        redirect: "manual",
        headers: { origin: pages.origin, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: user.email, password: pass, redirectTo: "" }).toString(),
      });
    for (let i = 0; i < pages.deps.throttle.perEmailAndAddress.attempts; i += 1) expect((await post(`page guess ${i}`)).status).toBe(401);
    const paused = await post(user.password);
    expect(paused.status).toBe(429);
    expect(Number(paused.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    expect(await paused.text()).toContain("Too many failed sign-in attempts. Please wait 15 minutes before trying again.");
  });
});
