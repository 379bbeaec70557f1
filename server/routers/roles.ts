import { createRoleInput, deleteRoleInput, updateRoleInput } from "../schemas/roles";
import { createRole, deleteRole, listRoles, updateRole } from "../services/roles/custom";
import { router, workspaceProcedure } from "../trpc/trpc";

export const rolesRouter = router({
  list: workspaceProcedure("members.view").query(({ ctx }) => listRoles(ctx.deps, ctx.caller)),
  create: workspaceProcedure("roles.manage")
    .input(createRoleInput)
    .mutation(({ ctx, input }) => createRole(ctx.deps, ctx.caller, input)),
  update: workspaceProcedure("roles.manage")
    .input(updateRoleInput)
    .mutation(({ ctx, input }) => updateRole(ctx.deps, ctx.caller, input)),
  delete: workspaceProcedure("roles.manage")
    .input(deleteRoleInput)
    .mutation(({ ctx, input }) => deleteRole(ctx.deps, ctx.caller, input)),
});
