/**
 * Loading one request (with the people around it) for a decision, and
 * telling the people who follow it that it changed.
 */
import { sql } from "kysely";
import type { GrantDuration, RequestStatus } from "#db/schema";
import { isPermission, isRecordPermission, type Permission, permissionLabel, type Scope, scopeLabels } from "#shared/permissions/catalogue";
import type { RequestChange } from "#shared/realtime/events";
import { approversFor } from "../../permissions/approve";
import { nowIso, type Tx } from "../transaction";

export interface RequestForDecision {
  id: string;
  workspaceId: string;
  workspaceSlug: string;
  workspaceName: string;
  requesterMembershipId: string;
  requesterUserId: string;
  requesterName: string;
  requesterEmail: string;
  requesterTimeZone: string | null;
  requesterActive: boolean;
  permission: string;
  scope: Scope;
  reason: string;
  duration: GrantDuration;
  status: RequestStatus;
  expired: boolean;
  decidedByName: string | null;
}

/** Locks the request row (FOR UPDATE): a second decider waits here, then sees the first one's outcome. */
export async function lockRequest(tx: Tx, workspaceId: string, requestId: string): Promise<RequestForDecision | null> {
  // Lock alone first; the read below then sees (in a fresh statement snapshot) whatever a decider before us committed.
  const locked = await tx.db.selectFrom("permission_requests").select("id").where("id", "=", requestId).where("workspace_id", "=", workspaceId).forUpdate().executeTakeFirst();
  if (!locked) return null;
  const row = await tx.db
    .selectFrom("permission_requests as r")
    .innerJoin("workspaces as w", "w.id", "r.workspace_id")
    .innerJoin("memberships as m", "m.id", "r.requester_membership_id")
    .innerJoin("users as u", "u.id", "m.user_id")
    .leftJoin("memberships as dm", "dm.id", "r.decided_by_membership_id")
    .leftJoin("users as du", "du.id", "dm.user_id")
    .select([
      "r.id",
      "r.workspace_id as workspaceId",
      "w.slug as workspaceSlug",
      "w.name as workspaceName",
      "r.requester_membership_id as requesterMembershipId",
      "u.id as requesterUserId",
      "u.name as requesterName",
      "u.email as requesterEmail",
      "u.time_zone as requesterTimeZone",
      "m.status as requesterStatus",
      "r.permission",
      "r.scope",
      "r.reason",
      "r.duration",
      "r.status",
      sql<boolean>`r.expires_at <= now()`.as("expired"),
      "du.name as decidedByName",
    ])
    .where("r.id", "=", requestId)
    .where("r.workspace_id", "=", workspaceId)
    .executeTakeFirst();
  if (!row) return null;
  const { requesterStatus, ...rest } = row;
  return { ...rest, requesterActive: requesterStatus === "active" };
}

/** "Export Contacts (CRM) on own records", or "Invite members". */
export function accessLabel(permission: string, scope: Scope): string {
  if (!isPermission(permission)) return permission;
  const label = permissionLabel(permission as Permission);
  return isRecordPermission(permission) ? `${label} on ${scopeLabels[scope].toLowerCase()}` : label;
}

export function requestsPageLink(workspaceSlug: string): string {
  return `/w/${workspaceSlug}/requests`;
}

export function triagePageLink(workspaceSlug: string): string {
  return `/w/${workspaceSlug}/settings/requests`;
}

/** After commit, `request.changed` goes to the requester and the request's approvers only. */
export async function announceRequestChange(
  tx: Tx,
  request: { id: string; workspaceId: string; requesterMembershipId: string; requesterUserId: string; permission: string; scope: Scope },
  change: RequestChange,
  extraUserIds: string[] = [],
): Promise<void> {
  const approvers = await approversFor(tx.db, request);
  const userIds = [...new Set([request.requesterUserId, ...approvers.map((a) => a.userId), ...extraUserIds])];
  tx.emit({ kind: "users", userIds }, { type: "request.changed", change, workspaceId: request.workspaceId, requestId: request.id, at: nowIso() });
}

/** The grantee's access changed: recompute their rooms and tell their pages to refetch. */
export function announceAccessChange(tx: Tx, workspaceId: string, userId: string): void {
  tx.refreshRooms(userId);
  tx.emit({ kind: "users", userIds: [userId] }, { type: "access.changed", workspaceId, at: nowIso() });
}
