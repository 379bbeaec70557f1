/**
 * Who a request is, for every log line written while it is handled: its id
 * and, once known, the signed-in user and the workspace. Carried with
 * AsyncLocalStorage, so a service deep inside a request logs them without
 * being handed anything.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface RequestTrace {
  requestId: string;
  userId?: string;
  /** Set while an owner views the app as `userId`. */
  impersonatorUserId?: string;
  workspaceId?: string;
}

const store = new AsyncLocalStorage<RequestTrace>();

export function runWithRequestTrace<T>(trace: RequestTrace, work: () => T): T {
  return store.run(trace, work);
}

export function currentRequestTrace(): RequestTrace | undefined {
  return store.getStore();
}

/** The session's user is known (called when the session is validated). */
export function noteRequestUser(userId: string): void {
  const trace = store.getStore();
  if (trace) trace.userId = userId;
}

/** The request works inside this workspace (as this member, possibly viewed as by an owner). */
export function noteRequestWorkspace(workspaceId: string, actingUserId: string, impersonatorUserId: string | null): void {
  const trace = store.getStore();
  if (!trace) return;
  trace.workspaceId = workspaceId;
  if (impersonatorUserId) {
    trace.userId = actingUserId;
    trace.impersonatorUserId = impersonatorUserId;
  }
}
