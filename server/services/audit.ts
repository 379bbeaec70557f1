/**
 * The audit log: every change to membership, roles, modules, departments,
 * invitations, requests, grants, plan, impersonation and settings is
 * written here in the same transaction as the change itself.
 */
import type { Tx } from "./transaction";

/** Who did it, and who was really at the keyboard when impersonating. */
export interface Actor {
  userId: string | null;
  impersonatorUserId: string | null;
}

export const systemActor: Actor = { userId: null, impersonatorUserId: null };

export interface AuditEntry {
  workspaceId: string | null;
  actor: Actor;
  /** `area.verb`, e.g. `member.roles_changed`, `invitation.created`. */
  action: `${string}.${string}`;
  targetType: string;
  targetId: string | null;
  targetLabel?: string | null;
  before?: unknown;
  after?: unknown;
}

function auditRow(entry: AuditEntry) {
  return {
    workspace_id: entry.workspaceId,
    actor_user_id: entry.actor.userId,
    impersonator_user_id: entry.actor.impersonatorUserId,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    target_label: entry.targetLabel ?? null,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  };
}

export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.db.insertInto("audit_events").values(auditRow(entry)).execute();
}

/** Several entries in one insert (a batch of invitations), in the same transaction as the change. */
export async function recordAudits(tx: Tx, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.db.insertInto("audit_events").values(entries.map(auditRow)).execute();
}
