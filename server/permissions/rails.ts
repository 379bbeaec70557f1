/**
 * Safety rails shared by every feature that hands out access (editing a
 * member's roles, inviting, approving a request):
 * - nobody gives a role or permission they do not hold themselves, at
 *   that scope or wider;
 * - only owners give (or take away) the Owner role.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { AppError } from "../errors";
import { type Access, isOwner } from "./access";
import {
  isPermission,
  isRecordPermission,
  ownerOnlyPermissions,
  type Permission,
  permissionLabel,
  type Scope,
  scopeCovers,
  scopeLabels,
} from "./catalogue";

export interface RoleToGrant {
  id: string;
  name: string;
  builtinKey: string | null;
  grants: Array<{ permission: string; scope: Scope }>;
}

/** What in `role` the actor does not hold; empty when they may give it. */
export function missingForRole(access: Access, role: RoleToGrant): Permission[] {
  const missing: Permission[] = [];
  for (const grant of role.grants) {
    if (!isPermission(grant.permission)) continue;
    const held = access.permissions[grant.permission];
    if (!held || !scopeCovers(held, grant.scope)) missing.push(grant.permission);
  }
  return missing;
}

export function mayGrantPermission(access: Access, permission: Permission, scope: Scope): boolean {
  const held = access.permissions[permission];
  return held !== undefined && scopeCovers(held, scope);
}

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
    if (row.permission && row.scope) role.grants.push({ permission: row.permission, scope: row.scope });
  }
  return [...byId.values()];
}

/**
 * Throws unless the actor may give every one of these roles. Unknown or
 * foreign role ids answer NOT_FOUND (as if they did not exist).
 */
export async function assertMayGrantRoles(db: Kysely<Database>, workspaceId: string, access: Access, roleIds: string[]): Promise<RoleToGrant[]> {
  const unique = [...new Set(roleIds)];
  const roles = await loadRolesToGrant(db, workspaceId, unique);
  if (roles.length !== unique.length) throw new AppError("NOT_FOUND", "One of those roles does not exist in this workspace.");
  for (const role of roles) {
    if (role.builtinKey === "owner" && !isOwner(access)) {
      throw new AppError("OWNER_ONLY", "Only an Owner can make someone an Owner.", { roleId: role.id });
    }
    const missing = missingForRole(access, role);
    if (missing.length > 0) {
      throw new AppError(
        "ROLE_NOT_GRANTABLE",
        `You can't give the ${role.name} role: it includes access you don't have yourself (${permissionLabel(missing[0] as Permission)}${missing.length > 1 ? ` and ${missing.length - 1} more` : ""}).`,
        { roleId: role.id, missing },
      );
    }
  }
  return roles;
}

/**
 * Owners are acted on only by owners: an Admin may not change an Owner's
 * roles, manager, department or modules, nor remove them.
 */
export function assertMayActOn(access: Access, target: { isOwner: boolean }): void {
  if (target.isOwner && !isOwner(access)) throw new AppError("ACTS_ON_OWNER");
}

/** Nobody puts into a role a permission they do not hold themselves, at that scope or wider. */
export function assertMayGrantPermissions(access: Access, grants: Array<{ permission: Permission; scope: Scope }>): void {
  const missing = grants.filter((g) => !mayGrantPermission(access, g.permission, g.scope)).map((g) => g.permission);
  if (missing.length > 0) {
    throw new AppError(
      "ROLE_NOT_GRANTABLE",
      `You can't give access you don't have yourself (${permissionLabel(missing[0] as Permission)}${missing.length > 1 ? ` and ${missing.length - 1} more` : ""}).`,
      { missing },
    );
  }
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
 * Throws unless the actor holds `permission` at `scope` or wider (approving
 * a permission request). Owner-only permissions need an Owner as well.
 */
export function assertMayGrantPermission(access: Access, permission: Permission, scope: Scope): void {
  if ((ownerOnlyPermissions as ReadonlySet<string>).has(permission) && !isOwner(access)) {
    throw new AppError("OWNER_ONLY", "Only an Owner can give owner-only access.", { permission });
  }
  if (!mayGrantPermission(access, permission, scope)) {
    throw new AppError(
      "PERMISSION_NOT_GRANTABLE",
      `You can't approve this: it gives ${permissionLabel(permission)}${isRecordPermission(permission) ? ` on ${scopeLabels[scope].toLowerCase()}` : ""}, which you don't have yourself.`,
      { permission, scope },
    );
  }
}
