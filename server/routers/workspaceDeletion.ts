import { confirmPassword } from "../auth/reauth";
import { deleteWorkspaceInput } from "../schemas/owner";
import { deleteWorkspace } from "../services/workspaces/delete";
import { ownerProcedure } from "../trpc/ownerProcedure";
import { router } from "../trpc/trpc";

export const workspaceDeletionRouter = router({
  delete: ownerProcedure("workspace.delete")
    .input(deleteWorkspaceInput)
    .mutation(async ({ ctx, input }) => {
      // The password again first: a session left open must not be enough to delete everything.
      await confirmPassword(ctx.deps, ctx.session.userId, input.password);
      return deleteWorkspace(ctx.deps, ctx.caller, input);
    }),
});
