// Migrations are frozen in time: they take Kysely<any>, not the live Database type.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { type Kysely, sql } from "kysely";

/**
 * Owner powers: impersonations (and the session column that points at the
 * one in progress), an append-only audit log, and indexes for the audit
 * filters and the notification bell.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table impersonations (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspaces(id) on delete cascade,
      owner_user_id uuid not null references users(id) on delete cascade,
      membership_id uuid not null references memberships(id) on delete cascade,
      member_user_id uuid not null references users(id) on delete cascade,
      started_at timestamptz not null default now(),
      expires_at timestamptz not null,
      ended_at timestamptz,
      end_reason text check (end_reason in ('stopped', 'expired', 'replaced', 'member_left', 'became_owner')),
      check (owner_user_id <> member_user_id),
      check ((ended_at is null) = (end_reason is null))
    )`.execute(db);
  await sql`create index impersonations_membership on impersonations (membership_id, started_at desc)`.execute(db);
  await sql`create index impersonations_workspace on impersonations (workspace_id)`.execute(db);

  // The session an owner impersonates from; cleared when it ends. Losing the
  // impersonation (e.g. the workspace is deleted) leaves the session itself.
  await sql`alter table sessions add column impersonation_id uuid references impersonations(id) on delete set null`.execute(db);

  await sql`create index audit_events_workspace_actor on audit_events (workspace_id, actor_user_id, created_at desc)`.execute(db);
  await sql`create index audit_events_workspace_action on audit_events (workspace_id, action, created_at desc)`.execute(db);
  await sql`create index notifications_user_unread on notifications (user_id) where read_at is null`.execute(db);

  // The audit log is append-only. The only updates allowed are the foreign
  // keys' own "set null" when a user account is deleted; the only deletes
  // are those of a workspace being deleted, which sets
  // team_access.deleting_workspace for its transaction (see deleteWorkspace).
  await sql`
    create function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'TRUNCATE' then
        raise exception 'audit entries cannot be deleted' using errcode = 'P0001', hint = 'AUDIT_APPEND_ONLY';
      end if;
      if tg_op = 'UPDATE' then
        if (to_jsonb(new) - 'actor_user_id' - 'impersonator_user_id') = (to_jsonb(old) - 'actor_user_id' - 'impersonator_user_id')
           and (new.actor_user_id is not distinct from old.actor_user_id or new.actor_user_id is null)
           and (new.impersonator_user_id is not distinct from old.impersonator_user_id or new.impersonator_user_id is null) then
          return new;
        end if;
        raise exception 'audit entries cannot be changed' using errcode = 'P0001', hint = 'AUDIT_APPEND_ONLY';
      end if;
      if old.workspace_id is not null
         and current_setting('team_access.deleting_workspace', true) = old.workspace_id::text then
        return old;
      end if;
      raise exception 'audit entries cannot be deleted' using errcode = 'P0001', hint = 'AUDIT_APPEND_ONLY';
    end
    $$`.execute(db);
  await sql`
    create trigger audit_events_append_only before update or delete on audit_events
    for each row execute function audit_events_append_only()`.execute(db);
  // TRUNCATE bypasses row triggers; refuse it as well.
  await sql`
    create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists audit_events_no_truncate on audit_events`.execute(db);
  await sql`drop trigger if exists audit_events_append_only on audit_events`.execute(db);
  await sql`drop function if exists audit_events_append_only()`.execute(db);
  await sql`drop index if exists notifications_user_unread`.execute(db);
  await sql`drop index if exists audit_events_workspace_action`.execute(db);
  await sql`drop index if exists audit_events_workspace_actor`.execute(db);
  await sql`alter table sessions drop column if exists impersonation_id`.execute(db);
  await sql`drop table if exists impersonations`.execute(db);
}
