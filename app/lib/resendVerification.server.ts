/** The "resend verification email" form, for every page that offers it. */
import type { AppLoadContext } from "@remix-run/node";
import type { ResendAnswer } from "../components/account/ConfirmEmailNotice";
import { attempt, refusalInit } from "./calls.server";

/** The answer for the page, and the status and headers of its response (a refusal carries Retry-After). */
export async function resendVerification(context: AppLoadContext): Promise<{ answer: ResendAnswer; init: ResponseInit }> {
  const result = await attempt(() => context.trpc.account.resendVerification(), context.isProduction);
  if (!result.ok) return { answer: { sentTo: null, alreadyVerified: false, error: result.error.message, appCode: result.error.appCode }, init: refusalInit(result.error) };
  return { answer: { ...result.value, error: null, appCode: null }, init: { status: 200 } };
}
