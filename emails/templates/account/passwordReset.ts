/** The forgot-password email: a one-hour, single-use link, and how to ignore it. */
import type { RenderedEmail } from "../../layout";
import { renderAccountEmail } from "./frame";

export function renderPasswordResetEmail(input: { resetUrl: string; minutes: number }): RenderedEmail {
  return renderAccountEmail({
    subject: "Reset your Team Access password",
    preheader: "Choose a new password",
    paragraphs: [
      "Someone (hopefully you) asked to reset the password of the Team Access account that uses this email address.",
      `The link works for ${input.minutes === 60 ? "one hour" : `${input.minutes} minutes`} and only once. Choosing a new password signs the account out everywhere.`,
    ],
    button: { label: "Choose a new password", url: input.resetUrl },
    footer: "If you didn't ask for this, you can safely ignore this email: your password stays as it is and nobody can use this link without access to your inbox.",
  });
}
