/** The shared frame of every email: HTML with inline styles (mail clients ignore stylesheets) and plain text. */

export function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface EmailButton {
  label: string;
  url: string;
}

/** Wraps already-escaped HTML paragraphs in the standard layout. */
export function htmlLayout(options: { preheader: string; heading: string; bodyHtml: string; button?: EmailButton; footerHtml?: string }): string {
  const button = options.button
    ? `<p style="margin:28px 0"><a href="${escapeHtml(options.button.url)}" style="background:#4f46e5;color:#ffffff;text-decoration:none;padding:12px 22px;border-radius:8px;font-weight:600;display:inline-block">${escapeHtml(options.button.label)}</a></p>
<p style="color:#6b7280;font-size:13px">Or paste this link into your browser:<br><a href="${escapeHtml(options.button.url)}" style="color:#4f46e5;word-break:break-all">${escapeHtml(options.button.url)}</a></p>`
    : "";
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(options.heading)}</title></head>
<body style="margin:0;background:#f3f4f6;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#111827">
<span style="display:none;max-height:0;overflow:hidden">${escapeHtml(options.preheader)}</span>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:32px 16px">
<table role="presentation" width="100%" style="max-width:560px;background:#ffffff;border-radius:12px;padding:32px" cellpadding="0" cellspacing="0"><tr><td>
<h1 style="font-size:22px;margin:0 0 16px">${escapeHtml(options.heading)}</h1>
${options.bodyHtml}
${button}
${options.footerHtml ? `<hr style="border:none;border-top:1px solid #e5e7eb;margin:24px 0"><div style="color:#6b7280;font-size:12px">${options.footerHtml}</div>` : ""}
</td></tr></table>
</td></tr></table>
</body></html>`;
}

/** The person who really sent an email sent in someone else's name. */
export interface SentBy {
  name: string;
  email: string;
  /** Set when an Owner sent it while viewing the app as this member. */
  viewingAs: string | null;
}

/** One line saying who really sent it, for the text and (escaped) the HTML of an email. */
export function sentByLine(sentBy: SentBy, workspaceName: string): string {
  return sentBy.viewingAs ? `Sent by ${sentBy.name} (${sentBy.email}), an Owner of ${workspaceName}, while viewing the workspace as ${sentBy.viewingAs}.` : `Sent by ${sentBy.name} (${sentBy.email}).`;
}
