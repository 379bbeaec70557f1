/**
 * Refusals that say when to try again (details.retryAfterSeconds, e.g. a
 * locked sign-in) also carry it as the HTTP Retry-After header, for clients
 * that read headers rather than bodies.
 */
import type { ResponseMeta } from "@trpc/server/http";

export function retryAfterSecondsOf(errors: readonly unknown[]): number | null {
  let latest: number | null = null;
  for (const error of errors) {
    const seconds = (error as { details?: { retryAfterSeconds?: unknown } } | null)?.details?.retryAfterSeconds;
    if (typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0) latest = Math.max(latest ?? 0, Math.ceil(seconds));
  }
  return latest;
}

export function retryAfterHeader(errors: readonly unknown[]): ResponseMeta {
  const seconds = retryAfterSecondsOf(errors);
  return seconds === null ? {} : { headers: { "Retry-After": String(seconds) } };
}
