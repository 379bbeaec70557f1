import { createRoleInput, deleteRoleInput, updateRoleInput } from "../schemas/roles";
import { createRole, deleteRole, listRoles, updateRole } from "../services/roles/custom";
import { router, workspaceProcedure } from "../trpc/trpc";

export const rolesRouter = router({
  list: workspaceProcedure("members.view").query(({ ctx }) => listRoles(ctx.deps, ctx.workspace.id)),
  create: workspaceProcedure("roles.manage")
    .input(createRoleInput)
    .mutation(({ ctx, input }) => createRole(ctx.deps, { workspaceId: ctx.workspace.id, actor: ctx.actor, access: ctx.access, membershipId: ctx.membershipId }, input)),
  update: workspaceProcedure("roles.manage")
    .input(updateRoleInput)
    .mutation(({ ctx, input }) => updateRole(ctx.deps, { workspaceId: ctx.workspace.id, actor: ctx.actor, access: ctx.access, membershipId: ctx.membershipId }, input)),
  delete: workspaceProcedure("roles.manage")
    .input(deleteRoleInput)
    .mutation(({ ctx, input }) => deleteRole(ctx.deps, { workspaceId: ctx.workspace.id, actor: ctx.actor, access: ctx.access, membershipId: ctx.membershipId }, input)),
});
