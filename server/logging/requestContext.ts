/**
 * Who a request is, for every log line written while it is handled: its id
 * and, once known, the signed-in user and the workspace.
 *
 * Handed along explicitly, not carried with AsyncLocalStorage: on Node 20 an
 * AsyncLocalStorage in use runs promise hooks on every promise of every
 * request, about 7% of a `members.search` call's CPU (decision 49). The
 * trace is made by the request's log line (server/http/requestLog.ts), put
 * on the tRPC context (`ctx.trace`), and its logger (`requestLogger` in
 * server/log.ts) is the context's `deps.log`, so services log through it.
 *
 * One path keeps an ambient trace: the bench-only SQL capture
 * (./sqlCapture.ts) names each statement's request from inside the pool,
 * where nothing is handed along. It turns the ambient trace on for its
 * process only; a server without the capture never creates one.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface RequestTrace {
  requestId: string;
  userId?: string;
  /** Set while an owner views the app as `userId`. */
  impersonatorUserId?: string;
  workspaceId?: string;
}

/** The fields a log line written for this request carries. */
export function traceFields(trace: RequestTrace): Record<string, string> {
  const fields: Record<string, string> = { requestId: trace.requestId };
  if (trace.userId) fields.userId = trace.userId;
  if (trace.impersonatorUserId) fields.impersonatorUserId = trace.impersonatorUserId;
  if (trace.workspaceId) fields.workspaceId = trace.workspaceId;
  return fields;
}

/** The session's user is known (called when the session is validated). */
export function noteRequestUser(trace: RequestTrace | null, userId: string): void {
  if (trace) trace.userId = userId;
}

/** The request works inside this workspace (as this member, possibly viewed as by an owner). */
export function noteRequestWorkspace(trace: RequestTrace | null, workspaceId: string, actingUserId: string, impersonatorUserId: string | null): void {
  if (!trace) return;
  trace.workspaceId = workspaceId;
  if (impersonatorUserId) {
    trace.userId = actingUserId;
    trace.impersonatorUserId = impersonatorUserId;
  }
}

/**
 * A refusal's request, for the error formatter when tRPC formats it without
 * a context (the context itself failed, or the request was refused before
 * one was made). tRPC calls `onError` before it formats, and the request's
 * own `onError` tags the error here.
 */
const errorRequests = new WeakMap<object, RequestTrace>();

export function tagErrorWithRequest(error: unknown, trace: RequestTrace | null): void {
  if (trace && typeof error === "object" && error !== null) errorRequests.set(error, trace);
}

export function requestOfError(error: unknown): RequestTrace | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const cause = (error as { cause?: unknown }).cause;
  return errorRequests.get(error) ?? (typeof cause === "object" && cause !== null ? errorRequests.get(cause) : undefined);
}

/** Only the SQL capture turns this on (see above). */
let ambient: AsyncLocalStorage<RequestTrace> | null = null;

export function carryRequestTraceAmbiently(): void {
  ambient ??= new AsyncLocalStorage<RequestTrace>();
}

/** Runs `work` with `trace` as the ambient trace when the SQL capture asked for one; otherwise just runs it. */
export function runWithRequestTrace<T>(trace: RequestTrace, work: () => T): T {
  return ambient ? ambient.run(trace, work) : work();
}

/** The ambient trace (SQL capture only). */
export function ambientRequestTrace(): RequestTrace | undefined {
  return ambient?.getStore();
}
