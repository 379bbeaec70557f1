/** The frame of every account email: plain paragraphs, an optional button, and a footer saying what to do if it wasn't you. */
import { escapeHtml, type EmailButton, htmlLayout, type RenderedEmail } from "../../layout";

export interface AccountEmail {
  subject: string;
  preheader: string;
  paragraphs: string[];
  button?: EmailButton;
  /** What to do if the reader didn't ask for this. */
  footer: string;
}

export function renderAccountEmail(input: AccountEmail): RenderedEmail {
  const html = htmlLayout({
    preheader: input.preheader,
    heading: input.subject,
    bodyHtml: input.paragraphs.map((p) => `<p style="margin:0 0 12px;line-height:1.5">${escapeHtml(p)}</p>`).join("\n"),
    button: input.button,
    footerHtml: escapeHtml(input.footer),
  });
  const text = [input.subject, "", ...input.paragraphs.flatMap((p) => [p, ""]), ...(input.button ? [`${input.button.label}: ${input.button.url}`, ""] : []), input.footer].join("\n");
  return { subject: input.subject, html, text };
}
