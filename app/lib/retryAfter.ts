/**
 * A page answering a refused form carries the action's Retry-After (set by
 * `refusalInit` in app/lib/calls.server.ts), so a refusal that says when to
 * try again says it the HTTP way on pages as on /trpc. Routes whose action
 * can be refused that way export `headers = passRetryAfter`.
 */
import type { HeadersFunction } from "@remix-run/node";

export const passRetryAfter: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};
