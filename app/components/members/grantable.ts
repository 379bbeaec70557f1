/**
 * The give rule the server applies (server/permissions/give.ts), asked in
 * the page so that roles the viewer may not give are not offered, with the
 * reason shown beside them.
 */
import { type Access, mayActOn as mayActOnTarget } from "#shared/permissions/access";
import type { Scope } from "#shared/permissions/catalogue";
import { type GiveRefusal, refusalToGive } from "#shared/permissions/give";

interface RoleLike {
  id: string;
  name: string;
  builtinKey: string | null;
  grants: Array<{ permission: string; scope: Scope }>;
}

/** Why the viewer may not give this role to this member, or null when they may. */
export function roleRefusal(access: Access, viewerMembershipId: string, role: RoleLike, recipientMembershipId: string): GiveRefusal | null {
  return refusalToGive({ access, membershipId: viewerMembershipId }, { roles: [role] }, [recipientMembershipId]);
}

export function refusalNote(refusal: GiveRefusal): string {
  if (refusal.reason === "owner_only") return "Only an Owner can give this";
  if (refusal.reason === "to_self") return "You can't give yourself a role";
  return refusal.onlyThroughGrant.length > 0 ? "Includes access you hold only for a time" : "Includes access your roles don't give you";
}

/** Owners are changed only by owners (the server's rule, server/permissions/access.ts). */
export function mayActOn(access: Access, member: { isOwner?: boolean }): boolean {
  return mayActOnTarget(access, { isOwner: member.isOwner === true });
}
