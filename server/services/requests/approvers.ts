/**
 * Who may decide a permission request: the requester's managers up the
 * chain who may give the permission (their roles hold it at that scope or
 * wider: the rule of permissions/give.ts, where a grant never counts) and
 * hold `requests.approve`, plus the workspace's admins and owners. Never
 * the requester. Computed in SQL.
 */
import { sql } from "kysely";
import { isOwner, type Access } from "../../permissions/access";
import type { Scope } from "../../permissions/catalogue";
import { effectivePermissionsSql, rolePermissionsSql } from "../../permissions/resolve";
import { teamMemberIdsSql } from "../../permissions/team";
import type { Db } from "../transaction";

export interface Approver {
  membershipId: string;
  userId: string;
  name: string;
}

export interface RequestToRoute {
  workspaceId: string;
  requesterMembershipId: string;
  permission: string;
  scope: Scope;
}

export async function approversFor(db: Db, request: RequestToRoute): Promise<Approver[]> {
  const result = await sql<Approver>`
    with recursive chain(id) as (
      select manager_id from memberships where id = ${request.requesterMembershipId} and manager_id is not null
      union
      select m.manager_id from memberships m join chain c on m.id = c.id where m.manager_id is not null
    ),
    candidates(id) as (
      select id from chain
      union
      select mr.membership_id
      from membership_roles mr join roles r on r.id = mr.role_id
      where mr.workspace_id = ${request.workspaceId} and r.builtin_key in ('owner', 'admin')
    )
    select m.id as "membershipId", m.user_id as "userId", u.name
    from candidates c
    join memberships m on m.id = c.id and m.workspace_id = ${request.workspaceId} and m.status = 'active'
    join users u on u.id = m.user_id
    cross join lateral (
      select ${effectivePermissionsSql(sql.ref("m.id"))} as perms, ${rolePermissionsSql(sql.ref("m.id"))} as givable
    ) p
    where m.id <> ${request.requesterMembershipId}
      and p.perms -> 'requests.approve' is not null
      and (p.givable ->> ${request.permission})::access_scope >= ${request.scope}::access_scope
    order by u.name
  `.execute(db);
  return result.rows;
}

export function isAdminOrOwner(access: Access): boolean {
  return isOwner(access) || access.builtInRoles.includes("admin");
}

/**
 * A filter for a list of requests (alias `r`): only those the viewer may
 * decide, by the same rule as `approversFor`, in SQL.
 */
export function decidableByViewerSql(viewer: { membershipId: string; access: Access }) {
  const held = JSON.stringify(viewer.access.heldThroughRoles);
  const inChain = isAdminOrOwner(viewer.access)
    ? sql`true`
    : sql`r.requester_membership_id in (select id from ${teamMemberIdsSql(viewer.membershipId)} as team)`;
  return sql<boolean>`(
    r.requester_membership_id <> ${viewer.membershipId}
    and ${inChain}
    and (${held}::jsonb ->> r.permission)::access_scope >= r.scope
  )`;
}

/** Is the viewer in the requester's management chain (so they may decide it, given the permission)? */
export async function managesRequester(db: Db, viewerMembershipId: string, requesterMembershipId: string): Promise<boolean> {
  const result = await sql<{ found: boolean }>`
    select exists (
      select 1 from ${teamMemberIdsSql(viewerMembershipId)} as team where team.id = ${requesterMembershipId}::uuid
    ) as found
  `.execute(db);
  return result.rows[0]?.found === true;
}
