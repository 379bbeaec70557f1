/**
 * The person's own account (issue 11): confirming the address, forgetting
 * and changing the password, changing the email. Wiring only.
 */
import { accountLinkInput, changePasswordInput, requestEmailChangeInput, requestPasswordResetInput, resetPasswordInput } from "../schemas/account";
import { cancelEmailChange, requestEmailChange } from "../services/account/emailChange";
import { accountOverview } from "../services/account/overview";
import { changePassword } from "../services/account/password";
import { passwordResetLink, requestPasswordReset, resetPassword } from "../services/account/passwordReset";
import { openEmailLink, resendVerification } from "../services/account/verification";
import { authedProcedure, publicProcedure, router } from "../trpc/trpc";

export const accountRouter = router({
  /** Name, address, whether it is confirmed, and a pending new address. */
  overview: authedProcedure.query(({ ctx }) => accountOverview(ctx.deps, ctx.user.id)),

  /** A new confirmation link to the account's address (counted per account and client). */
  resendVerification: authedProcedure.mutation(({ ctx }) => resendVerification(ctx.deps, ctx.user.id, ctx.request)),

  /** Opens a confirmation link (a new account's address, or a new address). No session needed: the link is the proof. */
  confirmEmail: publicProcedure.input(accountLinkInput).mutation(({ ctx, input }) => openEmailLink(ctx.deps, input.token)),

  /** Forgot password: always the same answer, whether or not the address has an account. */
  requestPasswordReset: publicProcedure.input(requestPasswordResetInput).mutation(({ ctx, input }) => requestPasswordReset(ctx.deps, input.email, ctx.request)),

  /** Whether a reset link can be used (and for which address), for the page it opens. */
  passwordResetLink: publicProcedure.input(accountLinkInput).query(({ ctx, input }) => passwordResetLink(ctx.deps, input.token)),

  resetPassword: publicProcedure.input(resetPasswordInput).mutation(({ ctx, input }) => resetPassword(ctx.deps, input)),

  changePassword: authedProcedure.input(changePasswordInput).mutation(({ ctx, input }) => changePassword(ctx.deps, { userId: ctx.user.id, sessionId: ctx.session.id }, input)),

  requestEmailChange: authedProcedure.input(requestEmailChangeInput).mutation(({ ctx, input }) => requestEmailChange(ctx.deps, ctx.user.id, input, ctx.request)),

  cancelEmailChange: authedProcedure.mutation(({ ctx }) => cancelEmailChange(ctx.deps, ctx.user.id)),
});
