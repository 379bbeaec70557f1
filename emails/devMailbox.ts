/**
 * With no Postmark token, mail is kept in the `dev_mailbox` table: the
 * development mailbox page lists it and tests read it back.
 */
import type { Kysely } from "kysely";
import type { Database } from "#db/schema";
import type { EmailMessage, EmailTransport, SendResult } from "./transport";

export function createDevMailboxTransport(db: Kysely<Database>): EmailTransport {
  return {
    name: "dev-mailbox",
    async findSent(outboxId: string) {
      const row = await db.selectFrom("dev_mailbox").select("id").where("outbox_id", "=", outboxId).executeTakeFirst();
      return row ? { messageId: row.id } : null;
    },
    async send(message: EmailMessage): Promise<SendResult> {
      const row = await db
        .insertInto("dev_mailbox")
        .values({
          outbox_id: message.metadata?.outboxId ?? null,
          to_address: message.to,
          from_address: message.from,
          subject: message.subject,
          html_body: message.html,
          text_body: message.text,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { ok: true, messageId: row.id };
    },
  };
}

export interface MailboxMessage {
  id: string;
  to: string;
  from: string;
  subject: string;
  html: string;
  text: string;
  createdAt: string;
}

export async function listMailbox(db: Kysely<Database>, options: { to?: string; limit?: number } = {}): Promise<MailboxMessage[]> {
  let query = db
    .selectFrom("dev_mailbox")
    .select(["id", "to_address", "from_address", "subject", "html_body", "text_body", "created_at"])
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(options.limit ?? 100);
  if (options.to) query = query.where("to_address", "=", options.to.trim().toLowerCase());
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    to: r.to_address,
    from: r.from_address,
    subject: r.subject,
    html: r.html_body,
    text: r.text_body,
    createdAt: r.created_at.toISOString(),
  }));
}
