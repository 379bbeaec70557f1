/** Sent at sign-up (and on "resend"): the link that confirms the address. */
import type { RenderedEmail } from "../../layout";
import { renderAccountEmail } from "./frame";

export function renderVerifyEmail(input: { name: string; confirmUrl: string; hours: number }): RenderedEmail {
  return renderAccountEmail({
    subject: "Confirm your email address",
    preheader: "One click to finish setting up your Team Access account",
    paragraphs: [
      `Hi ${input.name}, thanks for signing up for Team Access.`,
      "Confirm that this is your email address to create workspaces and invite your team.",
      `The link works for ${input.hours} hours and only once.`,
    ],
    button: { label: "Confirm email address", url: input.confirmUrl },
    footer: "If you didn't sign up for Team Access, you can ignore this email: without a click on the link, nobody can use this address here.",
  });
}
