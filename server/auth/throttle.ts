/**
 * Failed sign-ins are counted per email and per client address in
 * PostgreSQL (so every server process sees the same counts). After a few
 * failures answers are slowed down; after more, sign-in for that email or
 * address is refused for a while with a message saying so.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";

export interface ThrottlePolicy {
  windowMinutes: number;
  /** Failures before answers start to slow down. */
  slowAfter: number;
  delayStepMs: number;
  maxDelayMs: number;
  lockAfterForEmail: number;
  lockAfterForAddress: number;
  lockMinutes: number;
}

export const defaultThrottlePolicy: ThrottlePolicy = {
  windowMinutes: 15,
  slowAfter: 3,
  delayStepMs: 400,
  maxDelayMs: 3_000,
  lockAfterForEmail: 8,
  lockAfterForAddress: 30,
  lockMinutes: 15,
};

export interface ThrottleState {
  lockedUntil: Date | null;
  failures: number;
}

function keys(email: string, ip: string) {
  return { email: `email:${email}`, address: `ip:${ip}` };
}

/** The latest lock on either key, if one is still in force. */
export async function activeLock(db: Kysely<Database>, email: string, ip: string): Promise<Date | null> {
  const k = keys(email, ip);
  const row = await db
    .selectFrom("sign_in_throttles")
    .select((eb) => eb.fn.max("locked_until").as("locked_until"))
    .where("key", "in", [k.email, k.address])
    .where("locked_until", ">", sql<Date>`now()`)
    .executeTakeFirst();
  return row?.locked_until ?? null;
}

async function bump(db: Kysely<Database>, key: string, lockAfter: number, policy: ThrottlePolicy): Promise<ThrottleState> {
  const window = `${policy.windowMinutes} minutes`;
  const lock = `${policy.lockMinutes} minutes`;
  const result = await sql<{ failures: number; locked_until: Date | null }>`
    insert into sign_in_throttles as t (key, failures, first_failure_at)
    values (${key}, 1, now())
    on conflict (key) do update set
      failures = case when t.first_failure_at < now() - ${window}::interval then 1 else t.failures + 1 end,
      first_failure_at = case when t.first_failure_at < now() - ${window}::interval then now() else t.first_failure_at end
    returning failures, locked_until
  `.execute(db);
  const row = result.rows[0] ?? { failures: 1, locked_until: null };
  if (row.failures >= lockAfter) {
    const locked = await sql<{ locked_until: Date }>`
      update sign_in_throttles set locked_until = now() + ${lock}::interval, failures = 0, first_failure_at = now()
      where key = ${key} returning locked_until
    `.execute(db);
    return { failures: row.failures, lockedUntil: locked.rows[0]?.locked_until ?? null };
  }
  return { failures: row.failures, lockedUntil: null };
}

/** Records a failure on both keys; returns how long to hold the answer back and any new lock. */
export async function recordFailure(
  db: Kysely<Database>,
  email: string,
  ip: string,
  policy: ThrottlePolicy,
): Promise<{ delayMs: number; lockedUntil: Date | null }> {
  const k = keys(email, ip);
  const [byEmail, byAddress] = await Promise.all([
    bump(db, k.email, policy.lockAfterForEmail, policy),
    bump(db, k.address, policy.lockAfterForAddress, policy),
  ]);
  const failures = Math.max(byEmail.failures, byAddress.failures);
  const delayMs = failures > policy.slowAfter ? Math.min((failures - policy.slowAfter) * policy.delayStepMs, policy.maxDelayMs) : 0;
  const lockedUntil = [byEmail.lockedUntil, byAddress.lockedUntil].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
  return { delayMs, lockedUntil };
}

/** A successful sign-in clears the email's count (not the address's). */
export async function recordSuccess(db: Kysely<Database>, email: string, ip: string): Promise<void> {
  await db.deleteFrom("sign_in_throttles").where("key", "=", keys(email, ip).email).execute();
}

export function minutesUntil(date: Date, now = new Date()): number {
  return Math.max(1, Math.ceil((date.getTime() - now.getTime()) / 60_000));
}
