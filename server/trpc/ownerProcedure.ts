/**
 * Owner-only powers. The permission names them in the catalogue (so the
 * pages and the router walk see them like any other); holding one is owner
 * power, and only the Owner role carries it (permissions/give.ts
 * `holdsOwnerPower`, the same question the pages ask before showing it).
 */
import { AppError } from "../errors";
import type { WorkspacePermission } from "#shared/permissions/catalogue";
import { holdsOwnerPower } from "#shared/permissions/give";
import { workspaceProcedure } from "./trpc";

type OwnerPermission = Extract<WorkspacePermission, "billing.manage" | "workspace.delete" | "workspace.transfer" | "members.impersonate">;

export function ownerProcedure(permission: OwnerPermission) {
  return workspaceProcedure(permission).use(({ ctx, next }) => {
    if (!holdsOwnerPower(ctx.caller.access, permission)) throw new AppError("OWNER_ONLY");
    return next();
  });
}
