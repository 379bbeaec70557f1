/** Who hears about invite links, domains and requests to join: the members who may invite, and the person asking. */
import type { JoinRequestChange } from "#shared/realtime/events";
import { invitationAudience } from "../invitations/events";
import { nowIso, type Tx } from "../transaction";

export function emitJoiningChanged(tx: Pick<Tx, "emit">, workspaceId: string, subject: "invite_link" | "domain", id: string): void {
  tx.emit(invitationAudience(workspaceId), { type: "joining.changed", subject, workspaceId, id, at: nowIso() });
}

export function emitJoinRequestChanged(tx: Pick<Tx, "emit">, workspaceId: string, requestId: string, requesterUserId: string, change: JoinRequestChange): void {
  const message = { type: "join_request.changed", change, workspaceId, requestId, at: nowIso() } as const;
  tx.emit(invitationAudience(workspaceId), message);
  tx.emit({ kind: "users", userIds: [requesterUserId] }, message);
}
