import { createWorkspaceInput } from "../schemas/workspaces";
import { createWorkspace, listMyWorkspaces, workspaceOverview } from "../services/workspaces/workspaces";
import { workspaceFrame } from "../services/workspaces/frame";
import { authedProcedure, requireVerifiedEmail, router, workspaceProcedure } from "../trpc/trpc";

export const workspacesRouter = router({
  /** The caller's workspaces, for the switcher. */
  mine: authedProcedure.query(({ ctx }) => listMyWorkspaces(ctx.deps, ctx.user.id)),

  /** The frame of a workspace page: the switcher's workspaces and the bell's unread count, in one statement. */
  frame: authedProcedure.query(({ ctx }) => workspaceFrame(ctx.deps, ctx.user.id)),

  create: authedProcedure
    .use(requireVerifiedEmail)
    .input(createWorkspaceInput)
    .mutation(({ ctx, input }) => createWorkspace(ctx.deps, { ...ctx.actor, userId: ctx.user.id }, input)),

  /** The workspace and the caller's access in it: what the layout and the pages ask before offering actions. */
  current: workspaceProcedure("member").query(({ ctx }) => workspaceOverview(ctx.caller)),
});
