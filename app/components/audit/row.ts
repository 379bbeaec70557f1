import type { RouterOutputs } from "../../lib/trpc";

type ListedEntry = RouterOutputs["auditLog"]["list"]["entries"][number];

/**
 * What the Audit Log page shows of an entry, and all its loader sends of one (as the Members page,
 * decisions 38 and 52): the people by name (their ids and emails are in the API's answer and the CSV
 * export, not on the page), the target by its label, its id only when it has none.
 */
export interface AuditRow {
  id: string;
  at: string;
  action: string;
  /** null: the system did it. */
  actor: string | null;
  /** Who viewed the workspace as the actor, when someone did. */
  impersonator?: string;
  targetType: string;
  target: string | null;
  before?: unknown;
  after?: unknown;
}

export function auditRow(entry: ListedEntry): AuditRow {
  return {
    id: entry.id,
    at: entry.at,
    action: entry.action,
    actor: entry.actor?.name ?? null,
    ...(entry.impersonator ? { impersonator: entry.impersonator.name } : {}),
    targetType: entry.targetType,
    target: entry.targetLabel ?? entry.targetId,
    ...(entry.before == null ? {} : { before: entry.before }),
    ...(entry.after == null ? {} : { after: entry.after }),
  };
}
