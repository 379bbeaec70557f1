import { AppError } from "../errors";
import type { Access } from "#shared/permissions/access";
import type { Scope } from "#shared/permissions/catalogue";
import type { RecordCaller } from "../services/records/owned";

/** The caller of a record procedure, with the scope the middleware resolved for its permission. */
export function recordCaller(ctx: { workspace: { id: string }; membershipId: string; access: Access; scope: Scope | null }): RecordCaller {
  if (!ctx.scope) throw new AppError("INTERNAL", "A record procedure must declare a record permission.");
  return { workspaceId: ctx.workspace.id, membershipId: ctx.membershipId, access: ctx.access, scope: ctx.scope };
}
