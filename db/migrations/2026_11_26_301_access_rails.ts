// Migrations are frozen in time: they take Kysely<any>, not the live Database type.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { type Kysely, sql } from "kysely";

/**
 * Access rails (issue 12):
 * - a view-as also ends when its viewer is removed or is no longer an Owner;
 * - an invitation rests on the right of whoever last sent it (`sent_by`),
 *   is voided when that right is gone at accept, and remembers since when
 *   it has been waiting for a seat (so Admins are told once);
 * - owner-only permissions live in the Owner role alone: any custom role
 *   carrying one loses it.
 */
// Frozen in time, as of this migration: main's `workspace.transfer` (200's era) is owner-only too, and
// custom roles made before this lands may carry it.
const ownerOnly = ["billing.manage", "workspace.delete", "workspace.transfer", "members.impersonate"];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table impersonations drop constraint impersonations_end_reason_check`.execute(db);
  await sql`
    alter table impersonations add constraint impersonations_end_reason_check check (end_reason in
      ('stopped', 'expired', 'replaced', 'member_left', 'became_owner', 'viewer_removed', 'viewer_not_owner'))`.execute(db);
  await sql`create index impersonations_open_by_owner on impersonations (workspace_id, owner_user_id) where ended_at is null`.execute(db);

  await sql`alter table invitations drop constraint invitations_status_check`.execute(db);
  await sql`alter table invitations add constraint invitations_status_check check (status in ('pending', 'accepted', 'cancelled', 'expired', 'voided'))`.execute(db);
  await sql`
    alter table invitations
      add column sent_by uuid references users(id) on delete set null,
      add column voided_at timestamptz,
      add column void_reason text check (void_reason is null or length(void_reason) <= 500),
      add column waiting_for_seat_since timestamptz`.execute(db);
  await sql`update invitations set sent_by = invited_by`.execute(db);

  await sql`
    delete from role_permissions rp using roles r
    where rp.role_id = r.id and r.builtin_key is distinct from 'owner' and rp.permission = any(${ownerOnly}::text[])`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`update invitations set status = 'cancelled', cancelled_at = coalesce(voided_at, now()) where status = 'voided'`.execute(db);
  await sql`alter table invitations drop column waiting_for_seat_since, drop column void_reason, drop column voided_at, drop column sent_by`.execute(db);
  await sql`alter table invitations drop constraint invitations_status_check`.execute(db);
  await sql`alter table invitations add constraint invitations_status_check check (status in ('pending', 'accepted', 'cancelled', 'expired'))`.execute(db);

  await sql`drop index if exists impersonations_open_by_owner`.execute(db);
  await sql`update impersonations set end_reason = 'stopped' where end_reason in ('viewer_removed', 'viewer_not_owner')`.execute(db);
  await sql`alter table impersonations drop constraint impersonations_end_reason_check`.execute(db);
  await sql`
    alter table impersonations add constraint impersonations_end_reason_check check (end_reason in
      ('stopped', 'expired', 'replaced', 'member_left', 'became_owner'))`.execute(db);
}
