/**
 * The one shape of "who is calling, in which workspace": every workspace
 * service takes `(deps, caller, input)` with it. Built once per procedure by
 * the tRPC middleware (server/trpc/trpc.ts) from what it already resolved, so
 * HTTP calls and Remix loaders (the in-process caller) get the same object;
 * `callerInWorkspace` builds it for code that runs outside a request.
 */
import type { AppDeps } from "../deps";
import { AppError } from "../errors";
import type { Access } from "#shared/permissions/access";
import type { Scope } from "#shared/permissions/catalogue";
import { loadAccessInWorkspace, type WorkspaceAccess } from "../permissions/resolve";
import type { Actor } from "./audit";

export interface WorkspaceCaller {
  workspace: WorkspaceAccess["workspace"];
  /** The membership the call acts as (the member being viewed as, when an Owner views as someone). */
  membershipId: string;
  /** The person the call acts as (likewise the member being viewed as). */
  user: { id: string; name: string; email: string };
  /** Effective permissions, resolved once per request and workspace. */
  access: Access;
  /** Who the audit log names: `impersonatorUserId` is the Owner while they view as this member, else null. */
  actor: Actor;
  /** The scope the procedure's own permission resolved to; null for procedures open to any member. */
  scope: Scope | null;
}

/** The caller's scope for the procedure's permission; only record procedures ask, and they always declare one. */
export function procedureScope(caller: WorkspaceCaller): Scope {
  if (!caller.scope) throw new AppError("INTERNAL", "A record procedure must declare a record permission.");
  return caller.scope;
}

/**
 * The caller for a user acting as themselves outside a request (seeds,
 * scripts, tests): their membership and access in the workspace; NOT_FOUND
 * when they are not an active member, as a request would answer.
 */
export async function callerInWorkspace(deps: AppDeps, user: WorkspaceCaller["user"], workspaceId: string, scope: Scope | null = null): Promise<WorkspaceCaller> {
  const found = await loadAccessInWorkspace(deps.db, user.id, workspaceId);
  if (!found) throw new AppError("NOT_FOUND", "We couldn't find that workspace, or you are not a member of it.");
  return { workspace: found.workspace, membershipId: found.membershipId, user, access: found.access, actor: { userId: user.id, impersonatorUserId: null }, scope };
}
