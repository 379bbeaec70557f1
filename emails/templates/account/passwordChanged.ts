/** Tells the account's address that its password changed (reset or changed), so a change nobody asked for is noticed. */
import type { RenderedEmail } from "../../layout";
import { renderAccountEmail } from "./frame";

export function renderPasswordChangedEmail(input: { name: string; how: "reset" | "changed"; forgotUrl: string }): RenderedEmail {
  return renderAccountEmail({
    subject: "Your Team Access password was changed",
    preheader: "Your password was changed",
    paragraphs: [
      `Hi ${input.name}, the password of your Team Access account was just ${input.how === "reset" ? "reset through a link sent to this address" : "changed from your account settings"}.`,
      "Every other place where your account was signed in has been signed out.",
    ],
    footer: `If this wasn't you, reset your password now at ${input.forgotUrl} and tell your workspace's owner.`,
  });
}
