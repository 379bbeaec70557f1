import { listMembers } from "../services/members/list";
import { router, workspaceProcedure } from "../trpc/trpc";

export const membersRouter = router({
  list: workspaceProcedure("members.view").query(({ ctx }) => listMembers(ctx.deps, ctx.workspace.id)),
});
