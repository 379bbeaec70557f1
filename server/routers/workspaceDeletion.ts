import { deleteWorkspaceInput } from "../schemas/owner";
import { deleteWorkspace } from "../services/workspaces/delete";
import { ownerProcedure } from "../trpc/ownerProcedure";
import { router } from "../trpc/trpc";

export const workspaceDeletionRouter = router({
  delete: ownerProcedure("workspace.delete")
    .input(deleteWorkspaceInput)
    .mutation(({ ctx, input }) => deleteWorkspace(ctx.deps, { ...ctx.actor, userId: ctx.user.id }, ctx.workspace.id, input.confirmName)),
});
