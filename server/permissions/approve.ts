/**
 * Who may decide a permission request: the requester's managers up the
 * chain, and whoever may manage every member (`members.manage` through
 * their roles: Admins and Owners, or a custom role that carries it), in
 * both cases only if they hold `requests.approve` and may give the
 * permission (their roles hold it at that scope or wider: the rule of
 * give.ts, where a grant never counts). Never the requester. Decided by
 * permissions, never by built-in role names (decision 27); computed in SQL.
 */
import { sql } from "kysely";
import type { Db } from "../services/transaction";
import type { Access } from "#shared/permissions/access";
import type { Scope } from "#shared/permissions/catalogue";
import { effectivePermissionsSql, roleHoldersSql, rolePermissionsSql } from "./resolve";
import { isInTeam, managersOfSql, teamMemberIdsSql } from "./team";

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

/** May decide requests from anyone in the workspace, not only from their team (pure: the pages ask it too). */
export function approvesForEveryone(access: Access): boolean {
  return access.heldThroughRoles["members.manage"] !== undefined;
}

export async function approversFor(db: Db, request: RequestToRoute): Promise<Approver[]> {
  const result = await sql<Approver>`
    with candidates(id) as (
      select id from ${managersOfSql(request.requesterMembershipId)} as chain
      union
      select id from ${roleHoldersSql(request.workspaceId, "members.manage")} as managers
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

/**
 * A filter for a list of requests (alias `r`): only those the viewer may
 * decide, by the same rule as `approversFor`, in SQL.
 */
export function decidableByViewerSql(viewer: { membershipId: string; access: Access }) {
  const held = JSON.stringify(viewer.access.heldThroughRoles);
  const inChain = approvesForEveryone(viewer.access) ? sql`true` : sql`r.requester_membership_id in (select id from ${teamMemberIdsSql(viewer.membershipId)} as team)`;
  return sql<boolean>`(
    r.requester_membership_id <> ${viewer.membershipId}
    and ${inChain}
    and (${held}::jsonb ->> r.permission)::access_scope >= r.scope
  )`;
}

/** May the viewer decide this requester's requests (given the permission)? */
export async function decidesFor(db: Db, viewer: { membershipId: string; access: Access }, requesterMembershipId: string): Promise<boolean> {
  return approvesForEveryone(viewer.access) || (await isInTeam(db, viewer.membershipId, requesterMembershipId));
}
