// Migrations are frozen in time: they take Kysely<any>, not the live Database type.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Only the SHA-256 of the token is stored: a leaked table cannot be used to join.
  await sql`
    create table invitations (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      email text not null check (email = lower(btrim(email)) and length(email) between 3 and 254),
      token_hash bytea not null unique check (length(token_hash) = 32),
      status text not null default 'pending' check (status in ('pending', 'accepted', 'cancelled', 'expired')),
      invited_by uuid references users(id) on delete set null,
      message text check (message is null or length(message) <= 1000),
      sent_at timestamptz not null default now(),
      expires_at timestamptz not null,
      resend_count integer not null default 0,
      resend_window_started_at timestamptz,
      delivery_status text not null default 'queued' check (delivery_status in ('queued', 'sent', 'undeliverable')),
      delivery_error text,
      outbox_id uuid,
      accepted_at timestamptz,
      accepted_by uuid references users(id) on delete set null,
      cancelled_at timestamptz,
      created_at timestamptz not null default now(),
      unique (workspace_id, id)
    )`.execute(db);
  // At most one pending invitation per workspace and email, whatever races.
  await sql`create unique index invitations_one_pending on invitations (workspace_id, email) where status = 'pending'`.execute(db);
  await sql`create index invitations_workspace_status on invitations (workspace_id, status, created_at desc)`.execute(db);
  await sql`create index invitations_expiry on invitations (expires_at) where status = 'pending'`.execute(db);
  await sql`create index invitations_inviter_time on invitations (invited_by, created_at)`.execute(db);
  await sql`create index invitations_outbox on invitations (outbox_id) where outbox_id is not null`.execute(db);

  // The roles the person will hold; the composite key proves each role belongs to the same workspace.
  await sql`
    create table invitation_roles (
      workspace_id uuid not null,
      invitation_id uuid not null,
      role_id uuid not null,
      is_primary boolean not null default false,
      primary key (invitation_id, role_id),
      foreign key (workspace_id, invitation_id) references invitations (workspace_id, id) on delete cascade,
      foreign key (workspace_id, role_id) references roles (workspace_id, id) on delete cascade
    )`.execute(db);
  await sql`create unique index invitation_roles_one_primary on invitation_roles (invitation_id) where is_primary`.execute(db);
  await sql`create index invitation_roles_role on invitation_roles (role_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("invitation_roles").ifExists().execute();
  await db.schema.dropTable("invitations").ifExists().execute();
}
