/**
 * Reading email in tests, in one place. Tests read mail through here: either
 * as a person would, on the development mailbox page at its secret address
 * (`mailboxPath`, decision 15), or straight from the mailbox's rows
 * (`newestMail`, `awaitMail`, `mailTo`), or from the outbox for servers that
 * send through (a fake) Postmark (`newestQueuedMail`).
 */
import type { Kysely } from "kysely";
import { expect } from "vitest";
import type { Database } from "#db/schema";
import type { RunningServer } from "#server/app";

function mailboxOf(server: Pick<RunningServer, "deps">) {
  const mailbox = server.deps.devMailbox;
  if (!mailbox) throw new Error("This server sends email through Postmark: it has no development mailbox.");
  return mailbox;
}

/** The mailbox page's path (with its key), optionally showing one recipient's mail. */
export function mailboxPath(server: Pick<RunningServer, "deps">, to?: string): string {
  const { path } = mailboxOf(server);
  return to ? `${path}?to=${encodeURIComponent(to)}` : path;
}

/** The key the `dev.mailbox` procedure asks for. */
export function mailboxKey(server: Pick<RunningServer, "deps">): string {
  return mailboxOf(server).key;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

interface MailboxServer {
  deps: { db: Kysely<Database> };
  emailWorker: { drain(): Promise<unknown> } | null;
}

/** Sends due mail, then returns the newest message to `to` in the development mailbox (optionally, the newest whose subject matches). */
export async function newestMail(server: MailboxServer, to: string, subject?: string | RegExp): Promise<Mail> {
  const found = await findNewestMail(server, to, subject);
  if (!found) throw new Error(`No email to ${to}${subject ? ` matching ${String(subject)}` : ""}`);
  return found;
}

async function findNewestMail(server: MailboxServer, to: string, subject?: string | RegExp): Promise<Mail | null> {
  const all = await mailTo(server, to);
  return all.find((m) => subject === undefined || (typeof subject === "string" ? m.subject === subject : subject.test(m.subject))) ?? null;
}

/** Waits (polling) for a message that is queued after the answer has gone out, e.g. the forgot-password email. */
export async function awaitMail(server: MailboxServer, to: string, subject?: string | RegExp): Promise<Mail> {
  let found: Mail | null = null;
  await expect.poll(async () => (found = await findNewestMail(server, to, subject)) !== null, { timeout: 10_000, interval: 50 }).toBe(true);
  return found as unknown as Mail;
}

/** All messages to `to`, newest first (to check that none was sent). */
export async function mailTo(server: MailboxServer, to: string): Promise<Mail[]> {
  await server.emailWorker?.drain();
  const rows = await server.deps.db
    .selectFrom("dev_mailbox")
    .select(["to_address", "subject", "text_body", "html_body"])
    .where("to_address", "=", to.toLowerCase())
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map((row) => ({ to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body }));
}

/** The first link in the message's text that opens `path` (e.g. "/reset-password/"), as an absolute URL. */
export function linkIn(mail: Pick<Mail, "text">, path: string): string {
  const escaped = path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const match = new RegExp(`https?://\\S+?${escaped}[A-Za-z0-9_-]+`).exec(mail.text);
  if (!match) throw new Error(`No ${path} link in:\n${mail.text}`);
  return match[0];
}

/** The token at the end of such a link. */
export function tokenIn(mail: Pick<Mail, "text">, path: string): string {
  return linkIn(mail, path).split(path).pop() ?? "";
}

/**
 * The newest queued message of a kind to `to`, read from the outbox: for
 * servers in other processes or sending through (a fake) Postmark, where
 * the development mailbox is not used. The outbox holds the same text.
 */
export async function newestQueuedMail(db: Kysely<Database>, to: string, kind: string): Promise<Mail> {
  const row = await db
    .selectFrom("email_outbox")
    .select(["to_address", "subject", "text_body", "html_body"])
    .where("to_address", "=", to.toLowerCase())
    .where("kind", "=", kind)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (!row) throw new Error(`No ${kind} email queued for ${to}`);
  return { to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body };
}
