/** How requests are named on the pages: access labels and statuses (times: app/lib/time.tsx). */
import { isPermission, isRecordPermission, type Permission, permissionLabel, type Scope, scopeLabels } from "#shared/permissions/catalogue";
import type { BadgeTone } from "../ui";

export function accessWords(permission: string, scope: Scope): { label: string; scope: string | null } {
  if (!isPermission(permission)) return { label: permission, scope: null };
  return {
    label: permissionLabel(permission as Permission),
    scope: isRecordPermission(permission as Permission) ? scopeLabels[scope] : null,
  };
}

export const statusWords: Record<string, { label: string; tone: BadgeTone }> = {
  pending: { label: "Waiting for a decision", tone: "amber" },
  approved: { label: "Approved", tone: "green" },
  denied: { label: "Denied", tone: "red" },
  expired: { label: "Expired", tone: "slate" },
  withdrawn: { label: "Withdrawn", tone: "slate" },
};
