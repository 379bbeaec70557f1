/**
 * How loaders and actions call the API (the in-process tRPC caller):
 * - `load` for loaders: a refused call becomes the page's error (a clear
 *   "no access" or "not found" page), and "not signed in" a redirect.
 * - `attempt` for a loader whose page shows the refusal itself.
 * Actions answer forms through app/lib/formAnswer.server.ts (`callForm`).
 */
import { json, redirect } from "@remix-run/node";
import { describeError, type ErrorDescription } from "#server/trpc/describeError";

export interface PageError {
  appCode: string;
  message: string;
  /** For FORBIDDEN: the permission that was missing (the error page offers to request it). */
  permission?: string;
  /** The request's id (X-Request-Id), shown on the error page as a reference to quote. */
  requestId?: string;
}

function signInRedirect(request: Request): Response {
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  return redirect(`/sign-in?redirectTo=${encodeURIComponent(back)}`);
}

export async function load<T>(request: Request, call: () => Promise<T>, isProduction: boolean): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const described = describeError(error, isProduction);
    if (described.appCode === "NOT_SIGNED_IN") throw signInRedirect(request);
    if (described.appCode === "INTERNAL" || described.appCode === "TEMPORARILY_UNAVAILABLE") {
      if (described.appCode === "INTERNAL") console.error(error);
    }
    const permission = typeof described.details?.permission === "string" ? described.details.permission : undefined;
    const requestId = request.headers.get("x-request-id") ?? undefined;
    throw json<PageError>({ appCode: described.appCode, message: described.message, permission, requestId }, { status: described.httpStatus });
  }
}

/** Like `load`, for a part of a page only some may see: a FORBIDDEN refusal is `null` (the part is not shown). */
export async function loadIfAllowed<T>(request: Request, call: () => Promise<T>, isProduction: boolean): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    if (describeError(error, isProduction).appCode === "FORBIDDEN") return null;
    return load(request, () => Promise.reject(error), isProduction);
  }
}

/**
 * For a loader whose page shows a refusal itself (a link that has stopped
 * working, a filter the log can't read) instead of the error page. Actions
 * answer forms with `callForm` (app/lib/formAnswer.server.ts) instead.
 */
export type Attempt<T> = { ok: true; value: T } | { ok: false; error: ErrorDescription };

export async function attempt<T>(call: () => Promise<T>, isProduction: boolean): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    const described = describeError(error, isProduction);
    if (described.appCode === "INTERNAL") console.error(error);
    return { ok: false, error: described };
  }
}

/** The one check for a user-supplied place to go after sign-in or sign-up (see server/http/redirectTarget.ts). */
export { safeRedirectTarget } from "#server/http/redirectTarget";
