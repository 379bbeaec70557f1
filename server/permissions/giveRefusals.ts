/**
 * The refusals of the give rule (give.ts) in words a person understands,
 * each with its stable code, and the throwing forms the services use.
 */
import { AppError } from "../errors";
import { type Gift, type Giver, type GiveRefusal, isOwnerOnly, type PermissionGift, refusalToGive } from "#shared/permissions/give";
import { isRecordPermission, type Permission, permissionLabel, scopeLabels } from "#shared/permissions/catalogue";

function listed(permissions: Permission[]): string {
  const first = permissionLabel(permissions[0] as Permission);
  return permissions.length > 1 ? `${first} and ${permissions.length - 1} more` : first;
}

function scopeWords(gift: PermissionGift): string {
  return isRecordPermission(gift.permission) ? ` on ${scopeLabels[gift.scope].toLowerCase()}` : "";
}

function grantNote(onlyThroughGrant: Permission[]): string {
  if (onlyThroughGrant.length === 0) return "";
  return ` You hold ${listed(onlyThroughGrant)} only through a time-limited grant, and access from a grant can't be passed on.`;
}

/** The refusal in words a person understands, with its stable code. */
export function giveRefusalError(refusal: GiveRefusal, context: "role" | "approval"): AppError {
  switch (refusal.reason) {
    case "owner_only":
      return new AppError(
        "OWNER_ONLY",
        refusal.role?.builtinKey === "owner" || !refusal.permission ? "Only an Owner can make someone an Owner." : `Only an Owner can give owner-only access (${permissionLabel(refusal.permission)}).`,
        { roleId: refusal.role?.id ?? null, permission: refusal.permission },
      );
    case "to_self":
      return new AppError("GIVE_TO_SELF");
    case "not_held": {
      const missing = refusal.missing.map((g) => g.permission);
      const details = { roleId: refusal.role?.id ?? null, missing, onlyThroughGrant: refusal.onlyThroughGrant };
      const note = grantNote(refusal.onlyThroughGrant);
      if (context === "approval") {
        const first = refusal.missing[0] as PermissionGift;
        return new AppError("PERMISSION_NOT_GRANTABLE", `You can't approve this: it gives ${permissionLabel(first.permission)}${scopeWords(first)}, which your roles don't give you.${note}`, {
          ...details,
          permission: first.permission,
          scope: first.scope,
        });
      }
      return new AppError(
        "ROLE_NOT_GRANTABLE",
        refusal.role
          ? `You can't give the ${refusal.role.name} role: it includes access your roles don't give you (${listed(missing)}).${note}`
          : `You can't give access your roles don't give you (${listed(missing)}).${note}`,
        details,
      );
    }
  }
}

/** Throws unless `giver` may give these roles and permissions to these members. */
export function assertMayGive(giver: Giver, gift: Gift, recipientMembershipIds: readonly string[], context: "role" | "approval" = "role"): void {
  const refusal = refusalToGive(giver, gift, recipientMembershipIds);
  if (refusal) throw giveRefusalError(refusal, context);
}

/** Owner power lives in the Owner role alone: a custom role may not carry an owner-only permission. */
export function assertNoOwnerPower(grants: ReadonlyArray<{ permission: string }>): void {
  const ownerOnly = grants.filter((g) => isOwnerOnly(g.permission)).map((g) => g.permission as Permission);
  if (ownerOnly.length > 0) {
    throw new AppError("ROLE_OWNER_ONLY_PERMISSION", `${listed(ownerOnly)} comes only with the Owner role, so no custom role can carry it. Make the person an Owner instead.`, { permissions: ownerOnly });
  }
}
