/**
 * Refusals that say when to try again (details.retryAfterSeconds: a paused
 * sign-in, an account rate limit) also carry it as the HTTP Retry-After
 * header, for clients that read headers rather than bodies. One rule for
 * every answer: /trpc (`retryAfterHeader`, as tRPC's responseMeta) and the
 * pages' actions (`retryAfterHeaders`, through app/lib/calls.server.ts).
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

/** `{ "Retry-After": seconds }` when one of the refusals says when to try again; empty otherwise. */
export function retryAfterHeaders(errors: readonly unknown[]): Record<string, string> {
  const seconds = retryAfterSecondsOf(errors);
  return seconds === null ? {} : { "Retry-After": String(seconds) };
}

export function retryAfterHeader(errors: readonly unknown[]): ResponseMeta {
  const headers = retryAfterHeaders(errors);
  return "Retry-After" in headers ? { headers } : {};
}
