/**
 * Time passing: requests not decided within 14 days expire, and grants
 * whose end time has passed are announced as ended. Access itself never
 * waits for this (ended grants stop counting in the permissions query);
 * this is what tells people, and the audit log, that it happened.
 */
import { sql } from "kysely";
import type { Scope } from "#shared/permissions/catalogue";
import { recordAudit, systemActor } from "../audit";
import { notify } from "../notifications";
import type { Tx } from "../transaction";
import { accessLabel, announceAccessChange, announceRequestChange, requestsPageLink } from "./records";

interface Due {
  id: string;
  requester_active: boolean;
  workspace_id: string;
  workspace_slug: string;
  requester_membership_id: string;
  requester_user_id: string;
  permission: string;
  scope: Scope;
}

/** Marks due pending requests expired (all, or one member's); SKIP LOCKED so sweepers on several processes share the work. */
export async function expireRequestsDue(tx: Tx, options: { requesterMembershipId?: string; limit?: number } = {}): Promise<number> {
  const onlyFor = options.requesterMembershipId ? sql`and requester_membership_id = ${options.requesterMembershipId}` : sql``;
  const result = await sql<Due>`
    with due as (
      select id from permission_requests
      where status = 'pending' and expires_at <= now() ${onlyFor}
      order by expires_at
      limit ${options.limit ?? 100}
      for update skip locked
    ), expired as (
      update permission_requests r set status = 'expired', decided_at = now()
      from due where r.id = due.id
      returning r.id, r.workspace_id, r.requester_membership_id, r.permission, r.scope
    )
    select e.*, w.slug as workspace_slug, m.user_id as requester_user_id, m.status = 'active' as requester_active
    from expired e
    join workspaces w on w.id = e.workspace_id
    join memberships m on m.id = e.requester_membership_id
  `.execute(tx.db);
  for (const row of result.rows) {
    const label = accessLabel(row.permission, row.scope);
    await recordAudit(tx, {
      workspaceId: row.workspace_id,
      actor: systemActor,
      action: "request.expired",
      targetType: "permission_request",
      targetId: row.id,
      targetLabel: label,
      before: { status: "pending" },
      after: { status: "expired" },
    });
    // Someone who has left the workspace is not told about it any more.
    if (!row.requester_active) continue;
    await notify(tx, {
      userId: row.requester_user_id,
      workspaceId: row.workspace_id,
      kind: "request.expired",
      title: `Your request for ${label} expired`,
      body: "Nobody decided on it within 14 days. You can ask again.",
      link: requestsPageLink(row.workspace_slug),
    });
    await announceRequestChange(
      tx,
      {
        id: row.id,
        workspaceId: row.workspace_id,
        requesterMembershipId: row.requester_membership_id,
        requesterUserId: row.requester_user_id,
        permission: row.permission,
        scope: row.scope,
      },
      "expired",
    );
  }
  return result.rows.length;
}

interface Ended {
  id: string;
  member_active: boolean;
  workspace_id: string;
  workspace_slug: string;
  membership_id: string;
  user_id: string;
  permission: string;
  scope: Scope;
  request_id: string | null;
  ends_at: Date;
}

/** Announces grants that have reached their end: audit, a notification, fresh rooms and pages for the grantee. */
export async function announceEndedGrants(tx: Tx, options: { limit?: number } = {}): Promise<number> {
  const result = await sql<Ended>`
    with due as (
      select id from permission_grants
      where ends_at <= now() and revoked_at is null and end_announced_at is null
      order by ends_at
      limit ${options.limit ?? 100}
      for update skip locked
    ), ended as (
      update permission_grants g set end_announced_at = now()
      from due where g.id = due.id
      returning g.id, g.workspace_id, g.membership_id, g.permission, g.scope, g.request_id, g.ends_at
    )
    select e.*, w.slug as workspace_slug, m.user_id, m.status = 'active' as member_active
    from ended e
    join workspaces w on w.id = e.workspace_id
    join memberships m on m.id = e.membership_id
  `.execute(tx.db);
  for (const row of result.rows) {
    const label = accessLabel(row.permission, row.scope);
    await recordAudit(tx, {
      workspaceId: row.workspace_id,
      actor: systemActor,
      action: "grant.ended",
      targetType: "permission_grant",
      targetId: row.id,
      targetLabel: label,
      after: { endedAt: row.ends_at, membershipId: row.membership_id },
    });
    if (!row.member_active) continue;
    await notify(tx, {
      userId: row.user_id,
      workspaceId: row.workspace_id,
      kind: "grant.ended",
      title: `Your temporary access ended: ${label}`,
      body: "You can ask for it again if you still need it.",
      link: requestsPageLink(row.workspace_slug),
    });
    announceAccessChange(tx, row.workspace_id, row.user_id);
    if (row.request_id) {
      await announceRequestChange(
        tx,
        {
          id: row.request_id,
          workspaceId: row.workspace_id,
          requesterMembershipId: row.membership_id,
          requesterUserId: row.user_id,
          permission: row.permission,
          scope: row.scope,
        },
        "grant_ended",
      );
    }
  }
  return result.rows.length;
}
