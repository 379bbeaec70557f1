/**
 * Reading requests: the member's own, and the triage list of those the
 * viewer may decide (the approver rule applied in SQL). Pending first.
 */
import { sql } from "kysely";
import type { GrantDuration, RequestStatus } from "#db/schema";
import type { Scope } from "#shared/permissions/catalogue";
import type { ListRequestsInput } from "../../schemas/requests";
import type { MemberRole } from "../members/list";
import type { AppDeps } from "../../deps";
import type { WorkspaceCaller } from "../caller";
import { decidableByViewerSql } from "../../permissions/approve";

export interface RequestRow {
  id: string;
  permission: string;
  scope: Scope;
  reason: string;
  duration: GrantDuration;
  status: RequestStatus;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
  grantedDuration: GrantDuration | null;
  decidedBy: string | null;
  requester: { membershipId: string; userId: string; name: string; email: string; roles: MemberRole[] };
  grant: { id: string; endsAt: string | null; active: boolean; revokedAt: string | null } | null;
}

interface RawRow {
  id: string;
  permission: string;
  scope: Scope;
  reason: string;
  duration: GrantDuration;
  status: RequestStatus;
  created_at: Date;
  expires_at: Date;
  decided_at: Date | null;
  decision_note: string | null;
  granted_duration: GrantDuration | null;
  decided_by: string | null;
  requester_membership_id: string;
  requester_user_id: string;
  requester_name: string;
  requester_email: string;
  requester_roles: MemberRole[];
  grant_id: string | null;
  grant_ends_at: Date | null;
  grant_revoked_at: Date | null;
  grant_active: boolean | null;
}

function toRow(r: RawRow): RequestRow {
  return {
    id: r.id,
    permission: r.permission,
    scope: r.scope,
    reason: r.reason,
    duration: r.duration,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionNote: r.decision_note,
    grantedDuration: r.granted_duration,
    decidedBy: r.decided_by,
    requester: {
      membershipId: r.requester_membership_id,
      userId: r.requester_user_id,
      name: r.requester_name,
      email: r.requester_email,
      roles: r.requester_roles,
    },
    grant: r.grant_id
      ? {
          id: r.grant_id,
          endsAt: r.grant_ends_at?.toISOString() ?? null,
          active: r.grant_active === true,
          revokedAt: r.grant_revoked_at?.toISOString() ?? null,
        }
      : null,
  };
}

/** Picks the page of requests first (cheap columns only), then fills in people, roles and grants for those rows. */
function selectRequests(where: ReturnType<typeof sql>, limit: number) {
  return sql<RawRow>`
    with picked as (
      select r.* from permission_requests r
      where ${where}
      order by (r.status = 'pending') desc, r.created_at desc, r.id
      limit ${limit}
    )
    select r.id, r.permission, r.scope, r.reason, r.duration, r.status, r.created_at,
      r.expires_at, r.decided_at, r.decision_note, r.granted_duration,
      du.name as decided_by,
      r.requester_membership_id, u.id as requester_user_id, u.name as requester_name, u.email as requester_email,
      coalesce((
        select json_agg(json_build_object('id', ro.id, 'name', ro.name, 'builtinKey', ro.builtin_key, 'isPrimary', mr.is_primary)
                        order by mr.is_primary desc, ro.name)
        from membership_roles mr join roles ro on ro.id = mr.role_id
        where mr.membership_id = r.requester_membership_id
      ), '[]'::json) as requester_roles,
      g.id as grant_id, g.ends_at as grant_ends_at, g.revoked_at as grant_revoked_at,
      (g.revoked_at is null and (g.ends_at is null or g.ends_at > now())) as grant_active
    from picked r
    join memberships m on m.id = r.requester_membership_id
    join users u on u.id = m.user_id
    left join memberships dm on dm.id = r.decided_by_membership_id
    left join users du on du.id = dm.user_id
    left join lateral (
      select * from permission_grants pg where pg.request_id = r.id order by pg.created_at desc limit 1
    ) g on true
    order by (r.status = 'pending') desc, r.created_at desc, r.id
  `;
}

/** The caller's own requests in this workspace, newest first (pending on top). */
export async function listMyRequests(deps: AppDeps, caller: WorkspaceCaller): Promise<RequestRow[]> {
  const result = await selectRequests(sql`r.workspace_id = ${caller.workspace.id} and r.requester_membership_id = ${caller.membershipId}`, 200).execute(deps.db);
  return result.rows.map(toRow);
}

export interface TriageList {
  requests: RequestRow[];
  /** Everyone whose requests this viewer may see, for the requester filter. */
  requesters: Array<{ membershipId: string; name: string }>;
  /** Permissions that appear in those requests, for the permission filter. */
  permissions: string[];
  pendingCount: number;
}

export async function listRequestsToDecide(deps: AppDeps, viewer: WorkspaceCaller, filters: ListRequestsInput): Promise<TriageList> {
  const { db } = deps;
  // A pending request from someone who has since left can no longer be decided: not shown.
  const visible = sql`r.workspace_id = ${viewer.workspace.id} and ${decidableByViewerSql(viewer)}
    and (r.status <> 'pending' or exists (
      select 1 from memberships am where am.id = r.requester_membership_id and am.status = 'active'))`;
  const conditions = [visible];
  if (filters.status !== "all") conditions.push(sql`r.status = ${filters.status}`);
  if (filters.requesterMembershipId) conditions.push(sql`r.requester_membership_id = ${filters.requesterMembershipId}`);
  if (filters.permission) conditions.push(sql`r.permission = ${filters.permission}`);
  const [rows, facets] = await Promise.all([
    selectRequests(sql.join(conditions, sql` and `), 200).execute(db),
    sql<{ requesters: Array<{ membershipId: string; name: string }> | null; permissions: string[] | null; pending_count: number }>`
      select
        (select json_agg(distinct jsonb_build_object('membershipId', m.id, 'name', u.name))
         from permission_requests r join memberships m on m.id = r.requester_membership_id join users u on u.id = m.user_id
         where ${visible}) as requesters,
        (select array_agg(distinct r.permission) from permission_requests r where ${visible}) as permissions,
        (select count(*)::int from permission_requests r where ${visible} and r.status = 'pending' and r.expires_at > now()) as pending_count
    `.execute(db),
  ]);
  const facet = facets.rows[0];
  return {
    requests: rows.rows.map(toRow),
    requesters: (facet?.requesters ?? []).sort((a, b) => a.name.localeCompare(b.name)),
    permissions: (facet?.permissions ?? []).sort(),
    pendingCount: facet?.pending_count ?? 0,
  };
}
