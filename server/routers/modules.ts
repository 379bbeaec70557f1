import { setWorkspaceModuleInput } from "../schemas/members";
import { listWorkspaceModules, setWorkspaceModule } from "../services/modules/modules";
import { router, workspaceProcedure } from "../trpc/trpc";

export const modulesRouter = router({
  list: workspaceProcedure("member").query(({ ctx }) => listWorkspaceModules(ctx.deps, ctx.caller)),
  setEnabled: workspaceProcedure("modules.manage")
    .input(setWorkspaceModuleInput)
    .mutation(({ ctx, input }) => setWorkspaceModule(ctx.deps, ctx.caller, input)),
});
