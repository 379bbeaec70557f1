/** How requests are named on the pages: access labels, statuses, times. */
import { isPermission, isRecordPermission, type Permission, permissionLabel, type Scope, scopeLabels } from "../../../server/permissions/catalogue";
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

export function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

/** "in 3 hours", "in 2 days" — coarse on purpose. */
export function timeUntil(iso: string, now = Date.now()): string {
  const ms = new Date(iso).getTime() - now;
  if (ms <= 0) return "now";
  const hours = ms / 3_600_000;
  if (hours < 1) return `in ${Math.max(1, Math.round(ms / 60_000))} min`;
  if (hours < 36) return `in ${Math.round(hours)} hours`;
  return `in ${Math.round(hours / 24)} days`;
}
