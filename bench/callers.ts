/**
 * What the query benchmarks hand to services: the measured reads touch only
 * `deps.db`, so the rest of AppDeps (mail, realtime, auth) is left out here
 * rather than started; a service that reached for it would fail loudly.
 */
import type { Kysely } from "kysely";
import type { Database } from "#db/schema";
import type { AppDeps } from "#server/deps";
import type { WorkspaceAccess } from "#server/permissions/resolve";
import type { WorkspaceCaller } from "#server/services/caller";
import type { Scope } from "#shared/permissions/catalogue";

export function queryOnlyDeps(db: Kysely<Database>): AppDeps {
  return { db } as Partial<AppDeps> as AppDeps;
}

/** The caller the tRPC middleware would build for this member (bench users have no names that matter). */
export function benchCaller(found: WorkspaceAccess, userId: string, scope: Scope | null = null): WorkspaceCaller {
  return {
    workspace: found.workspace,
    membershipId: found.membershipId,
    user: { id: userId, name: "", email: "" },
    access: found.access,
    actor: { userId, impersonatorUserId: null },
    scope,
  };
}
