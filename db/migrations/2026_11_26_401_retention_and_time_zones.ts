// Migrations are frozen in time: they take Kysely<any>, not the live Database type.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { type Kysely, sql } from "kysely";

/**
 * Operating the app (issue 14):
 * - users.time_zone: the zone the person's browser last reported at sign-in,
 *   so emails to them say times in their zone (and name it).
 * - email_outbox.body_removed_at: the retention sweep empties a delivered
 *   email's bodies (they hold invitation links) and keeps the delivery record.
 * - invitations.token_hash may be null: the sweep forgets the tokens of
 *   invitations that ended long ago; a pending invitation always has one.
 * - indexes for the sweeps, so each finds what is due without a scan.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column time_zone text check (time_zone is null or length(time_zone) between 1 and 64)`.execute(db);

  await sql`alter table email_outbox add column body_removed_at timestamptz`.execute(db);
  await sql`create index email_outbox_bodies_kept on email_outbox (coalesce(sent_at, created_at)) where body_removed_at is null and status in ('sent', 'undeliverable', 'failed')`.execute(db);

  await sql`alter table invitations alter column token_hash drop not null`.execute(db);
  await sql`alter table invitations add constraint invitations_pending_has_token check (status <> 'pending' or token_hash is not null)`.execute(db);
  await sql`create index invitations_tokens_kept on invitations (expires_at) where token_hash is not null and status <> 'pending'`.execute(db);

  await sql`create index dev_mailbox_created_at on dev_mailbox (created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists dev_mailbox_created_at`.execute(db);
  await sql`drop index if exists invitations_tokens_kept`.execute(db);
  await sql`alter table invitations drop constraint if exists invitations_pending_has_token`.execute(db);
  // Tokens the sweep removed cannot come back: give those ended invitations an unusable random hash.
  await sql`update invitations set token_hash = sha256(gen_random_uuid()::text::bytea) where token_hash is null`.execute(db);
  await sql`alter table invitations alter column token_hash set not null`.execute(db);
  await sql`drop index if exists email_outbox_bodies_kept`.execute(db);
  await sql`alter table email_outbox drop column if exists body_removed_at`.execute(db);
  await sql`alter table users drop column if exists time_zone`.execute(db);
}
