/**
 * The one rule for "may this person give this access?", asked by every
 * path that hands out access (a member's roles, a custom role's contents,
 * invitations when sent, resent, cancelled and accepted, request
 * approvals) and by the pages before they offer a choice:
 *
 * 1. Owner power (the Owner role, or an owner-only permission) is given by
 *    Owners only, and exists only in the Owner role: no custom role carries
 *    it (`assertNoOwnerPower`).
 * 2. Never to oneself, except an Owner where it changes nothing (they
 *    already hold everything).
 * 3. Only what the giver holds through their roles, at that scope or wider:
 *    access held through a time-limited grant is never passed on.
 *
 * Pure: the server builds the giver's `Access` per request, the pages
 * receive the same object. The refusals in words, with their codes, are in
 * giveRefusals.ts.
 */
import { type Access, isOwner } from "./access";
import { isPermission, ownerOnlyPermissions, type Permission, type Scope, scopeCovers } from "./catalogue";

export interface Giver {
  access: Access;
  /** The giver's own membership: giving to it is giving to oneself. */
  membershipId: string;
}

export interface PermissionGift {
  permission: Permission;
  scope: Scope;
}

/** A role as far as giving it is concerned. */
export interface RoleGift {
  id: string;
  name: string;
  builtinKey: string | null;
  grants: Array<{ permission: string; scope: Scope }>;
}

/** What is given: roles, permissions (a role's contents, an approval), or modules opened again (how many). */
export interface Gift {
  roles?: RoleGift[];
  permissions?: PermissionGift[];
  openModules?: number;
}

export type GiveRefusal =
  { reason: "owner_only"; role: RoleGift | null; permission: Permission | null } | { reason: "to_self" } | { reason: "not_held"; role: RoleGift | null; missing: PermissionGift[]; onlyThroughGrant: Permission[] };

export function isOwnerOnly(permission: string): boolean {
  return (ownerOnlyPermissions as ReadonlySet<string>).has(permission);
}

function giftsOf(role: RoleGift): PermissionGift[] {
  return role.grants.flatMap((g) => (isPermission(g.permission) ? [{ permission: g.permission, scope: g.scope }] : []));
}

function heldThroughRoles(access: Access, gift: PermissionGift): boolean {
  const held = access.heldThroughRoles[gift.permission];
  return held !== undefined && scopeCovers(held, gift.scope);
}

function heldAtAll(access: Access, gift: PermissionGift): boolean {
  const held = access.permissions[gift.permission];
  return held !== undefined && scopeCovers(held, gift.scope);
}

/**
 * Why `giver` may not give these roles and permissions to these members
 * (none for a role's definition or an invitation), or null when they may.
 */
export function refusalToGive(giver: Giver, gift: Gift, recipientMembershipIds: readonly string[]): GiveRefusal | null {
  const roles = gift.roles ?? [];
  const loose = gift.permissions ?? [];
  const owner = isOwner(giver.access);
  // Opening a module someone's access was closed off from gives nothing their roles don't; to oneself, only an Owner.
  if ((gift.openModules ?? 0) > 0 && recipientMembershipIds.includes(giver.membershipId) && !owner) return { reason: "to_self" };
  if (roles.length === 0 && loose.length === 0) return null;

  // 1. Owner power, by Owners only.
  if (!owner) {
    for (const role of roles) {
      if (role.builtinKey === "owner") return { reason: "owner_only", role, permission: null };
      const ownerOnly = role.grants.find((g) => isOwnerOnly(g.permission));
      if (ownerOnly) return { reason: "owner_only", role, permission: ownerOnly.permission as Permission };
    }
    const ownerOnly = loose.find((g) => isOwnerOnly(g.permission));
    if (ownerOnly) return { reason: "owner_only", role: null, permission: ownerOnly.permission };
  }

  // 3. Only what they hold through roles (checked before 2 only to find it; 2 wins below).
  const notHeld = (gifts: PermissionGift[], role: RoleGift | null): GiveRefusal | null => {
    const missing = gifts.filter((g) => !heldThroughRoles(giver.access, g));
    if (missing.length === 0) return null;
    return {
      reason: "not_held",
      role,
      missing,
      onlyThroughGrant: missing.filter((g) => heldAtAll(giver.access, g)).map((g) => g.permission),
    };
  };
  const shortfall = roles.map((role) => notHeld(giftsOf(role), role)).find((r) => r !== null) ?? notHeld(loose, null);

  // 2. Never to oneself; an Owner may, since it changes nothing (they hold all of it already).
  if (recipientMembershipIds.includes(giver.membershipId) && !(owner && shortfall === null)) return { reason: "to_self" };
  return shortfall;
}

export function mayGive(giver: Giver, gift: Gift, recipientMembershipIds: readonly string[] = []): boolean {
  return refusalToGive(giver, gift, recipientMembershipIds) === null;
}

/** Whether the member may use an owner-only power: the same rule everywhere (only the Owner role carries one). */
export function holdsOwnerPower(access: Access, permission: Permission): boolean {
  return isOwnerOnly(permission) && isOwner(access) && access.permissions[permission] !== undefined;
}
