/**
 * Sign-in throttling (decision 16). Every attempt is counted BEFORE its
 * password is checked, in one transaction holding three counters' rows:
 *   - this email from this client address (fast: a few failures),
 *   - this email from anywhere (slower: a stranger can't lock the owner out
 *     from everywhere with a handful of guesses),
 *   - this client address, any email (credential stuffing).
 * An attempt past any limit is refused without checking the password, so no
 * race lets more guesses through than the limits say. A sign-in that
 * succeeds takes its own attempt back out of the counts.
 *
 * Counts live in PostgreSQL, so every server process sees the same ones.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "#db/schema";

export interface ThrottleLimit {
  /** Attempts allowed within the window; the next is refused. */
  attempts: number;
  windowMinutes: number;
  /** How long a refusal lasts once the limit is passed. */
  lockMinutes: number;
}

export interface ThrottlePolicy {
  perEmailAndAddress: ThrottleLimit;
  perEmail: ThrottleLimit;
  perAddress: ThrottleLimit;
  /** Failures (of this email from this address) before answers slow down. */
  slowAfter: number;
  delayStepMs: number;
  maxDelayMs: number;
}

export const defaultThrottlePolicy: ThrottlePolicy = {
  perEmailAndAddress: { attempts: 5, windowMinutes: 15, lockMinutes: 15 },
  // More than one address can use in an hour (4 × 5), so a lock from everywhere takes several addresses.
  perEmail: { attempts: 30, windowMinutes: 60, lockMinutes: 30 },
  perAddress: { attempts: 100, windowMinutes: 15, lockMinutes: 15 },
  slowAfter: 3,
  delayStepMs: 400,
  maxDelayMs: 3_000,
};

/**
 * The client part of a key: IPv4 as is (IPv4-mapped IPv6 unwrapped), IPv6 by
 * its /64, since one subscriber usually holds a whole /64.
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (!ip.includes(":")) return ip;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const headParts = head ? head.split(":") : [];
  const tailParts = tail ? tail.split(":") : [];
  const missing = ip.includes("::") ? 8 - headParts.length - tailParts.length : 0;
  const groups = [...headParts, ...Array<string>(Math.max(0, missing)).fill("0"), ...tailParts];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

function keysFor(email: string, ip: string) {
  const client = clientKey(ip);
  return {
    pair: `pair:${email}|${client}`,
    email: `email:${email}`,
    address: `ip:${client}`,
  };
}

export type AttemptVerdict = { allowed: true; failuresBefore: number } | { allowed: false; retryAt: Date };

interface Counter {
  key: string;
  limit: ThrottleLimit;
}

/**
 * Counts one sign-in attempt for this email and client, and says whether its
 * password may be checked. The three counters' rows are locked (in key order)
 * for the decision, so concurrent attempts queue and exactly `attempts` of
 * them get through per window. A refused attempt counts on no counter, so a
 * stranger hammering one email from one address never adds to the email's
 * own (slower) count beyond the few attempts their address is allowed.
 */
export async function beginSignInAttempt(db: Kysely<Database>, email: string, ip: string, policy: ThrottlePolicy, now: Date): Promise<AttemptVerdict> {
  const keys = keysFor(email, ip);
  const counters: Counter[] = [
    { key: keys.pair, limit: policy.perEmailAndAddress },
    { key: keys.email, limit: policy.perEmail },
    { key: keys.address, limit: policy.perAddress },
  ].sort((a, b) => (a.key < b.key ? -1 : 1));
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto("sign_in_throttles")
      .values(counters.map((c) => ({ key: c.key, failures: 0, first_failure_at: now, locked_until: null })))
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
    const rows = await trx
      .selectFrom("sign_in_throttles")
      .selectAll()
      .where(
        "key",
        "in",
        counters.map((c) => c.key),
      )
      .orderBy("key")
      .forUpdate()
      .execute();
    const next = counters.map((counter) => {
      const row = rows.find((r) => r.key === counter.key);
      if (!row) throw new Error(`sign-in counter ${counter.key} vanished`);
      const lockedUntil = row.locked_until && row.locked_until > now ? row.locked_until : null;
      const windowOver = row.first_failure_at.getTime() <= now.getTime() - counter.limit.windowMinutes * 60_000;
      const failures = windowOver ? 1 : row.failures + 1;
      return {
        ...counter,
        lockedUntil,
        startsLock: !lockedUntil && failures > counter.limit.attempts,
        failures,
        firstFailureAt: windowOver ? now : row.first_failure_at,
        failuresBefore: windowOver ? 0 : row.failures,
      };
    });

    const refusing = next.filter((c) => c.lockedUntil || c.startsLock);
    if (refusing.length > 0) {
      for (const c of next.filter((n) => n.startsLock)) {
        const lockedUntil = new Date(now.getTime() + c.limit.lockMinutes * 60_000);
        c.lockedUntil = lockedUntil;
        // A fresh window starts after the lock.
        await trx.updateTable("sign_in_throttles").set({ failures: 0, first_failure_at: now, locked_until: lockedUntil }).where("key", "=", c.key).execute();
      }
      const retryAt = Math.max(...refusing.map((c) => c.lockedUntil?.getTime() ?? 0));
      return { allowed: false as const, retryAt: new Date(retryAt) };
    }
    for (const c of next) {
      await trx.updateTable("sign_in_throttles").set({ failures: c.failures, first_failure_at: c.firstFailureAt, locked_until: null }).where("key", "=", c.key).execute();
    }
    return { allowed: true as const, failuresBefore: next.find((c) => c.key === keys.pair)?.failuresBefore ?? 0 };
  });
}

/** A correct password: this email's counts start again, and this attempt no longer counts against the address. */
export async function signInSucceeded(db: Kysely<Database>, email: string, ip: string): Promise<void> {
  const keys = keysFor(email, ip);
  await db.deleteFrom("sign_in_throttles").where("key", "in", [keys.pair, keys.email]).where("locked_until", "is", null).execute();
  await db
    .updateTable("sign_in_throttles")
    .set((eb) => ({ failures: sql<number>`greatest(${eb.ref("failures")} - 1, 0)` }))
    .where("key", "=", keys.address)
    .where("locked_until", "is", null)
    .execute();
}

/** How long to hold back the answer to a failed attempt (slows guessing down before the lock). */
export function failureDelayMs(failuresBefore: number, policy: ThrottlePolicy): number {
  const failures = failuresBefore + 1;
  return failures > policy.slowAfter ? Math.min((failures - policy.slowAfter) * policy.delayStepMs, policy.maxDelayMs) : 0;
}

export function minutesUntil(date: Date, now: Date): number {
  return Math.max(1, Math.ceil((date.getTime() - now.getTime()) / 60_000));
}
