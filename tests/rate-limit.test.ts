/**
 * The generic limiter (server/auth/rateLimit.ts) against real PostgreSQL:
 * concurrent attempts never let more through than the limit, windows end,
 * several keys are counted in one go, refusals say when to try again, and
 * ended counters are swept. Then the throttles built on it, over HTTP:
 * sign-up, password reset requests and verification resends.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { consumeRateLimit, enforceRateLimit } from "#server/auth/rateLimit";
import { deleteEndedRateLimits } from "#server/retention/sweeps";
import { defaultRateLimits, type RateLimitPolicy } from "#server/auth/rateLimitPolicy";
import { appCodeOf, createUser, httpClient, sessionCookie, uniqueEmail } from "./helpers/fixtures";
import { type TestServer, serverForTests, withTestServer } from "./helpers/server";

let server: TestServer;
serverForTests((started) => (server = started));

let n = 0;
const freshKey = (label: string) => `test:${label}:${(n += 1)}:${Math.random().toString(36).slice(2)}`;

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.origin, ...headers },
    body: JSON.stringify(body),
  });
}

interface ErrorBody {
  error: { message: string; data: { appCode: string; httpStatus: number; details: { retryAfterSeconds?: number } | null } };
}

describe("the limiter", () => {
  it("lets exactly the limit through when 25 attempts arrive at once", async () => {
    const key = freshKey("burst");
    const verdicts = await Promise.all(Array.from({ length: 25 }, () => consumeRateLimit(server.deps.db, [{ key, limit: 8, windowSeconds: 60 }])));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(8);
    // Every attempt got its own number: the count is atomic.
    expect(verdicts.map((v) => v.hits[key]).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    for (const refused of verdicts.filter((v) => !v.allowed)) {
      expect(refused.retryAfterSeconds).toBeGreaterThan(0);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
  });

  it("never lets more than the limit through, for any limit and any number of concurrent attempts on two keys", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 20 }), async (perAddress, perClient, attempts) => {
        const address = freshKey("address");
        const client = freshKey("client");
        const verdicts = await Promise.all(
          Array.from({ length: attempts }, () =>
            consumeRateLimit(server.deps.db, [
              { key: address, limit: perAddress, windowSeconds: 60 },
              { key: client, limit: perClient, windowSeconds: 60 },
            ]),
          ),
        );
        expect(verdicts.filter((v) => v.allowed)).toHaveLength(Math.min(attempts, perAddress, perClient));
      }),
      { numRuns: 15 },
    );
  });

  it("starts counting again once the window has ended, and the sweep deletes ended windows only", async () => {
    const ended = freshKey("ended");
    const open = freshKey("open");
    await consumeRateLimit(server.deps.db, [{ key: ended, limit: 1, windowSeconds: 60 }]);
    expect((await consumeRateLimit(server.deps.db, [{ key: ended, limit: 1, windowSeconds: 60 }])).allowed).toBe(false);
    await consumeRateLimit(server.deps.db, [{ key: open, limit: 1, windowSeconds: 60 }]);
    await server.deps.db
      .updateTable("rate_limits")
      .set({ window_ends_at: new Date(Date.now() - 1_000) })
      .where("key", "=", ended)
      .execute();

    // The retention sweep with no margin: exactly the ended window goes.
    const swept = await deleteEndedRateLimits(server.deps.db, new Date(), 0);
    expect(swept).toBeGreaterThanOrEqual(1);
    const left = await server.deps.db.selectFrom("rate_limits").select("key").where("key", "in", [ended, open]).execute();
    expect(left.map((r) => r.key)).toEqual([open]);
    expect((await consumeRateLimit(server.deps.db, [{ key: ended, limit: 1, windowSeconds: 60 }])).allowed).toBe(true);
  });

  it("counts an ended window as a new one even before the sweep has run", async () => {
    const key = freshKey("lazy");
    await consumeRateLimit(server.deps.db, [{ key, limit: 1, windowSeconds: 60 }]);
    await server.deps.db
      .updateTable("rate_limits")
      .set({ window_ends_at: new Date(Date.now() - 1_000) })
      .where("key", "=", key)
      .execute();
    const verdict = await consumeRateLimit(server.deps.db, [{ key, limit: 1, windowSeconds: 60 }]);
    expect(verdict).toMatchObject({ allowed: true, hits: { [key]: 1 } });
  });

  it("refuses with the rule's code, words that say when to try again, and the seconds", async () => {
    const rule = { ...defaultRateLimits.passwordCheck, name: freshKey("rule"), limits: { user: { max: 1, windowSeconds: 600 } } };
    await enforceRateLimit(server.deps.db, rule, { user: "someone" });
    const refusal = await enforceRateLimit(server.deps.db, rule, { user: "someone" }).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ appCode: "PASSWORD_CHECK_RATE_LIMITED" });
    expect((refusal as Error).message).toMatch(/^Your password has been entered too many times\. Please wait 10 minutes before trying again\.$/);
    expect((refusal as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds).toBeGreaterThan(590);
  });
});

describe("throttles over HTTP", () => {
  it("refuses the sign-up past the per-address limit with a code, words, a retry-after value and header", async () => {
    const email = uniqueEmail("signup-limit");
    const max = defaultRateLimits.signUp.limits.address?.max ?? 0;
    const statuses: number[] = [];
    for (let i = 0; i < max; i += 1) statuses.push((await post("auth.signUp", { name: "Sig Nup", email, password: "long enough pw" }, { "x-test": String(i) })).status);
    // The first creates the account, the others meet "already exists": all counted.
    expect(statuses[0]).toBe(200);
    expect(statuses.slice(1).every((s) => s === 409)).toBe(true);
    const refused = await post("auth.signUp", { name: "Sig Nup", email, password: "long enough pw" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await refused.json()) as ErrorBody;
    expect(body.error.data.appCode).toBe("SIGN_UP_RATE_LIMITED");
    expect(body.error.message).toMatch(/Please wait \d+ minutes? before trying again\./);
    expect(body.error.data.details?.retryAfterSeconds).toBe(Number(refused.headers.get("retry-after")));
  });

  it("counts sign-ups per client too, whatever the address, and a burst gets no more through than the limit", async () => {
    const tight: RateLimitPolicy = {
      ...defaultRateLimits,
      signUp: { ...defaultRateLimits.signUp, limits: { address: { max: 5, windowSeconds: 3600 }, client: { max: 4, windowSeconds: 3600 } } },
    };
    await withTestServer({ rateLimits: tight }, async (own) => {
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          fetch(`${own.url}/trpc/auth.signUp`, {
            method: "POST",
            headers: { "content-type": "application/json", origin: own.origin },
            body: JSON.stringify({ name: `Burst ${i}`, email: uniqueEmail("burst"), password: "long enough pw" }),
          }),
        ),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(4);
      expect(statuses.filter((s) => s === 429)).toHaveLength(8);
      const users = await own.deps.db.selectFrom("users").select("id").where("email", "like", "burst.%").execute();
      expect(users).toHaveLength(4);
    });
  });

  it("throttles reset requests per address, with the same answer whether or not the address has an account", async () => {
    const known = await createUser(server.deps);
    const unknown = uniqueEmail("nobody");
    const max = defaultRateLimits.passwordReset.limits.address?.max ?? 0;
    for (const email of [known.email, unknown]) {
      for (let i = 0; i < max; i += 1) expect((await post("account.requestPasswordReset", { email })).status).toBe(200);
    }
    const refusedKnown = await post("account.requestPasswordReset", { email: known.email });
    const refusedUnknown = await post("account.requestPasswordReset", { email: unknown });
    expect(refusedKnown.status).toBe(429);
    expect(refusedUnknown.status).toBe(429);
    const a = (await refusedKnown.json()) as ErrorBody;
    const b = (await refusedUnknown.json()) as ErrorBody;
    expect(a.error.data.appCode).toBe("PASSWORD_RESET_RATE_LIMITED");
    expect(b.error.data.appCode).toBe(a.error.data.appCode);
    expect(b.error.message.replace(/\d+ minutes?/, "N")).toBe(a.error.message.replace(/\d+ minutes?/, "N"));
    await server.deps.background.idle();
  });

  it("throttles reset requests per client across addresses", async () => {
    const tight: RateLimitPolicy = {
      ...defaultRateLimits,
      passwordReset: { ...defaultRateLimits.passwordReset, limits: { address: { max: 3, windowSeconds: 3600 }, client: { max: 5, windowSeconds: 3600 } } },
    };
    await withTestServer({ rateLimits: tight }, async (own) => {
      const codes = await Promise.all(Array.from({ length: 9 }, () => appCodeOf(httpClient(own, null).account.requestPasswordReset.mutate({ email: uniqueEmail("spray") })).catch(() => "ok")));
      expect(codes.filter((c) => c === "ok")).toHaveLength(5);
      expect(codes.filter((c) => c === "PASSWORD_RESET_RATE_LIMITED")).toHaveLength(4);
      await own.deps.background.idle();
    });
  });

  it("throttles verification resends per account, concurrent ones included", async () => {
    const person = await createUser(server.deps, { verified: false });
    const client = httpClient(server, await sessionCookie(server.deps, person));
    const max = defaultRateLimits.verificationResend.limits.user?.max ?? 0;
    const outcomes = await Promise.all(
      Array.from({ length: max + 6 }, () =>
        client.account.resendVerification.mutate().then(
          () => "sent",
          (e: unknown) => appCodeOf(Promise.reject(e)),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === "sent")).toHaveLength(max);
    expect(outcomes.filter((o) => o === "VERIFICATION_RATE_LIMITED")).toHaveLength(6);
    // Only the newest of the links sent is open.
    const open = await server.deps.db.selectFrom("account_tokens").select("id").where("user_id", "=", person.id).where("ended_at", "is", null).execute();
    expect(open).toHaveLength(1);
  });
});

describe("on the pages", () => {
  const tight: RateLimitPolicy = {
    ...defaultRateLimits,
    passwordReset: { ...defaultRateLimits.passwordReset, limits: { address: { max: 1, windowSeconds: 600 } } },
    signUp: { ...defaultRateLimits.signUp, limits: { client: { max: 1, windowSeconds: 600 } } },
  };
  let pages: TestServer;
  serverForTests((started) => (pages = started), { pages: true, rateLimits: tight });

  const postForm = (path: string, fields: Record<string, string>) =>
    fetch(`${pages.url}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: pages.origin, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });

  // The same Retry-After as a paused sign-in's page (tests/sign-in-throttle.test.ts) and as /trpc answers.
  it("a refused reset request says when to try again, in words and as Retry-After", async () => {
    const email = uniqueEmail("page-reset");
    expect((await postForm("/forgot-password", { email })).status).toBe(200);
    const refused = await postForm("/forgot-password", { email });
    expect(refused.status).toBe(429);
    const seconds = Number(refused.headers.get("retry-after"));
    expect(seconds).toBeGreaterThan(590);
    expect(seconds).toBeLessThanOrEqual(600);
    expect(await refused.text()).toContain("Please wait 10 minutes before trying again.");
    await pages.deps.background.idle();
  });

  it("a refused sign-up says when to try again, in words and as Retry-After", async () => {
    const first = await postForm("/sign-up", { name: "Page One", email: uniqueEmail("page-signup"), password: "long enough pw", redirectTo: "" });
    expect(first.status).toBe(302);
    const refused = await postForm("/sign-up", { name: "Page Two", email: uniqueEmail("page-signup"), password: "long enough pw", redirectTo: "" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(590);
    expect(await refused.text()).toContain("Please wait 10 minutes before trying again.");
  });
});
