/** The invitation email: who invites, to which workspace, with which roles, until when. */
import { formatEmailTime } from "#shared/time/format";
import { escapeHtml, htmlLayout, type RenderedEmail, type SentBy, sentByLine } from "../layout";

export interface InvitationEmail {
  workspaceName: string;
  inviterName: string;
  inviterEmail: string;
  /** Role names, the primary one first. */
  roles: string[];
  message: string | null;
  acceptUrl: string;
  expiresAt: Date;
  /** The invitee's zone when we know it; otherwise UTC. Either way the email names it. */
  timeZone?: string;
  /** Who really sent it, when not the inviter named above (an Owner viewing as them, or someone resending). */
  sentBy?: SentBy | null;
}

function roleList(roles: string[]): string {
  if (roles.length <= 1) return roles[0] ?? "Member";
  return `${roles.slice(0, -1).join(", ")} and ${roles[roles.length - 1]}`;
}

export function renderInvitationEmail(input: InvitationEmail): RenderedEmail {
  const subject = `You've been invited to ${input.workspaceName}`;
  const roles = roleList(input.roles);
  const expires = formatEmailTime(input.expiresAt, input.timeZone);
  const messageHtml = input.message
    ? `<blockquote style="margin:16px 0;padding:12px 16px;border-left:4px solid #c7d2fe;background:#eef2ff;color:#1f2937;white-space:pre-wrap">${escapeHtml(input.message)}</blockquote>`
    : "";
  const bodyHtml = `<p style="margin:0 0 12px;line-height:1.5">${escapeHtml(input.inviterName)} (<a href="mailto:${escapeHtml(input.inviterEmail)}" style="color:#4f46e5">${escapeHtml(input.inviterEmail)}</a>) has invited you to join <strong>${escapeHtml(input.workspaceName)}</strong> on Team Access.</p>
<p style="margin:0 0 12px;line-height:1.5">Your ${input.roles.length > 1 ? "roles" : "role"}: <strong>${escapeHtml(roles)}</strong>.</p>
${messageHtml}${input.sentBy ? `\n<p style="margin:0 0 12px;line-height:1.5;color:#4b5563;font-size:13px">${escapeHtml(sentByLine(input.sentBy, input.workspaceName))}</p>` : ""}`;
  const html = htmlLayout({
    preheader: `${input.inviterName} invited you to ${input.workspaceName}`,
    heading: subject,
    bodyHtml,
    button: { label: "Accept Invitation", url: input.acceptUrl },
    footerHtml: `This invitation expires on ${escapeHtml(expires)}. If you weren't expecting it, you can ignore this email.`,
  });
  const text = [
    subject,
    "",
    `${input.inviterName} (${input.inviterEmail}) has invited you to join ${input.workspaceName} on Team Access.`,
    `Your ${input.roles.length > 1 ? "roles" : "role"}: ${roles}.`,
    ...(input.message ? ["", `Message from ${input.inviterName}:`, input.message] : []),
    ...(input.sentBy ? ["", sentByLine(input.sentBy, input.workspaceName)] : []),
    "",
    `Accept Invitation: ${input.acceptUrl}`,
    "",
    `This invitation expires on ${expires}. If you weren't expecting it, you can ignore this email.`,
  ].join("\n");
  return { subject, html, text };
}
