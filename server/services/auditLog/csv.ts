/** The audit log as CSV, for spreadsheets and auditors, encoded as every export is (services/csv.ts). */
import { toCsv } from "../csv";
import type { AppDeps } from "../../deps";
import type { AuditFilters } from "../../schemas/auditLog";
import type { WorkspaceCaller } from "../caller";
import { allAuditEntries, type AuditLogEntry } from "./query";

const csvExportLimit = 50_000;

const header = ["time_utc", "action", "actor_name", "actor_email", "impersonator_name", "impersonator_email", "target_type", "target_id", "target_label", "before", "after"];

function json(value: unknown): string {
  return value === null || value === undefined ? "" : JSON.stringify(value);
}

function auditCsv(entries: AuditLogEntry[]): string {
  return toCsv(
    header,
    entries.map((e) => [e.at, e.action, e.actor?.name, e.actor?.email, e.impersonator?.name, e.impersonator?.email, e.targetType, e.targetId, e.targetLabel, json(e.before), json(e.after)]),
  );
}

/** The file's name, from the workspace's own address (never from the URL that asked for it). */
function auditCsvFilename(workspaceSlug: string, now = new Date()): string {
  return `audit-log-${workspaceSlug}-${now.toISOString().slice(0, 10)}.csv`;
}

/** The workspace's log as one file, up to `csvExportLimit` entries (newest first). */
export async function exportAuditCsv(deps: AppDeps, caller: WorkspaceCaller, input: { filters: AuditFilters }): Promise<{ filename: string; csv: string; rows: number; truncated: boolean }> {
  const entries = await allAuditEntries(deps.db, caller.workspace.id, input.filters, csvExportLimit);
  return { filename: auditCsvFilename(caller.workspace.slug), csv: auditCsv(entries), rows: entries.length, truncated: entries.length >= csvExportLimit };
}
