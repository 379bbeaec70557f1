/**
 * An owner starts viewing the app as another member of the same workspace:
 * never as another owner, never as themselves, for one hour at most. The
 * member's own sessions are not touched; only the owner's session changes.
 */
import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import { type Actor, recordAudit } from "../audit";
import { inTransaction } from "../transaction";
import { impersonationMinutes } from "./active";

export interface StartImpersonationInput {
  workspaceId: string;
  ownerUserId: string;
  sessionId: string;
  /** The impersonation this session was already in, which the new one replaces. */
  replacingId: string | null;
  membershipId: string;
}

export async function startImpersonation(
  deps: AppDeps,
  actor: Actor,
  input: StartImpersonationInput,
): Promise<{ impersonationId: string; expiresAt: Date }> {
  return inTransaction(deps, async (tx) => {
    const target = await tx.db
      .selectFrom("memberships as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select(["m.id", "m.user_id", "u.name", "u.email"])
      .select(
        sql<boolean>`exists (
          select 1 from membership_roles mr join roles r on r.id = mr.role_id
          where mr.membership_id = m.id and r.builtin_key = 'owner'
        )`.as("is_owner"),
      )
      .where("m.id", "=", input.membershipId)
      .where("m.workspace_id", "=", input.workspaceId)
      .where("m.status", "=", "active")
      // Lock the member row so a concurrent promotion to Owner waits for us (or we for it).
      .forUpdate("m")
      .executeTakeFirst();
    if (!target) throw new AppError("NOT_FOUND", "That member is not in this workspace.");
    if (target.user_id === input.ownerUserId) throw new AppError("IMPERSONATE_SELF");
    if (target.is_owner) throw new AppError("IMPERSONATE_OWNER");

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
        workspace_id: input.workspaceId,
        owner_user_id: input.ownerUserId,
        membership_id: target.id,
        member_user_id: target.user_id,
        expires_at: sql<Date>`now() + ${`${impersonationMinutes} minutes`}::interval`,
      })
      .returning(["id", "expires_at"])
      .executeTakeFirstOrThrow();
    await tx.db.updateTable("sessions").set({ impersonation_id: started.id }).where("id", "=", input.sessionId).execute();
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
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
