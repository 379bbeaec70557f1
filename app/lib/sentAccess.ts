/**
 * The member's access as the workspace layout sends it to the browser. For
 * most members, what their roles give (`heldThroughRoles`, the give rule's
 * limit) is exactly what they hold (`permissions`: no live grant widens it),
 * and every workspace page would carry the same 33 permissions twice. So the
 * layout leaves `heldThroughRoles` out when it equals `permissions`, and
 * `useWorkspace` puts it back: pages always see a whole `Access`.
 */
import type { Access } from "#shared/permissions/access";

export type SentAccess = Omit<Access, "heldThroughRoles"> & { heldThroughRoles?: Access["heldThroughRoles"] };

function samePermissions(a: Access["permissions"], b: Access["permissions"]): boolean {
  const keys = Object.keys(a) as Array<keyof typeof a>;
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

export function accessToSend(access: Access): SentAccess {
  const { heldThroughRoles, ...rest } = access;
  return samePermissions(heldThroughRoles, access.permissions) ? rest : access;
}

export function accessReceived(sent: SentAccess): Access {
  return { ...sent, heldThroughRoles: sent.heldThroughRoles ?? sent.permissions };
}
