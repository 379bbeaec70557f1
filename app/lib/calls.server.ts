/**
 * How loaders and actions call the API (the in-process tRPC caller):
 * - `load` for loaders: a refused call becomes the page's error (a clear
 *   "no access" or "not found" page), and "not signed in" a redirect.
 * - `attempt` for actions: a refused call becomes form errors to show next
 *   to the fields.
 */
import { json, redirect } from "@remix-run/node";
import { retryAfterHeaders } from "#server/http/retryAfter";
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

/**
 * The status and headers of an action's answer to a refused call. A refusal
 * that says when to try again (a paused sign-in, an account rate limit)
 * carries Retry-After, exactly as /trpc answers do; the route passes it on
 * to the page with `export const headers = passRetryAfter` (app/lib/errors.ts).
 */
export function refusalInit(error: ErrorDescription): ResponseInit {
  return { status: error.httpStatus, headers: retryAfterHeaders([error]) };
}

/** Form fields as strings (missing fields are absent, never "null"). */
export function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") values[key] = value;
  return values;
}

/** The one check for a user-supplied place to go after sign-in or sign-up (see server/http/redirectTarget.ts). */
export { safeRedirectTarget } from "#server/http/redirectTarget";
