// Migrations are frozen in time: they take Kysely<any>, not the live Database type.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { type Kysely, sql } from "kysely";

/**
 * Accounts people can verify, recover and control (issue 11):
 * - `users.email_verified_at`: when the address was proven (a link opened);
 * - `account_tokens`: emailed links (verify, reset password, change email),
 *   stored as SHA-256 only, single-use, expiring;
 * - `rate_limits`: fixed-window counters for sign-up, reset requests,
 *   verification resends, email changes and password checks.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column email_verified_at timestamptz`.execute(db);
  // Accounts from before verification existed: those that joined through an
  // invitation (which proved the mailbox) or hold any membership have been
  // using the product with this address, and keep doing so. Accounts that
  // never joined or made anything start unconfirmed (decision 17).
  await sql`
    update users u set email_verified_at = now()
    where exists (select 1 from memberships m where m.user_id = u.id)
       or exists (select 1 from invitations i where i.accepted_by = u.id)
  `.execute(db);

  await sql`
    create table account_tokens (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      purpose text not null check (purpose in ('verify_email', 'reset_password', 'change_email')),
      token_hash bytea not null unique check (length(token_hash) = 32),
      -- The address the link was sent to (for change_email: the new address).
      email text not null check (email = lower(btrim(email)) and length(email) between 3 and 254),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      ended_at timestamptz,
      end_reason text check (end_reason in ('used', 'replaced', 'cancelled')),
      check ((ended_at is null) = (end_reason is null))
    )`.execute(db);
  await sql`create index account_tokens_user on account_tokens (user_id, purpose) where ended_at is null`.execute(db);
  await sql`create index account_tokens_expires on account_tokens (expires_at)`.execute(db);

  await sql`
    create table rate_limits (
      key text primary key check (length(key) between 1 and 400),
      hits integer not null check (hits >= 1),
      window_ends_at timestamptz not null
    )`.execute(db);
  await sql`create index rate_limits_window_ends on rate_limits (window_ends_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rate_limits").ifExists().execute();
  await db.schema.dropTable("account_tokens").ifExists().execute();
  await sql`alter table users drop column if exists email_verified_at`.execute(db);
}
