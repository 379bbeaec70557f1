/** Helpers for owner-power stories: a caller bound to one session cookie, so a view-as carries across calls. */
import type { AppDeps } from "#server/deps";
import { createContext } from "#server/trpc/context";
import { createCaller } from "#server/router";

/** The router called in-process with this Cookie header; each call builds a fresh context, as a new request would. */
export function callerWithCookie(deps: AppDeps, cookieHeader: string) {
  return createCaller(() => createContext({ deps, request: { ip: "127.0.0.1", userAgent: "vitest", cookieHeader }, response: { setCookie: () => {} } }));
}
