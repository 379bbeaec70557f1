/**
 * The same rail the server applies (server/permissions/rails.ts), asked in
 * the page so that roles the viewer may not give are not offered.
 */
import { type Access, isOwner } from "../../../server/permissions/access";
import { isPermission, scopeCovers, type Scope } from "../../../server/permissions/catalogue";

export function mayGiveRole(access: Access, role: { builtinKey: string | null; grants: Array<{ permission: string; scope: Scope }> }): boolean {
  if (role.builtinKey === "owner") return isOwner(access);
  return role.grants.every((g) => {
    if (!isPermission(g.permission)) return true;
    const held = access.permissions[g.permission];
    return held !== undefined && scopeCovers(held, g.scope);
  });
}

/** Owners are changed only by owners. */
export function mayActOn(access: Access, member: { roles: Array<{ builtinKey: string | null }> }): boolean {
  return isOwner(access) || !member.roles.some((r) => r.builtinKey === "owner");
}
