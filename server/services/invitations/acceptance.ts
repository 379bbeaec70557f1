/**
 * What must still hold when an invitation is accepted, checked inside the
 * accept transaction (which holds the workspace row, as inviting and
 * changing roles do):
 * - its sender (whoever last sent it) may still give its roles, by the one
 *   rule of permissions/give.ts; otherwise it is voided for good;
 * - a seat is free: seats in use (members and pending invitations, this one
 *   included) are within the plan's limit; otherwise it stays pending.
 * Either way whoever may manage every member is told (once per invitation
 * for seats; permissions/contacts.ts), and the invitee is told why and whom to ask.
 */
import { sql } from "kysely";
import { AppError } from "../../errors";
import { can } from "#shared/permissions/access";
import { refusalToGive } from "#shared/permissions/give";
import { whomToAsk, workspaceContacts } from "../../permissions/contacts";
import { loadRolesToGrant, type RoleToGrant } from "../../permissions/rails";
import { loadAccessInWorkspace } from "../../permissions/resolve";
import { type Actor, recordAudit } from "../audit";
import { notifyMembersManagers } from "../notifications";
import type { Db, Tx } from "../transaction";
import { planDefinitions, seatLimit, seatUsage } from "../workspaces/plans";
import { emitInvitationChanged } from "./events";

export interface InvitationToCheck {
  id: string;
  workspace_id: string;
  email: string;
  invited_by: string | null;
  sent_by: string | null;
  waiting_for_seat_since: Date | null;
}

/** The roles an invitation gives: those invited (primary first), or Viewer when all of them were deleted meanwhile. */
export async function rolesToGive(tx: Tx, invitation: { id: string; workspace_id: string }): Promise<Array<{ role_id: string; is_primary: boolean }>> {
  const invited = await tx.db.selectFrom("invitation_roles").select(["role_id", "is_primary"]).where("invitation_id", "=", invitation.id).orderBy("is_primary", "desc").execute();
  if (invited.length > 0) return invited.map((r, i) => ({ role_id: r.role_id, is_primary: i === 0 }));
  // Every invited role was deleted meanwhile: the least access there is.
  const viewer = await tx.db.selectFrom("roles").select("id").where("workspace_id", "=", invitation.workspace_id).where("builtin_key", "=", "viewer").executeTakeFirstOrThrow();
  return [{ role_id: viewer.id, is_primary: true }];
}

/** Why the sender can no longer stand behind the invitation: what they lost, said once for the invitee and once for Admins. */
export interface LostRight {
  /** "Ada Admin" or null when their account is gone. */
  sender: string | null;
  /** "can no longer give the Admin role in Stale Co", "is no longer a member of Stale Co"… */
  what: string;
}

function lostRightForInvitee(lost: LostRight): string {
  return lost.sender ? `${lost.sender}, who invited you, ${lost.what}, so the invitation was withdrawn.` : "The account that invited you no longer exists, so the invitation was withdrawn.";
}

function lostRightForAdmins(lost: LostRight, email: string): string {
  const who = lost.sender ? `${lost.sender}, who sent it, ${lost.what}` : "the account that sent it no longer exists";
  return `${email} tried to join, but ${who}, so the invitation was withdrawn. Invite them again if they should have access.`;
}

export async function lostRight(tx: { db: Db }, invitation: Pick<InvitationToCheck, "workspace_id" | "invited_by" | "sent_by">, workspaceName: string, roles: RoleToGrant[]): Promise<LostRight | null> {
  const senderId = invitation.sent_by ?? invitation.invited_by;
  const sender = senderId ? await tx.db.selectFrom("users").select("name").where("id", "=", senderId).executeTakeFirst() : undefined;
  if (!senderId || !sender) return { sender: null, what: "" };
  const found = await loadAccessInWorkspace(tx.db, senderId, invitation.workspace_id);
  if (!found) return { sender: sender.name, what: `is no longer a member of ${workspaceName}` };
  const refusal = refusalToGive({ access: found.access, membershipId: found.membershipId }, { roles }, []);
  if (refusal) {
    const role = refusal.reason === "to_self" ? null : refusal.role;
    return { sender: sender.name, what: role ? `can no longer give the ${role.name} role in ${workspaceName}` : `can no longer give the access it offered` };
  }
  if (!can(found.access, "members.invite")) return { sender: sender.name, what: `can no longer invite people to ${workspaceName}` };
  return null;
}

/**
 * Checks an invitation about to be accepted. Null: it may be accepted.
 * Otherwise the refusal is already recorded in `tx` (voided, or marked as
 * waiting for a seat; those who manage members told) and the caller must commit, then throw it.
 */
export async function refuseAcceptance(tx: Tx, invitation: InvitationToCheck, attemptedBy: Actor): Promise<AppError | null> {
  const workspace = await tx.db.selectFrom("workspaces").select(["id", "name", "slug", "plan", "trial_ends_at"]).where("id", "=", invitation.workspace_id).executeTakeFirstOrThrow();
  const roles = await loadRolesToGrant(
    tx.db,
    workspace.id,
    (await rolesToGive(tx, invitation)).map((r) => r.role_id),
  );
  const membersPage = `/w/${workspace.slug}/members`;

  const lost = await lostRight(tx, invitation, workspace.name, roles);
  if (lost) {
    const voidReason = lostRightForInvitee(lost);
    await tx.db
      .updateTable("invitations")
      .set({ status: "voided", voided_at: sql<Date>`now()`, void_reason: voidReason })
      .where("id", "=", invitation.id)
      .execute();
    await recordAudit(tx, {
      workspaceId: workspace.id,
      actor: attemptedBy,
      action: "invitation.voided",
      targetType: "invitation",
      targetId: invitation.id,
      targetLabel: invitation.email,
      before: { status: "pending" },
      after: { status: "voided", reason: voidReason, sentBy: invitation.sent_by ?? invitation.invited_by },
    });
    await notifyMembersManagers(tx, {
      workspaceId: workspace.id,
      kind: "invitation.voided",
      title: `The invitation to ${invitation.email} was withdrawn`,
      body: lostRightForAdmins(lost, invitation.email),
      link: membersPage,
    });
    emitInvitationChanged(tx, workspace.id, invitation.id, "voided");
    const contacts = await workspaceContacts(tx.db, workspace.id, invitation.sent_by ?? invitation.invited_by);
    return new AppError("INVITATION_VOIDED", `${voidReason} Ask ${whomToAsk(contacts)} for a new invitation.`, {
      workspaceName: workspace.name,
      reason: voidReason,
      contacts,
    });
  }

  const limit = seatLimit(workspace.plan, workspace.trial_ends_at);
  if (limit === null) return null;
  // This invitation's own seat is among those counted.
  const usage = await seatUsage(tx.db, workspace.id);
  if (usage.used <= limit) return null;
  const plan = planDefinitions[workspace.plan].label;
  if (!invitation.waiting_for_seat_since) {
    await tx.db
      .updateTable("invitations")
      .set({ waiting_for_seat_since: sql<Date>`now()` })
      .where("id", "=", invitation.id)
      .execute();
    await recordAudit(tx, {
      workspaceId: workspace.id,
      actor: attemptedBy,
      action: "invitation.waiting_for_seat",
      targetType: "invitation",
      targetId: invitation.id,
      targetLabel: invitation.email,
      after: { plan: workspace.plan, limit, seatsUsed: usage.used },
    });
    await notifyMembersManagers(tx, {
      workspaceId: workspace.id,
      kind: "invitation.no_seat",
      title: `${invitation.email} can't join ${workspace.name}: no free seat`,
      body: `The ${plan} plan includes up to ${limit} users and ${usage.used} seats are in use (members and pending invitations). Cancel pending invitations, remove someone or upgrade the plan, then ask them to open their link again.`,
      link: membersPage,
    });
    emitInvitationChanged(tx, workspace.id, invitation.id, "waiting_for_seat");
  }
  const contacts = await workspaceContacts(tx.db, workspace.id);
  const reason = `The ${plan} plan of ${workspace.name} includes up to ${limit} users, and all of them are taken.`;
  return new AppError("INVITATION_NO_SEAT", `${reason} Your invitation is still valid: ask ${whomToAsk(contacts)} to free a seat or upgrade the plan, then open this link again.`, {
    workspaceName: workspace.name,
    reason,
    plan,
    limit,
    contacts,
  });
}
