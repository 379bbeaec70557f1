/**
 * Safety rails shared by every feature that hands out access (editing a
 * member's roles, inviting, approving a request). What may be given is
 * decided by the one rule in give.ts; here are the pieces around it:
 * loading the roles being given, the Owner-only targets, the last Owner,
 * and the lock that serialises changes to who holds what.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "#db/schema";
import { AppError } from "../errors";
import { type Access, mayActOn } from "#shared/permissions/access";
import type { Scope } from "#shared/permissions/catalogue";
import type { Giver, RoleGift } from "#shared/permissions/give";
import { assertMayGive } from "./giveRefusals";

export type RoleToGrant = RoleGift;

/** Loads roles of the workspace with their permissions; unknown ids are simply absent. */
export async function loadRolesToGrant(db: Kysely<Database>, workspaceId: string, roleIds: string[]): Promise<RoleToGrant[]> {
  if (roleIds.length === 0) return [];
  const rows = await db
    .selectFrom("roles as r")
    .leftJoin("role_permissions as rp", "rp.role_id", "r.id")
    .select(["r.id", "r.name", "r.builtin_key", "rp.permission", "rp.scope"])
    .where("r.workspace_id", "=", workspaceId)
    .where("r.id", "in", roleIds)
    .execute();
  const byId = new Map<string, RoleToGrant>();
  for (const row of rows) {
    let role = byId.get(row.id);
    if (!role) {
      role = { id: row.id, name: row.name, builtinKey: row.builtin_key, grants: [] };
      byId.set(row.id, role);
    }
    if (row.permission && row.scope) role.grants.push({ permission: row.permission, scope: row.scope as Scope });
  }
  return [...byId.values()];
}

/**
 * Throws unless the giver may give every one of these roles to these
 * members (none: an invitation, or taking a role away). Unknown or foreign
 * role ids answer NOT_FOUND (as if they did not exist).
 */
export async function assertMayGiveRoles(db: Kysely<Database>, workspaceId: string, giver: Giver, roleIds: string[], recipientMembershipIds: readonly string[] = []): Promise<RoleToGrant[]> {
  const unique = [...new Set(roleIds)];
  const roles = await loadRolesToGrant(db, workspaceId, unique);
  if (roles.length !== unique.length) throw new AppError("NOT_FOUND", "One of those roles does not exist in this workspace.");
  assertMayGive(giver, { roles }, recipientMembershipIds);
  return roles;
}

/** Owners are acted on only by owners (the rule: `mayActOn` in access.ts, asked by the pages too). */
export function assertMayActOn(access: Access, target: { isOwner: boolean }): void {
  if (!mayActOn(access, target)) throw new AppError("ACTS_ON_OWNER");
}

/**
 * Serialises changes to who holds what in one workspace (taken at the start
 * of such a transaction), so two owners demoting each other at once cannot
 * both succeed and leave the workspace without an Owner.
 */
export async function lockWorkspaceAccess(db: Kysely<Database>, workspaceId: string): Promise<void> {
  await db.selectFrom("workspaces").select("id").where("id", "=", workspaceId).forUpdate().execute();
}

/** Checked inside the transaction, after the change: at least one active Owner must remain. */
export async function assertOwnerRemains(db: Kysely<Database>, workspaceId: string): Promise<void> {
  const row = await db
    .selectFrom("membership_roles as mr")
    .innerJoin("roles as r", "r.id", "mr.role_id")
    .innerJoin("memberships as m", "m.id", "mr.membership_id")
    .select((eb) => eb.fn.countAll<string>().as("owners"))
    .where("mr.workspace_id", "=", workspaceId)
    .where("r.builtin_key", "=", "owner")
    .where("m.status", "=", "active")
    .executeTakeFirstOrThrow();
  if (Number(row.owners) === 0) throw new AppError("LAST_OWNER");
}

/**
 * A member's roles replaced (every old row deleted, the new ones inserted,
 * `primaryRoleId` the primary) and `assertOwnerRemains` checked, in one
 * statement: one round trip instead of three. The statement's sub-parts all
 * read the snapshot from before it, so the count is the active Owners of
 * every other member as they stand plus this member's new Owner rows (if
 * the member is active): what `assertOwnerRemains` counts after the change.
 * The delete runs first (the insert waits on it), so a role kept is
 * deleted and inserted again, as two statements did.
 */
export async function replaceRolesKeepingAnOwner(db: Kysely<Database>, workspaceId: string, membershipId: string, roleIds: string[], primaryRoleId: string): Promise<void> {
  const { rows } = await sql<{ owners: number }>`
    with gone as (
      delete from membership_roles where membership_id = ${membershipId} returning 1
    ), added as (
      insert into membership_roles (workspace_id, membership_id, role_id, is_primary)
      select ${workspaceId}::uuid, ${membershipId}::uuid, v.role_id, v.role_id = ${primaryRoleId}::uuid
      from unnest(${roleIds}::uuid[]) with ordinality as v(role_id, n)
      where (select count(*) from gone) >= 0
      order by v.n
      returning role_id
    )
    select (
      select count(*) from membership_roles mr
      join roles r on r.id = mr.role_id
      join memberships m on m.id = mr.membership_id
      where mr.workspace_id = ${workspaceId} and r.builtin_key = 'owner' and m.status = 'active' and mr.membership_id <> ${membershipId}
    ) + (
      select count(*) from added a
      join roles r on r.id = a.role_id
      join memberships m on m.id = ${membershipId}
      where r.builtin_key = 'owner' and m.status = 'active'
    ) as owners`.execute(db);
  if (Number(rows[0]?.owners ?? 0) === 0) throw new AppError("LAST_OWNER");
}
