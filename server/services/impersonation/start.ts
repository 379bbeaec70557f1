/**
 * An owner starts viewing the app as another member of the same workspace:
 * never as another owner, never as themselves, for one hour at most. The
 * member's own sessions are not touched; only the owner's session changes.
 * Whether the view may be is the rule every request asks of it
 * (permissions/viewAs.ts), asked here under the workspace's access lock, so
 * a removal or role change can't slip between the check and the start.
 */
import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import { lockWorkspaceAccess } from "../../permissions/rails";
import { viewEndReason, viewStandingSql, viewStartRefusal } from "../../permissions/viewAs";
import { recordAudit } from "../audit";
import { inTransaction } from "../transaction";
import { impersonationMinutes } from "./active";
import type { WorkspaceCaller } from "../caller";

export interface StartImpersonationInput {
  sessionId: string;
  /** The impersonation this session was already in, which the new one replaces. */
  replacingId: string | null;
  membershipId: string;
}

/** The Owner (the caller) starts viewing the workspace as one of its members. */
export async function startImpersonation(deps: AppDeps, caller: WorkspaceCaller, input: StartImpersonationInput): Promise<{ impersonationId: string; expiresAt: Date }> {
  const { actor } = caller;
  const workspaceId = caller.workspace.id;
  const ownerUserId = caller.user.id;
  return inTransaction(deps, async (tx) => {
    // As removals, role changes, leaving and transfers take it: the standing read below holds still.
    await lockWorkspaceAccess(tx.db, workspaceId);
    const target = await tx.db
      .selectFrom("memberships as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select(["m.id", "m.user_id", "u.name", "u.email"])
      .where("m.id", "=", input.membershipId)
      .where("m.workspace_id", "=", workspaceId)
      .where("m.status", "=", "active")
      .executeTakeFirst();
    if (!target) throw new AppError("NOT_FOUND", "That member is not in this workspace.");
    if (target.user_id === ownerUserId) throw new AppError("IMPERSONATE_SELF");

    if (input.replacingId) {
      await tx.db
        .updateTable("impersonations")
        .set({ ended_at: sql<Date>`now()`, end_reason: "replaced" })
        .where("id", "=", input.replacingId)
        .where("ended_at", "is", null)
        .execute();
    }
    const started = await tx.db
      .insertInto("impersonations")
      .values({
        workspace_id: workspaceId,
        owner_user_id: ownerUserId,
        membership_id: target.id,
        member_user_id: target.user_id,
        expires_at: sql<Date>`now() + ${`${impersonationMinutes} minutes`}::interval`,
      })
      .returning(["id", "expires_at"])
      .executeTakeFirstOrThrow();
    // The viewer an active Owner, the member an active non-owner: refused (and nothing kept) otherwise.
    const standing = await tx.db.selectFrom("impersonations as i").select(viewStandingSql()).where("i.id", "=", started.id).executeTakeFirstOrThrow();
    const refusal = viewStartRefusal(viewEndReason(standing));
    if (refusal) throw refusal;
    await tx.db.updateTable("sessions").set({ impersonation_id: started.id }).where("id", "=", input.sessionId).execute();
    await recordAudit(tx, {
      workspaceId: workspaceId,
      actor,
      action: "impersonation.started",
      targetType: "membership",
      targetId: target.id,
      targetLabel: target.name,
      after: { memberEmail: target.email, expiresAt: started.expires_at },
    });
    return { impersonationId: started.id, expiresAt: started.expires_at };
  });
}
