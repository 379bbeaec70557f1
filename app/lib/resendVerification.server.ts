/** The "resend verification email" form, for every page that offers it. */
import type { AppLoadContext } from "@remix-run/node";
import { answered, callForm, refused } from "./formAnswer.server";

/** The form's answer (`intent: "resend-verification"`); a refusal carries Retry-After. */
export async function resendVerification(context: AppLoadContext) {
  const result = await callForm(context, () => context.trpc.account.resendVerification());
  if (!result.ok) return refused(result, { intent: "resend-verification" as const });
  return answered({ intent: "resend-verification" as const, sentTo: result.value.sentTo, alreadyVerified: result.value.alreadyVerified });
}
