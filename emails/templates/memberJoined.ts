/** Tells the inviter that the person they invited has joined. */
import { escapeHtml, htmlLayout, type RenderedEmail } from "../layout";

export interface MemberJoinedEmail {
  workspaceName: string;
  memberName: string;
  memberEmail: string;
  roles: string[];
  membersUrl: string;
}

export function renderMemberJoinedEmail(input: MemberJoinedEmail): RenderedEmail {
  const subject = `${input.memberName} joined ${input.workspaceName}`;
  const roles = input.roles.join(", ");
  const html = htmlLayout({
    preheader: `${input.memberName} accepted your invitation`,
    heading: subject,
    bodyHtml: `<p style="margin:0 0 12px;line-height:1.5">${escapeHtml(input.memberName)} (${escapeHtml(input.memberEmail)}) accepted your invitation and joined <strong>${escapeHtml(input.workspaceName)}</strong> as ${escapeHtml(roles)}.</p>`,
    button: { label: "View members", url: input.membersUrl },
  });
  const text = [subject, "", `${input.memberName} (${input.memberEmail}) accepted your invitation and joined ${input.workspaceName} as ${roles}.`, "", `View members: ${input.membersUrl}`].join("\n");
  return { subject, html, text };
}
