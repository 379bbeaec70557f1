import { signInInput, signUpInput } from "../schemas/auth";
import { signIn, signOut, signUp, toMe } from "../services/auth/accounts";
import { answerSettingCookie } from "../trpc/cookies";
import { authedProcedure, publicProcedure, router } from "../trpc/trpc";

export const authRouter = router({
  /** The signed-in user, or null. */
  me: publicProcedure.query(({ ctx }) => (ctx.user ? toMe(ctx.user) : null)),

  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => answerSettingCookie(ctx.response, await signUp(ctx.deps, input, ctx.request))),

  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => answerSettingCookie(ctx.response, await signIn(ctx.deps, input, ctx.request))),

  signOut: authedProcedure.mutation(async ({ ctx }) => answerSettingCookie(ctx.response, await signOut(ctx.deps, ctx.session))),
});
