import { signInInput, signUpInput } from "../schemas/auth";
import { signIn, signOut, signUp, toMe } from "../services/auth/accounts";
import { authedProcedure, publicProcedure, router } from "../trpc/trpc";

export const authRouter = router({
  /** The signed-in user, or null. */
  me: publicProcedure.query(({ ctx }) => (ctx.user ? toMe(ctx.user) : null)),

  signUp: publicProcedure.input(signUpInput).mutation(({ ctx, input }) => signUp(ctx.deps, input, ctx.request, ctx.response)),

  signIn: publicProcedure.input(signInInput).mutation(({ ctx, input }) => signIn(ctx.deps, input, ctx.request, ctx.response)),

  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await signOut(ctx.deps, ctx.session, ctx.response);
    return { signedOut: true as const };
  }),
});
