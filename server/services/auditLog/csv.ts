/** The audit log as CSV, for spreadsheets and auditors, encoded as every export is (services/csv.ts). */
import { toCsv } from "../csv";
import type { AuditLogEntry } from "./query";

export const csvExportLimit = 50_000;

const header = ["time_utc", "action", "actor_name", "actor_email", "impersonator_name", "impersonator_email", "target_type", "target_id", "target_label", "before", "after"];

function json(value: unknown): string {
  return value === null || value === undefined ? "" : JSON.stringify(value);
}

export function auditCsv(entries: AuditLogEntry[]): string {
  return toCsv(
    header,
    entries.map((e) => [e.at, e.action, e.actor?.name, e.actor?.email, e.impersonator?.name, e.impersonator?.email, e.targetType, e.targetId, e.targetLabel, json(e.before), json(e.after)]),
  );
}

/** The file's name, from the workspace's own address (never from the URL that asked for it). */
export function auditCsvFilename(workspaceSlug: string, now = new Date()): string {
  return `audit-log-${workspaceSlug}-${now.toISOString().slice(0, 10)}.csv`;
}
