/**
 * Changing the account's email: the link to the new address, a notice to
 * the old one when it is asked for and when it happens, and (instead of a
 * link) a notice when the new address already has an account.
 */
import type { RenderedEmail } from "../../layout";
import { renderAccountEmail } from "./frame";

export function renderConfirmNewEmail(input: { name: string; newEmail: string; confirmUrl: string; hours: number }): RenderedEmail {
  return renderAccountEmail({
    subject: "Confirm your new email address",
    preheader: "Confirm the new address of your Team Access account",
    paragraphs: [`Hi ${input.name}, you asked to use ${input.newEmail} for your Team Access account.`, `Your account keeps its current address until you open this link. It works for ${input.hours} hours and only once.`],
    button: { label: "Use this email address", url: input.confirmUrl },
    footer: "If you didn't ask for this, ignore this email: nothing changes unless the link is opened.",
  });
}

export function renderNewEmailInUse(input: { newEmail: string; signInUrl: string; forgotUrl: string }): RenderedEmail {
  return renderAccountEmail({
    subject: "Someone tried to move a Team Access account to this address",
    preheader: "This address already has an account",
    paragraphs: [
      `Someone asked to change the email of a Team Access account to ${input.newEmail}, but another account already uses this address, so nothing was changed.`,
      `If that account is yours, sign in with it at ${input.signInUrl} (or reset its password at ${input.forgotUrl}).`,
    ],
    footer: "If you didn't ask for this, you can ignore this email.",
  });
}

export function renderEmailChangeRequested(input: { name: string; newEmail: string; forgotUrl: string }): RenderedEmail {
  return renderAccountEmail({
    subject: "A change of your Team Access email address was requested",
    preheader: "Your sign-in email may change",
    paragraphs: [
      `Hi ${input.name}, someone signed in to your Team Access account asked to use ${input.newEmail} as its email address from now on.`,
      "It changes only when the link we sent to that address is opened. Until then you sign in with this address as usual.",
    ],
    footer: `If this wasn't you, change your password (or reset it at ${input.forgotUrl}) and cancel the change in your account settings.`,
  });
}

export function renderEmailChanged(input: { name: string; newEmail: string }): RenderedEmail {
  return renderAccountEmail({
    subject: "Your Team Access email address was changed",
    preheader: "You now sign in with your new address",
    paragraphs: [`Hi ${input.name}, your Team Access account now uses ${input.newEmail}. Sign in with that address from now on; emails go there too.`],
    footer: "If this wasn't you, contact your workspace's owner right away.",
  });
}
