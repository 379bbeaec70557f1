/**
 * Every call made while an owner views the app as a member leaves a line
 * naming both people: changes (allowed or not, whether or not the change
 * writes its own entry), reads, and exports (with how many rows left).
 */
import type { AppDeps } from "../../deps";
import { type Actor, recordAudit } from "../audit";
import { inTransaction } from "../transaction";

export type ImpersonatedCallKind = "action" | "read" | "export";

export interface ImpersonatedCall {
  procedure: string;
  kind: ImpersonatedCallKind;
  succeeded: boolean;
  /** For exports: how many records the file held. */
  rows?: number;
}

const trailActions: Record<ImpersonatedCallKind, `impersonation.${ImpersonatedCallKind}`> = {
  action: "impersonation.action",
  read: "impersonation.read",
  export: "impersonation.export",
};

/** A query is an export when it hands out a file of records (`….export`, `auditLog.exportCsv`). */
export function impersonatedCallKind(type: string, procedure: string): ImpersonatedCallKind {
  if (type === "mutation") return "action";
  return /(^|\.)export(Csv)?$/.test(procedure) ? "export" : "read";
}

/** How many rows an export handed out, when its answer says so. */
export function exportedRows(data: unknown): number | undefined {
  const rows = data && typeof data === "object" && "rows" in data ? (data as { rows: unknown }).rows : undefined;
  return typeof rows === "number" ? rows : undefined;
}

export async function recordImpersonatedAction(deps: AppDeps, workspaceId: string, actor: Actor, call: ImpersonatedCall): Promise<void> {
  await inTransaction(deps, (tx) =>
    recordAudit(tx, {
      workspaceId,
      actor,
      action: trailActions[call.kind],
      targetType: "procedure",
      targetId: call.procedure,
      targetLabel: call.procedure,
      after: call.rows === undefined ? { succeeded: call.succeeded } : { succeeded: call.succeeded, rows: call.rows },
    }),
  );
}
