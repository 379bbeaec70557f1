// Migrations are frozen in time: they take Kysely<any>, not the live Database type.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { type Kysely, sql } from "kysely";

/**
 * Permission requests and the time-limited grants they create. A grant
 * counts in effective permissions only while `ends_at` is in the future
 * (null: permanent) and it was not revoked; that is decided inside the
 * permissions query, so an ended grant never works, swept or not.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table permission_requests (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      requester_membership_id uuid not null,
      permission text not null check (permission ~ '^[a-z_]+(\\.[a-z_]+)+$'),
      scope access_scope not null,
      reason text not null check (length(btrim(reason)) between 1 and 500),
      duration text not null check (duration in ('1d', '7d', '30d', 'permanent')),
      status text not null default 'pending' check (status in ('pending', 'approved', 'denied', 'expired', 'withdrawn')),
      decided_by_membership_id uuid,
      decided_at timestamptz,
      decision_note text check (decision_note is null or length(decision_note) <= 500),
      granted_duration text check (granted_duration is null or granted_duration in ('1d', '7d', '30d', 'permanent')),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null default now() + interval '14 days',
      unique (workspace_id, id),
      foreign key (workspace_id, requester_membership_id) references memberships (workspace_id, id) on delete cascade,
      foreign key (workspace_id, decided_by_membership_id) references memberships (workspace_id, id) on delete set null (decided_by_membership_id)
    )`.execute(db);
  // One pending request per member, permission and scope: the database refuses the second even under a race.
  await sql`
    create unique index permission_requests_one_pending
    on permission_requests (requester_membership_id, permission, scope) where status = 'pending'`.execute(db);
  await sql`create index permission_requests_workspace_time on permission_requests (workspace_id, created_at desc)`.execute(db);
  await sql`create index permission_requests_due on permission_requests (expires_at) where status = 'pending'`.execute(db);

  await sql`
    create table permission_grants (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      membership_id uuid not null,
      permission text not null check (permission ~ '^[a-z_]+(\\.[a-z_]+)+$'),
      scope access_scope not null,
      request_id uuid references permission_requests(id) on delete set null,
      granted_by_membership_id uuid,
      starts_at timestamptz not null default now(),
      ends_at timestamptz,
      revoked_at timestamptz,
      revoked_by_membership_id uuid,
      end_announced_at timestamptz,
      created_at timestamptz not null default now(),
      check (ends_at is null or ends_at > starts_at),
      foreign key (workspace_id, membership_id) references memberships (workspace_id, id) on delete cascade,
      foreign key (workspace_id, granted_by_membership_id) references memberships (workspace_id, id) on delete set null (granted_by_membership_id),
      foreign key (workspace_id, revoked_by_membership_id) references memberships (workspace_id, id) on delete set null (revoked_by_membership_id)
    )`.execute(db);
  await sql`create index permission_grants_live on permission_grants (membership_id) where revoked_at is null`.execute(db);
  await sql`create index permission_grants_request on permission_grants (request_id) where request_id is not null`.execute(db);
  await sql`
    create index permission_grants_to_announce on permission_grants (ends_at)
    where ends_at is not null and revoked_at is null and end_announced_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("permission_grants").ifExists().execute();
  await db.schema.dropTable("permission_requests").ifExists().execute();
}
