// Migrations are frozen in time: they take Kysely<any>, not the live Database type.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { type Kysely, sql } from "kysely";

/**
 * Joining without a personal invitation (issue 13, part B):
 * - invite_links: a shareable link with one role, an expiry, an optional use
 *   limit and an option to require approval. Only the token's SHA-256 is
 *   kept; the retention sweep forgets it once the link has ended.
 * - workspace_domains: a company domain an Owner proved control of, with how
 *   people at it join (automatic or request) and the role they get.
 * - join_requests: someone who asked to join through a link or a domain,
 *   waiting for an Admin.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table invite_links (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      token_hash bytea unique,
      role_id uuid not null references roles(id) on delete cascade,
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      max_uses integer check (max_uses is null or max_uses between 1 and 10000),
      uses integer not null default 0 check (uses >= 0),
      requires_approval boolean not null default false,
      turned_off_at timestamptz,
      turned_off_by uuid references users(id) on delete set null,
      constraint invite_links_uses_within_limit check (max_uses is null or uses <= max_uses)
    )
  `.execute(db);
  await sql`create index invite_links_workspace on invite_links (workspace_id, created_at desc)`.execute(db);
  await sql`create index invite_links_tokens_kept on invite_links (coalesce(turned_off_at, expires_at)) where token_hash is not null`.execute(db);

  await sql`
    create table workspace_domains (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      domain text not null check (domain = lower(domain) and length(domain) between 3 and 253),
      mode text not null default 'request' check (mode in ('automatic', 'request')),
      role_id uuid not null references roles(id) on delete cascade,
      set_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      verification_email text,
      verification_token_hash bytea unique,
      verification_expires_at timestamptz,
      verified_at timestamptz,
      removed_at timestamptz
    )
  `.execute(db);
  await sql`create unique index workspace_domains_one_live on workspace_domains (workspace_id, domain) where removed_at is null`.execute(db);
  await sql`create index workspace_domains_by_domain on workspace_domains (domain) where removed_at is null and verified_at is not null`.execute(db);

  await sql`
    create table join_requests (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      invite_link_id uuid references invite_links(id) on delete cascade,
      domain_id uuid references workspace_domains(id) on delete cascade,
      role_id uuid not null references roles(id) on delete cascade,
      status text not null default 'pending' check (status in ('pending', 'approved', 'denied', 'cancelled')),
      created_at timestamptz not null default now(),
      decided_at timestamptz,
      decided_by uuid references users(id) on delete set null,
      constraint join_requests_one_source check ((invite_link_id is null) <> (domain_id is null))
    )
  `.execute(db);
  await sql`create unique index join_requests_one_pending on join_requests (workspace_id, user_id) where status = 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists join_requests`.execute(db);
  await sql`drop table if exists workspace_domains`.execute(db);
  await sql`drop table if exists invite_links`.execute(db);
}
