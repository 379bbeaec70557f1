/** The "resend verification email" form, for every page that offers it. */
import type { AppLoadContext } from "@remix-run/node";
import type { ResendAnswer } from "../components/account/ConfirmEmailNotice";
import { attempt } from "./calls.server";

export async function resendVerification(context: AppLoadContext): Promise<{ answer: ResendAnswer; status: number }> {
  const result = await attempt(() => context.trpc.account.resendVerification(), context.isProduction);
  if (!result.ok) return { answer: { sentTo: null, alreadyVerified: false, error: result.error.message, appCode: result.error.appCode }, status: result.error.httpStatus };
  return { answer: { ...result.value, error: null, appCode: null }, status: 200 };
}
