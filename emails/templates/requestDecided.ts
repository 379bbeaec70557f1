/** The email a member gets when their permission request is approved or denied. */
import { escapeHtml, htmlLayout, type RenderedEmail, type SentBy, sentByLine } from "../layout";

export interface RequestDecidedEmail {
  requesterName: string;
  workspaceName: string;
  /** What they asked for, in words ("Export Contacts (CRM) on own records"). */
  accessLabel: string;
  outcome: "approved" | "denied";
  deciderName: string;
  /** For approvals: "for 1 day (until 24 November 2026 at 14:05 UTC)" or "permanently". */
  durationText: string | null;
  note: string | null;
  /** The member's requests page. */
  url: string;
  /** Who really decided, when an Owner did so while viewing the app as the decider. */
  sentBy?: SentBy | null;
}

export function renderRequestDecided(email: RequestDecidedEmail): RenderedEmail {
  const approved = email.outcome === "approved";
  const subject = approved ? `Approved: ${email.accessLabel} in ${email.workspaceName}` : `Not approved: ${email.accessLabel} in ${email.workspaceName}`;
  const headline = approved
    ? `${email.deciderName} approved your request for ${email.accessLabel}${email.durationText ? `, ${email.durationText}` : ""}.`
    : `${email.deciderName} did not approve your request for ${email.accessLabel}.`;
  const noteLine = email.note ? `Their note: “${email.note}”` : null;
  const after = approved ? "You can use it right away." : "You can ask again with more detail, or talk to your manager.";
  const sentBy = email.sentBy ? sentByLine(email.sentBy, email.workspaceName) : null;
  const bodyHtml = [
    `<p>Hi ${escapeHtml(email.requesterName)},</p>`,
    `<p>${escapeHtml(headline)}</p>`,
    noteLine ? `<p style="border-left:3px solid #e5e7eb;padding-left:12px;color:#374151">${escapeHtml(noteLine)}</p>` : "",
    `<p>${escapeHtml(after)}</p>`,
    sentBy ? `<p style="color:#4b5563;font-size:13px">${escapeHtml(sentBy)}</p>` : "",
  ].join("\n");
  const html = htmlLayout({
    preheader: headline,
    heading: approved ? "Your access request was approved" : "Your access request was not approved",
    bodyHtml,
    button: { label: "See your requests", url: email.url },
    footerHtml: `You get this email because you asked for access in ${escapeHtml(email.workspaceName)}.`,
  });
  const text = [`Hi ${email.requesterName},`, "", headline, ...(noteLine ? ["", noteLine] : []), "", after, ...(sentBy ? ["", sentBy] : []), "", `See your requests: ${email.url}`].join("\n");
  return { subject, html, text };
}
