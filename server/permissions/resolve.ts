/**
 * Effective permissions, resolved in PostgreSQL in one round trip per
 * request: the caller's active membership in the workspace, the widest
 * scope per permission over all their roles, and which modules are open.
 */
import { type Kysely, sql } from "kysely";
import type { Database, Plan } from "../../db/schema";
import type { Access } from "./access";
import { type BuiltInRoleKey, isBuiltInRoleKey } from "./builtinRoles";
import { isPermission, type ModuleKey, moduleKeys, type Permission, type Scope } from "./catalogue";

export interface WorkspaceAccess {
  workspace: { id: string; slug: string; name: string; plan: Plan; trialEndsAt: Date };
  membershipId: string;
  access: Access;
}

interface Row {
  workspace_id: string;
  slug: string;
  name: string;
  plan: Plan;
  trial_ends_at: Date;
  membership_id: string;
  permissions: Record<string, Scope> | null;
  builtin_roles: string[] | null;
  closed_modules: string[] | null;
}

export function accessFromRow(
  permissions: Record<string, Scope> | null,
  builtinRoles: string[] | null,
  closedModules: string[] | null,
): Access {
  const held: Partial<Record<Permission, Scope>> = {};
  for (const [permission, scope] of Object.entries(permissions ?? {})) {
    if (isPermission(permission)) held[permission] = scope;
  }
  const closed = new Set(closedModules ?? []);
  return {
    permissions: held,
    modules: Object.fromEntries(moduleKeys.map((m) => [m, !closed.has(m)])) as Record<ModuleKey, boolean>,
    builtInRoles: (builtinRoles ?? []).filter(isBuiltInRoleKey) as BuiltInRoleKey[],
  };
}

/**
 * The permissions query, shared by the request path and the realtime room
 * computation: the union of the member's roles and their live grants, the
 * widest scope per permission (access_scope orders own < team < all).
 * A grant counts only while its end is ahead of now(), compared here, so
 * an ended grant stops working the moment it ends, whether or not the
 * sweeper has announced it yet; and only if it was given during the
 * member's current stay (rejoining resets `joined_at`).
 */
export function effectivePermissionsSql(membershipId: ReturnType<typeof sql.ref> | ReturnType<typeof sql>) {
  return sql<Record<string, Scope> | null>`(
    select jsonb_object_agg(p.permission, p.scope)
    from (
      select held.permission, max(held.scope) as scope
      from (
        select rp.permission, rp.scope
        from membership_roles mr
        join role_permissions rp on rp.role_id = mr.role_id
        where mr.membership_id = ${membershipId}
        union all
        select g.permission, g.scope
        from permission_grants g
        join memberships gm on gm.id = g.membership_id
        where g.membership_id = ${membershipId}
          and g.revoked_at is null
          and g.starts_at <= now()
          and (g.ends_at is null or g.ends_at > now())
          -- Only grants from the current stay: someone removed and invited back starts with none.
          and g.starts_at >= gm.joined_at
      ) held
      group by held.permission
    ) p
  )`;
}

export async function loadWorkspaceAccess(
  db: Kysely<Database>,
  userId: string,
  workspaceSlug: string,
): Promise<WorkspaceAccess | null> {
  const result = await sql<Row>`
    select
      w.id as workspace_id, w.slug, w.name, w.plan, w.trial_ends_at,
      m.id as membership_id,
      ${effectivePermissionsSql(sql.ref("m.id"))} as permissions,
      (
        select array_agg(r.builtin_key)
        from membership_roles mr join roles r on r.id = mr.role_id
        where mr.membership_id = m.id and r.builtin_key is not null
      ) as builtin_roles,
      (
        select array_agg(module) from (
          select wm.module from workspace_modules wm where wm.workspace_id = w.id and not wm.enabled
          union
          select mm.module from member_modules mm where mm.membership_id = m.id and not mm.enabled
        ) closed
      ) as closed_modules
    from workspaces w
    join memberships m on m.workspace_id = w.id and m.user_id = ${userId} and m.status = 'active'
    where w.slug = ${workspaceSlug}
  `.execute(db);
  const row = result.rows[0];
  if (!row) return null;
  return {
    workspace: { id: row.workspace_id, slug: row.slug, name: row.name, plan: row.plan, trialEndsAt: row.trial_ends_at },
    membershipId: row.membership_id,
    access: accessFromRow(row.permissions, row.builtin_roles, row.closed_modules),
  };
}
