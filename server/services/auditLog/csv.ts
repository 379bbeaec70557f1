/**
 * The audit log as CSV, for spreadsheets and auditors. Cells that a
 * spreadsheet would run as a formula are prefixed with a quote.
 */
import type { AuditLogEntry } from "./query";

export const csvExportLimit = 50_000;

const header = [
  "time_utc",
  "action",
  "actor_name",
  "actor_email",
  "impersonator_name",
  "impersonator_email",
  "target_type",
  "target_id",
  "target_label",
  "before",
  "after",
];

export function csvCell(value: string | null | undefined): string {
  let text = value ?? "";
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function json(value: unknown): string {
  return value === null || value === undefined ? "" : JSON.stringify(value);
}

export function auditCsv(entries: AuditLogEntry[]): string {
  const lines = [header.join(",")];
  for (const e of entries) {
    lines.push(
      [
        e.at,
        e.action,
        e.actor?.name,
        e.actor?.email,
        e.impersonator?.name,
        e.impersonator?.email,
        e.targetType,
        e.targetId,
        e.targetLabel,
        json(e.before),
        json(e.after),
      ]
        .map((cell) => csvCell(cell))
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
