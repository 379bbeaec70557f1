/**
 * Queue an email in the same transaction as the change that needs it. If
 * the transaction rolls back, no email; if it commits, the worker will send
 * it even if this process dies a moment later.
 */
import type { Tx } from "#server/services/transaction";
import type { RenderedEmail } from "./layout";

export interface QueuedEmail {
  workspaceId: string | null;
  /** What the email is about, e.g. "invitation", "member_joined"; the worker reports status changes by kind. */
  kind: string;
  /** The row the email belongs to (an invitation id, a request id). */
  referenceId: string | null;
  to: string;
  from: string;
  message: RenderedEmail;
}

/** The outbox row of one email. */
function outboxRow(email: QueuedEmail) {
  return {
    workspace_id: email.workspaceId,
    kind: email.kind,
    reference_id: email.referenceId,
    to_address: email.to,
    from_address: email.from,
    subject: email.message.subject,
    html_body: email.message.html,
    text_body: email.message.text,
  };
}

export async function enqueueEmail(tx: Tx, email: QueuedEmail): Promise<string> {
  const row = await tx.db.insertInto("email_outbox").values(outboxRow(email)).returning("id").executeTakeFirstOrThrow();
  tx.wakeMail();
  return row.id;
}

/** Many emails in one insert (a batch of invitations); same guarantees as `enqueueEmail`. Returns ids in order. */
export async function enqueueEmails(tx: Tx, emails: QueuedEmail[]): Promise<string[]> {
  if (emails.length === 0) return [];
  const rows = await tx.db.insertInto("email_outbox").values(emails.map(outboxRow)).returning(["id", "reference_id", "to_address"]).execute();
  tx.wakeMail();
  // INSERT ... RETURNING keeps VALUES order in practice, but match explicitly rather than rely on it.
  const byKey = new Map(rows.map((r) => [`${r.reference_id ?? ""}|${r.to_address}`, r.id]));
  return emails.map((e) => byKey.get(`${e.referenceId ?? ""}|${e.to}`) ?? "");
}
