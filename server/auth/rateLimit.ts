/**
 * A generic fixed-window rate limiter counted in PostgreSQL, so every server
 * process sees the same counts. One statement counts the attempt on every
 * key at once (per address, per client, per account) *before* the work is
 * done: concurrent attempts each get their own number from the row lock of
 * `insert … on conflict do update`, so no race lets more through than the
 * limit. Refused attempts count too (the window does not move), and the
 * refusal says when to try again: words, a retry-after value and a stable code.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "#db/schema";
import { AppError } from "../errors";
import type { RateLimitCode, RateLimitRule } from "./rateLimitPolicy";

export interface RateLimitBucket {
  key: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitVerdict {
  allowed: boolean;
  /** Seconds until every refusing bucket's window ends (0 when allowed). */
  retryAfterSeconds: number;
  /** The count of this attempt in each bucket, by key. */
  hits: Record<string, number>;
}

/** Counts one attempt in each bucket, atomically, and says whether it is within every limit. */
export async function consumeRateLimit(db: Kysely<Database>, buckets: RateLimitBucket[]): Promise<RateLimitVerdict> {
  // One row per key, in a stable order: two statements naming the same keys lock them in the same order.
  const byKey = new Map<string, RateLimitBucket>();
  for (const bucket of buckets) byKey.set(bucket.key, bucket);
  const unique = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (unique.length === 0) return { allowed: true, retryAfterSeconds: 0, hits: {} };
  const result = await sql<{ key: string; hits: number; window_ends_at: Date; now: Date }>`
    insert into rate_limits as r (key, hits, window_ends_at)
    select t.key, 1, now() + make_interval(secs => t.window_seconds)
    from unnest(${unique.map((b) => b.key)}::text[], ${unique.map((b) => b.windowSeconds)}::int[]) with ordinality as t(key, window_seconds, n)
    order by t.n
    on conflict (key) do update set
      hits = case when r.window_ends_at <= now() then 1 else r.hits + 1 end,
      window_ends_at = case when r.window_ends_at <= now() then excluded.window_ends_at else r.window_ends_at end
    returning r.key, r.hits, r.window_ends_at, now() as now
  `.execute(db);
  let retryAfterMs = 0;
  const hits: Record<string, number> = {};
  for (const row of result.rows) {
    hits[row.key] = row.hits;
    const bucket = byKey.get(row.key);
    if (bucket && row.hits > bucket.limit) {
      retryAfterMs = Math.max(retryAfterMs, row.window_ends_at.getTime() - row.now.getTime());
    }
  }
  const refused = result.rows.some((row) => row.hits > (byKey.get(row.key)?.limit ?? Number.POSITIVE_INFINITY));
  return { allowed: !refused, retryAfterSeconds: refused ? Math.max(1, Math.ceil(retryAfterMs / 1000)) : 0, hits };
}

/** Who an attempt is counted against; a rule counts only the subjects it names limits for. */
export interface RateLimitSubjects {
  /** An email address (sign-up, reset request). */
  address?: string;
  /** The client's network address. */
  client?: string;
  /** A signed-in account. */
  user?: string;
}

function waitWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

export function rateLimitError(code: RateLimitCode, refusal: string, retryAfterSeconds: number): AppError {
  return new AppError(code, `${refusal} Please wait ${waitWords(retryAfterSeconds)} before trying again.`, {
    retryAfterSeconds,
  });
}

/** Counts the attempt under `rule` and throws the rule's refusal when over a limit. */
export async function enforceRateLimit(db: Kysely<Database>, rule: RateLimitRule, subjects: RateLimitSubjects): Promise<void> {
  const buckets: RateLimitBucket[] = [];
  for (const kind of ["address", "client", "user"] as const) {
    const limit = rule.limits[kind];
    const subject = subjects[kind];
    if (limit && subject) buckets.push({ key: `${rule.name}:${kind}:${subject.toLowerCase()}`, limit: limit.max, windowSeconds: limit.windowSeconds });
  }
  const verdict = await consumeRateLimit(db, buckets);
  if (!verdict.allowed) throw rateLimitError(rule.code, rule.refusal, verdict.retryAfterSeconds);
}
