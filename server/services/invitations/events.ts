/** Who hears about invitations: the members who may invite (they see the pending list). */
import type { Audience, InvitationChange } from "#shared/realtime/events";
import { nowIso, type Tx } from "../transaction";

export function invitationAudience(workspaceId: string): Audience {
  return { kind: "workspace", workspaceId, permission: "members.invite" };
}

export function emitInvitationChanged(tx: Pick<Tx, "emit">, workspaceId: string, invitationId: string, change: InvitationChange): void {
  tx.emit(invitationAudience(workspaceId), { type: "invitation.changed", change, workspaceId, invitationId, at: nowIso() });
}
