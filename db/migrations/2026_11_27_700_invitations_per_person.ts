// Migrations are frozen in time: they take Kysely<any>, not the live Database type.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { type Kysely, sql } from "kysely";

/**
 * The invite dialog and CSV import (issue 13, decision 31):
 * - invitations.department_id and invitations.manager_id: a CSV line may
 *   name the department and manager the person gets when they join. Same
 *   workspace proven by composite keys, as on memberships; a department or
 *   manager that goes away before the accept simply leaves it unset.
 * - invitation_replaced_tokens: the hash of a link that "Resend" replaced,
 *   so the old link can say it was replaced (and that the newest email holds
 *   the working link) instead of "not valid". Kept until the retention sweep
 *   for invitation tokens removes it (counted from the old link's expiry).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table invitations add column department_id uuid, add column manager_id uuid`.execute(db);
  await sql`alter table invitations add constraint invitations_department_same_workspace
    foreign key (workspace_id, department_id) references departments (workspace_id, id) on delete set null (department_id)`.execute(db);
  await sql`alter table invitations add constraint invitations_manager_same_workspace
    foreign key (workspace_id, manager_id) references memberships (workspace_id, id) on delete set null (manager_id)`.execute(db);

  await sql`
    create table invitation_replaced_tokens (
      token_hash bytea primary key,
      invitation_id uuid not null references invitations(id) on delete cascade,
      replaced_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index invitation_replaced_tokens_invitation on invitation_replaced_tokens (invitation_id)`.execute(db);
  await sql`create index invitation_replaced_tokens_expires on invitation_replaced_tokens (expires_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists invitation_replaced_tokens`.execute(db);
  await sql`alter table invitations drop constraint if exists invitations_manager_same_workspace`.execute(db);
  await sql`alter table invitations drop constraint if exists invitations_department_same_workspace`.execute(db);
  await sql`alter table invitations drop column if exists manager_id, drop column if exists department_id`.execute(db);
}
