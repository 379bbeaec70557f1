// Migrations are frozen in time: they take Kysely<any>, not the live Database type.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { type Kysely, sql } from "kysely";

/**
 * Sessions are stored as the SHA-256 of the cookie's token (decision 14), and
 * carry when they were last used (idle timeout, "last seen").
 * Every session stored before this held the cookie value itself: they are all
 * ended, and everyone signs in once more after the upgrade.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`delete from sessions`.execute(db);
  await sql`alter table sessions add column last_seen_at timestamptz not null default now()`.execute(db);
  // Nothing but a hash can be stored as a session id.
  await sql`alter table sessions add constraint sessions_id_is_sha256 check (id ~ '^[0-9a-f]{64}$')`.execute(db);
  await sql`create index sessions_expires_at on sessions (expires_at)`.execute(db);
  await sql`create index sign_in_throttles_stale on sign_in_throttles (first_failure_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Hashed ids cannot become cookie values again: sessions end here too.
  await sql`delete from sessions`.execute(db);
  await sql`drop index if exists sign_in_throttles_stale`.execute(db);
  await sql`drop index if exists sessions_expires_at`.execute(db);
  await sql`alter table sessions drop constraint if exists sessions_id_is_sha256`.execute(db);
  await sql`alter table sessions drop column if exists last_seen_at`.execute(db);
}
