import { confirmPassword } from "../auth/reauth";
import { startImpersonationInput } from "../schemas/owner";
import { endImpersonation } from "../services/impersonation/active";
import { impersonationsOfMember } from "../services/impersonation/history";
import { impersonationCandidates } from "../services/impersonation/candidates";
import { startImpersonation } from "../services/impersonation/start";
import { ownerProcedure } from "../trpc/ownerProcedure";
import { authedProcedure, router, workspaceProcedure } from "../trpc/trpc";

export const impersonationRouter = router({
  /** The view-as in progress for the banner, or null. */
  current: authedProcedure.query(({ ctx }) => {
    const active = ctx.impersonation;
    if (!active) return null;
    return {
      workspaceSlug: active.workspaceSlug,
      workspaceName: active.workspaceName,
      member: { name: active.member.name, email: active.member.email },
      startedAt: active.startedAt.toISOString(),
      expiresAt: active.expiresAt.toISOString(),
    };
  }),

  /** Members the owner may view as: everyone active who is not an owner. */
  candidates: ownerProcedure("members.impersonate").query(({ ctx }) => impersonationCandidates(ctx.deps, ctx.caller)),

  start: ownerProcedure("members.impersonate")
    .input(startImpersonationInput)
    .mutation(async ({ ctx, input }) => {
      // The password again first, checked for the person signed in (never the member being viewed).
      await confirmPassword(ctx.deps, ctx.session.userId, input.password);
      return startImpersonation(ctx.deps, ctx.caller, {
        sessionId: ctx.session.id,
        replacingId: ctx.impersonation?.id ?? null,
        membershipId: input.membershipId,
      });
    }),

  /** Back to being oneself. Answers the real signed-in user, so it works while viewing as someone else. */
  stop: authedProcedure.mutation(async ({ ctx }) => {
    const active = ctx.impersonation;
    if (!active) return { stopped: false, workspaceSlug: null };
    await endImpersonation(ctx.deps, active.id, "stopped", { userId: ctx.user.id, impersonatorUserId: null });
    return { stopped: true, workspaceSlug: active.workspaceSlug };
  }),

  /** When the caller was viewed by an owner in this workspace (their own settings page). */
  ofMe: workspaceProcedure("member").query(({ ctx }) => impersonationsOfMember(ctx.deps, ctx.caller)),
});
