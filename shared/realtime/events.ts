/**
 * The events the server pushes to browsers. Each carries the minimum a page
 * needs to patch or refetch its data (ids, kind, time); the data itself is
 * always read back through tRPC, so a missed event costs a refetch, never a
 * wrong screen.
 */
import type { ImpersonationEndReason, InvitationStatus } from "../values";
import type { WorkspacePermission } from "../permissions/catalogue";

type At = { at: string };

export type MemberChange = "joined" | "roles_changed" | "manager_changed" | "department_changed" | "modules_changed" | "removed";
export type InvitationChange = "created" | "resent" | "cancelled" | "expired" | "delivered" | "undeliverable" | "accepted" | Extract<InvitationStatus, "voided"> | "waiting_for_seat";
export type JoinRequestChange = "created" | "approved" | "denied" | "cancelled";
export type RequestChange = "created" | "approved" | "denied" | "expired" | "withdrawn" | "grant_ended" | "grant_revoked";

export type RealtimeMessage =
  | ({ type: "member.changed"; change: MemberChange; workspaceId: string; membershipId: string } & At)
  | ({ type: "invitation.changed"; change: InvitationChange; workspaceId: string; invitationId: string } & At)
  | ({ type: "request.changed"; change: RequestChange; workspaceId: string; requestId: string } & At)
  /** Someone asked to join through an invite link or a verified domain (to Admins, and to the person asking). */
  | ({ type: "join_request.changed"; change: JoinRequestChange; workspaceId: string; requestId: string } & At)
  /** An invite link or a verified domain was added, used, changed or turned off. */
  | ({ type: "joining.changed"; subject: "invite_link" | "domain"; workspaceId: string; id: string } & At)
  | ({ type: "notification.created"; notificationId: string; workspaceId: string | null } & At)
  /** The receiving user's own access in a workspace changed: refetch everything shown for it. */
  | ({ type: "access.changed"; workspaceId: string } & At)
  /** The receiving user no longer belongs to the workspace (removed, left it themselves, or the workspace was deleted). */
  | ({ type: "workspace.left"; workspaceId: string; reason: "removed" | "left" | "deleted" } & At)
  | ({ type: "workspace.changed"; workspaceId: string } & At)
  /** The view-as this session was in has ended (its viewer removed or no longer an Owner, the member gone): start again as oneself. */
  | ({ type: "view.ended"; workspaceId: string; reason: ImpersonationEndReason } & At)
  /** The receiving user read notifications in another tab: refresh the bell. */
  | ({ type: "notification.read" } & At);

export type RealtimeMessageType = RealtimeMessage["type"];

export type ServerToClientEvents = {
  [K in RealtimeMessageType]: (message: Extract<RealtimeMessage, { type: K }>) => void;
};

// The browser only listens; it sends nothing over the socket.
export type ClientToServerEvents = Record<string, never>;

/** Who receives an event. Rooms are joined per permission, so the filter happens in Socket.IO, not per socket. */
export type Audience = { kind: "workspace"; workspaceId: string; permission?: WorkspacePermission } | { kind: "users"; userIds: string[] } | { kind: "sessions"; sessionIds: string[] };

export interface OutgoingEvent {
  audience: Audience;
  message: RealtimeMessage;
}

export const rooms = {
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  workspace: (workspaceId: string) => `ws:${workspaceId}`,
  workspacePermission: (workspaceId: string, permission: WorkspacePermission) => `ws:${workspaceId}:p:${permission}`,
};
