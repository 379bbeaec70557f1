/**
 * A member's access in one workspace, and the questions asked of it. Pure:
 * the server builds an `Access` per request (see resolve.ts) and the pages
 * receive the same object, so a button is offered exactly when the
 * procedure behind it would allow the action.
 */
import { isRecordPermission, type ModuleKey, moduleKeys, moduleOf, type Permission, type Scope, scopeCovers } from "./catalogue";
import type { BuiltInRoleKey } from "./builtinRoles";

export interface Access {
  /** Widest scope held per permission, through roles and live grants (workspace permissions are always "all"). */
  permissions: Partial<Record<Permission, Scope>>;
  /**
   * The same through roles alone: the most this member may give anyone
   * (see give.ts). Access from a time-limited grant is never passed on.
   */
  heldThroughRoles: Partial<Record<Permission, Scope>>;
  /** Modules open to this member: on for the workspace and not revoked for them. */
  modules: Record<ModuleKey, boolean>;
  /** Built-in roles held, for the owner-only rails. */
  builtInRoles: BuiltInRoleKey[];
}

export const noAccess: Access = {
  permissions: {},
  heldThroughRoles: {},
  modules: Object.fromEntries(moduleKeys.map((m) => [m, false])) as Record<ModuleKey, boolean>,
  builtInRoles: [],
};

export function isOwner(access: Access): boolean {
  return access.builtInRoles.includes("owner");
}

/**
 * Owners are acted on only by owners: an Admin may not change an Owner's
 * roles, manager, department or modules, nor remove them.
 */
export function mayActOn(access: Access, target: { isOwner: boolean }): boolean {
  return !target.isOwner || isOwner(access);
}

export function hasModule(access: Access, module: ModuleKey): boolean {
  return access.modules[module] === true;
}

/** The widest scope the member holds for a permission, or null (module closed counts as none). */
export function scopeFor(access: Access, permission: Permission): Scope | null {
  const module = moduleOf(permission);
  if (module && !hasModule(access, module)) return null;
  return access.permissions[permission] ?? null;
}

/** May the member do this, at least at the given scope? */
export function can(access: Access, permission: Permission, atLeast: Scope = "own"): boolean {
  const held = scopeFor(access, permission);
  if (held === null) return false;
  return isRecordPermission(permission) ? scopeCovers(held, atLeast) : true;
}
