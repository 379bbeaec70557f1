/**
 * Owner-only powers. The permission names them in the catalogue (so the
 * pages and the router walk see them like any other), and the Owner role is
 * required on top: a custom role that somehow carried `billing.manage`
 * would still not make its holder an owner.
 */
import { AppError } from "../errors";
import { isOwner } from "../permissions/access";
import type { WorkspacePermission } from "../permissions/catalogue";
import { workspaceProcedure } from "./trpc";

type OwnerPermission = Extract<WorkspacePermission, "billing.manage" | "workspace.delete" | "workspace.transfer" | "members.impersonate">;

export function ownerProcedure(permission: OwnerPermission) {
  return workspaceProcedure(permission).use(({ ctx, next }) => {
    if (!isOwner(ctx.access)) throw new AppError("OWNER_ONLY");
    return next();
  });
}
