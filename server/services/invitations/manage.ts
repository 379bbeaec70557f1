/** Resending and cancelling invitations from the Pending Invitations section. */
import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import { assertMayGiveRoles } from "../../permissions/rails";
import { recordAudit } from "../audit";
import { realSender } from "../realSender";
import { inTransaction, type Tx } from "../transaction";
import { planDefinitions, seatLimit, seatUsage } from "../workspaces/plans";
import { queueInvitationEmails } from "./email";
import { emitInvitationChanged } from "./events";
import { invitationLimits } from "./limits";
import { resendsLeft } from "./list";
import { invitationLifetimeDays, newInvitationToken } from "./tokens";
import type { WorkspaceCaller } from "../caller";

async function lockInvitation(tx: Tx, workspaceId: string, invitationId: string) {
  const invitation = await tx.db.selectFrom("invitations").selectAll().where("id", "=", invitationId).where("workspace_id", "=", workspaceId).forUpdate().executeTakeFirst();
  if (!invitation) throw new AppError("NOT_FOUND", "That invitation no longer exists.");
  return invitation;
}

function notPending(status: string): AppError {
  return new AppError(
    "INVITATION_NOT_PENDING",
    status === "accepted"
      ? "This invitation has already been accepted."
      : status === "voided"
        ? "This invitation was withdrawn because its sender could no longer give its roles. Send a new one instead."
        : "This invitation was cancelled. Send a new one instead.",
  );
}

/** A new token and a new email; the old link stops working. Expired invitations come back to life here. */
export async function resendInvitation(deps: AppDeps, inviter: WorkspaceCaller, invitationId: string): Promise<{ id: string; expiresAt: string; resendsLeftToday: number }> {
  return inTransaction(deps, async (tx) => {
    // The workspace row first (as inviting does): reviving an expired invitation takes a seat again.
    const workspace = await tx.db.selectFrom("workspaces").select(["id", "name", "plan", "trial_ends_at"]).where("id", "=", inviter.workspace.id).forUpdate().executeTakeFirstOrThrow();
    const invitation = await lockInvitation(tx, workspace.id, invitationId);
    if (invitation.status === "accepted" || invitation.status === "cancelled" || invitation.status === "voided") throw notPending(invitation.status);

    const left = resendsLeft(invitation.resend_count, invitation.resend_window_started_at);
    if (left <= 0) {
      const again = new Date((invitation.resend_window_started_at?.getTime() ?? Date.now()) + 86_400_000);
      throw new AppError(
        "INVITATION_RESEND_LIMIT",
        `This invitation has already been resent ${invitationLimits.resendsPerDay} times in the last 24 hours. You can resend it again after ${again.toUTCString().replace(" GMT", " UTC")}.`,
        { retryAt: again.toISOString() },
      );
    }

    const roles = await tx.db.selectFrom("invitation_roles").select(["role_id", "is_primary"]).where("invitation_id", "=", invitation.id).orderBy("is_primary", "desc").execute();
    // The invitation now rests on the resender's right to give its roles (checked again at accept).
    const granted = await assertMayGiveRoles(
      tx.db,
      workspace.id,
      inviter,
      roles.map((r) => r.role_id),
    );
    const roleNames = roles.map((r) => granted.find((g) => g.id === r.role_id)?.name ?? "").filter(Boolean);

    const member = await tx.db
      .selectFrom("memberships as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select("m.id")
      .where("m.workspace_id", "=", workspace.id)
      .where("m.status", "=", "active")
      .where("u.email", "=", invitation.email)
      .executeTakeFirst();
    if (member) throw new AppError("INVITATION_ALREADY_MEMBER", "This person has already joined the workspace.");

    const wasExpired = invitation.status === "expired" || invitation.expires_at.getTime() <= Date.now();
    if (wasExpired) {
      const other = await tx.db
        .selectFrom("invitations")
        .select("id")
        .where("workspace_id", "=", workspace.id)
        .where("email", "=", invitation.email)
        .where("status", "=", "pending")
        .where("id", "!=", invitation.id)
        .executeTakeFirst();
      if (other) throw new AppError("INVITATION_ALREADY_PENDING");
      const limit = seatLimit(workspace.plan, workspace.trial_ends_at);
      if (limit !== null) {
        const usage = await seatUsage(tx.db, workspace.id);
        // An expired invitation holds no seat; a pending one past its time is not counted either.
        if (usage.used + 1 > limit) {
          throw new AppError("SEAT_LIMIT_REACHED", `Your ${planDefinitions[workspace.plan].label} plan includes up to ${limit} users, and every seat is taken. Upgrade the plan or cancel a pending invitation first.`, {
            plan: workspace.plan,
            limit,
          });
        }
      }
    }

    const { token, hash } = newInvitationToken();
    const expiresAt = new Date(Date.now() + invitationLifetimeDays * 86_400_000);
    // The old link keeps saying what happened to it: replaced by this newer invitation (until the retention sweep).
    if (invitation.token_hash) {
      await tx.db
        .insertInto("invitation_replaced_tokens")
        .values({ token_hash: invitation.token_hash, invitation_id: invitation.id, expires_at: invitation.expires_at })
        .onConflict((oc) => oc.column("token_hash").doNothing())
        .execute();
    }
    const freshWindow = left === invitationLimits.resendsPerDay;
    await tx.db
      .updateTable("invitations")
      .set({
        token_hash: hash,
        status: "pending",
        sent_at: sql<Date>`now()`,
        expires_at: expiresAt,
        sent_by: inviter.user.id,
        waiting_for_seat_since: null,
        resend_count: freshWindow ? 1 : invitation.resend_count + 1,
        resend_window_started_at: freshWindow ? sql<Date>`now()` : (invitation.resend_window_started_at ?? sql<Date>`now()`),
      })
      .where("id", "=", invitation.id)
      .execute();

    const original = invitation.invited_by ? await tx.db.selectFrom("users").select(["name", "email"]).where("id", "=", invitation.invited_by).executeTakeFirst() : undefined;
    await queueInvitationEmails(
      deps,
      tx,
      {
        workspaceId: workspace.id,
        workspaceName: workspace.name,
        inviter: original ?? inviter.user,
        roleNames,
        message: invitation.message,
        sentBy: await realSender(tx.db, inviter.actor, original ? invitation.invited_by : inviter.user.id),
      },
      [{ invitationId: invitation.id, email: invitation.email, token, expiresAt }],
    );
    await recordAudit(tx, {
      workspaceId: workspace.id,
      actor: inviter.actor,
      action: "invitation.resent",
      targetType: "invitation",
      targetId: invitation.id,
      targetLabel: invitation.email,
      before: { status: invitation.status, expiresAt: invitation.expires_at.toISOString() },
      after: { status: "pending", expiresAt: expiresAt.toISOString() },
    });
    emitInvitationChanged(tx, workspace.id, invitation.id, "resent");
    return { id: invitation.id, expiresAt: expiresAt.toISOString(), resendsLeftToday: left - 1 };
  });
}

export async function cancelInvitation(deps: AppDeps, inviter: WorkspaceCaller, invitationId: string): Promise<{ id: string }> {
  return inTransaction(deps, async (tx) => {
    const invitation = await lockInvitation(tx, inviter.workspace.id, invitationId);
    if (invitation.status === "accepted" || invitation.status === "cancelled" || invitation.status === "voided") throw notPending(invitation.status);
    // Cancelling follows the rule sending does: only someone who could give its roles may take the invitation back.
    const roles = await tx.db.selectFrom("invitation_roles").select("role_id").where("invitation_id", "=", invitation.id).execute();
    await assertMayGiveRoles(
      tx.db,
      inviter.workspace.id,
      inviter,
      roles.map((r) => r.role_id),
    );
    await tx.db
      .updateTable("invitations")
      .set({ status: "cancelled", cancelled_at: sql<Date>`now()` })
      .where("id", "=", invitation.id)
      .execute();
    await recordAudit(tx, {
      workspaceId: inviter.workspace.id,
      actor: inviter.actor,
      action: "invitation.cancelled",
      targetType: "invitation",
      targetId: invitation.id,
      targetLabel: invitation.email,
      before: { status: invitation.status },
      after: { status: "cancelled" },
    });
    emitInvitationChanged(tx, inviter.workspace.id, invitation.id, "cancelled");
    return { id: invitation.id };
  });
}
