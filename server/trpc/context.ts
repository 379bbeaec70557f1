/**
 * The per-request context. Built the same way for HTTP calls (/trpc) and
 * for Remix loaders and actions (server-side caller), so both pass through
 * the same session check and the same middleware.
 */
import type { Session, SessionUser } from "../auth/sessions";
import type { AppDeps } from "../deps";
import type { RequestInfo } from "../services/requestInfo";
import { AppError, isDatabaseUnavailable, isQueryTimeout } from "../errors";
import { AppTRPCError } from "./errors";
import { noteRequestUser, type RequestTrace } from "../logging/requestContext";
import { requestLogger } from "../log";
import type { WorkspaceAccess } from "../permissions/resolve";
import { type ActiveImpersonation, activeImpersonation } from "../services/impersonation/active";

export type { RequestInfo };

export interface ResponseControl {
  /** Adds a Set-Cookie header to the response being built. */
  setCookie(serialized: string): void;
}

export interface CreateContextInput {
  deps: AppDeps;
  request: RequestInfo;
  response: ResponseControl;
  /** The HTTP request's trace (server/http/requestLog.ts); none for in-process callers outside a request (tests, benches, jobs). */
  trace?: RequestTrace | null;
}

export interface Context {
  /** The server's deps; inside an HTTP request its `log` is the request's logger (lines carry its id, user and workspace). */
  deps: AppDeps;
  /** Who the request is, for its log line and its refusals (requestId); filled in as the user and workspace become known. */
  trace: RequestTrace | null;
  request: RequestInfo;
  response: ResponseControl;
  user: SessionUser | null;
  session: Session | null;
  /**
   * The owner's view-as-member in progress, if any. Inside its workspace the
   * workspace procedures run as the member (see trpc.ts); everywhere else
   * the signed-in user is themselves.
   */
  impersonation: ActiveImpersonation | null;
  /** Workspace access resolved at most once per request and workspace. */
  workspaceAccessCache: Map<string, Promise<WorkspaceAccess | null>>;
}

export async function createContext({ deps, request, response, trace = null }: CreateContextInput): Promise<Context> {
  let user: SessionUser | null = null;
  let session: Session | null = null;
  let impersonation: ActiveImpersonation | null = null;
  const token = request.cookieHeader ? deps.auth.readSessionCookie(request.cookieHeader) : null;
  if (token !== null) {
    try {
      const result = await deps.auth.validateSession(token);
      user = result.user;
      session = result.session;
      if (session) impersonation = await activeImpersonation(deps, session);
    } catch (error) {
      if (isQueryTimeout(error)) throw new AppTRPCError(new AppError("QUERY_TIMEOUT", undefined, undefined, error));
      if (isDatabaseUnavailable(error)) throw new AppTRPCError(new AppError("TEMPORARILY_UNAVAILABLE", undefined, undefined, error));
      throw error;
    }
    if (user) noteRequestUser(trace, user.id);
    // Ended, expired, forged or junk: signed out, and the cookie cleared.
    if (!session) response.setCookie(deps.auth.blankSessionCookie());
  }
  return {
    deps: trace ? { ...deps, log: requestLogger(deps.log, trace) } : deps,
    trace,
    request,
    response,
    user,
    session,
    impersonation,
    workspaceAccessCache: new Map(),
  };
}
