import { signOutSessionInput } from "../schemas/sessions";
import { listMySessions, signOutMySession, signOutMyOtherSessions } from "../services/auth/mySessions";
import { answerSettingCookie } from "../trpc/cookies";
import { authedProcedure, router } from "../trpc/trpc";

/** The signed-in person's own sessions (Your sessions). */
export const sessionsRouter = router({
  list: authedProcedure.query(({ ctx }) => listMySessions(ctx.deps, ctx.session)),

  signOut: authedProcedure.input(signOutSessionInput).mutation(async ({ ctx, input }) => answerSettingCookie(ctx.response, await signOutMySession(ctx.deps, ctx.session, input.sessionId))),

  signOutOthers: authedProcedure.mutation(({ ctx }) => signOutMyOtherSessions(ctx.deps, ctx.session)),
});
