/**
 * Keeps an invitation's delivery status in step with its email: "sent"
 * once Postmark took it, "undeliverable" (with Postmark's reason) for an
 * inactive recipient or an invalid address, and the pages are told.
 * Outcomes of an older email (before a resend) are ignored.
 */
import type { EmailStatusChange, EmailStatusListener } from "#emails/worker";
import type { AppDeps } from "../../deps";
import { recordAudit, systemActor } from "../audit";
import { inTransaction } from "../transaction";
import { emitInvitationChanged } from "./events";

export function invitationDeliveryListener(deps: AppDeps): EmailStatusListener {
  return async ({ email, result }: EmailStatusChange) => {
    if (email.kind !== "invitation" || !email.reference_id) return;
    const invitationId = email.reference_id;
    await inTransaction(deps, async (tx) => {
      const invitation = await tx.db.selectFrom("invitations").select(["id", "workspace_id", "email", "delivery_status"]).where("id", "=", invitationId).where("outbox_id", "=", email.id).forUpdate().executeTakeFirst();
      if (!invitation) return;
      if (email.status === "sent") {
        await tx.db.updateTable("invitations").set({ delivery_status: "sent", delivery_error: null }).where("id", "=", invitation.id).execute();
        emitInvitationChanged(tx, invitation.workspace_id, invitation.id, "delivered");
      } else if (email.status === "undeliverable" || email.status === "failed") {
        const reason = result.ok ? "Unknown" : result.reason;
        const why = email.status === "failed" ? `Delivery kept failing and was stopped: ${reason}` : reason;
        await tx.db.updateTable("invitations").set({ delivery_status: "undeliverable", delivery_error: why }).where("id", "=", invitation.id).execute();
        await recordAudit(tx, {
          workspaceId: invitation.workspace_id,
          actor: systemActor,
          action: "invitation.undeliverable",
          targetType: "invitation",
          targetId: invitation.id,
          targetLabel: invitation.email,
          before: { delivery: invitation.delivery_status },
          after: { delivery: "undeliverable", reason: why, errorCode: result.ok ? null : (result.errorCode ?? null) },
        });
        emitInvitationChanged(tx, invitation.workspace_id, invitation.id, "undeliverable");
      } else if (!result.ok) {
        // Will be retried: still queued, with the last problem for the curious.
        await tx.db
          .updateTable("invitations")
          .set({ delivery_error: `Retrying: ${result.reason}` })
          .where("id", "=", invitation.id)
          .execute();
      }
    });
  };
}
