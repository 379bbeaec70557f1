/**
 * Effective permissions, resolved in PostgreSQL in one round trip per
 * request: the caller's active membership in the workspace, the widest
 * scope per permission over all their roles, and which modules are open.
 */
import { type CompiledQuery, type Kysely, type RawBuilder, sql } from "kysely";
import type { Database, Plan } from "#db/schema";
import { compiledRows } from "#db/direct";
import type { Access } from "#shared/permissions/access";
import { type BuiltInRoleKey, isBuiltInRoleKey } from "#shared/permissions/builtinRoles";
import { isPermission, type ModuleKey, moduleKeys, ownerOnlyPermissions, type Permission, type Scope } from "#shared/permissions/catalogue";

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
  role_permissions: Record<string, Scope> | null;
  builtin_roles: string[] | null;
  closed_modules: string[] | null;
}

function knownPermissions(permissions: Record<string, Scope> | null): Partial<Record<Permission, Scope>> {
  const held: Partial<Record<Permission, Scope>> = {};
  for (const [permission, scope] of Object.entries(permissions ?? {})) {
    if (isPermission(permission)) held[permission] = scope;
  }
  return held;
}

export function accessFromRow(permissions: Record<string, Scope> | null, rolePermissions: Record<string, Scope> | null, builtinRoles: string[] | null, closedModules: string[] | null): Access {
  const closed = new Set(closedModules ?? []);
  return {
    permissions: knownPermissions(permissions),
    heldThroughRoles: knownPermissions(rolePermissions),
    modules: Object.fromEntries(moduleKeys.map((m) => [m, !closed.has(m)])) as Record<ModuleKey, boolean>,
    builtInRoles: (builtinRoles ?? []).filter(isBuiltInRoleKey) as BuiltInRoleKey[],
  };
}

const ownerOnly = [...ownerOnlyPermissions];

/**
 * The role permissions (`rp`, of role `r`) that count. Owner-only
 * permissions count only from the Owner role: a custom role can't carry
 * them (roles/custom.ts refuses it), and one written some other way still
 * gives no owner power.
 */
const countsFromRole = sql`(r.builtin_key = 'owner' or rp.permission <> all(${ownerOnly}::text[]))`;

/** Permissions from the member's roles. */
function rolePermissionRowsSql(membershipId: ReturnType<typeof sql.ref> | ReturnType<typeof sql>) {
  return sql`
    select rp.permission, rp.scope
    from membership_roles mr
    join roles r on r.id = mr.role_id
    join role_permissions rp on rp.role_id = mr.role_id
    where mr.membership_id = ${membershipId} and ${countsFromRole}
  `;
}

/**
 * A subquery yielding the memberships of the workspace whose roles carry
 * `permission` (at any scope), by the rule of `rolePermissionsSql`: a grant
 * never counts. Their status is the caller's to check.
 */
export function roleHoldersSql(workspaceId: string, permission: Permission): RawBuilder<{ id: string }> {
  return sql<{ id: string }>`(
    select distinct mr.membership_id as id
    from membership_roles mr
    join roles r on r.id = mr.role_id
    join role_permissions rp on rp.role_id = mr.role_id
    where mr.workspace_id = ${workspaceId} and rp.permission = ${permission} and ${countsFromRole}
  )`;
}

/** Does the membership (a column reference) hold the Owner role? Ownership is the Owner role by definition. */
export function isOwnerSql(membershipId: ReturnType<typeof sql.ref>) {
  return sql<boolean>`exists (
    select 1 from membership_roles mr join roles r on r.id = mr.role_id
    where mr.membership_id = ${membershipId} and r.builtin_key = 'owner'
  )`;
}

/** The widest scope per permission over some (permission, scope) rows, as one JSON object. */
function widestScopeSql(rows: ReturnType<typeof sql>) {
  return sql<Record<string, Scope> | null>`(
    select jsonb_object_agg(p.permission, p.scope)
    from (select held.permission, max(held.scope) as scope from (${rows}) held group by held.permission) p
  )`;
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
  return widestScopeSql(sql`
    ${rolePermissionRowsSql(membershipId)}
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
      and g.permission <> all(${ownerOnly}::text[])
  `);
}

/** What the member holds through roles alone: the most they may give (never a grant's access). */
export function rolePermissionsSql(membershipId: ReturnType<typeof sql.ref> | ReturnType<typeof sql>) {
  return widestScopeSql(rolePermissionRowsSql(membershipId));
}

/** The caller's access in the workspace with this address (the request path). */
export function loadWorkspaceAccess(db: Kysely<Database>, userId: string, workspaceSlug: string): Promise<WorkspaceAccess | null> {
  return loadAccess(db, userId, "slug", workspaceSlug);
}

/** Someone's access in a workspace known by id (e.g. an invitation's sender, checked again at accept). */
export function loadAccessInWorkspace(db: Kysely<Database>, userId: string, workspaceId: string): Promise<WorkspaceAccess | null> {
  return loadAccess(db, userId, "id", workspaceId);
}

function accessQuery(userId: string, workspace: ReturnType<typeof sql>) {
  return sql<Row>`
    select
      w.id as workspace_id, w.slug, w.name, w.plan, w.trial_ends_at,
      m.id as membership_id,
      ${effectivePermissionsSql(sql.ref("m.id"))} as permissions,
      ${rolePermissionsSql(sql.ref("m.id"))} as role_permissions,
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
    where ${workspace}
  `;
}

// The statement is the same on every request but for two values: built and
// compiled once (per database handle and way of naming the workspace) with
// markers in their place, then sent with the request's values.
const userMarker = "\u0000access-user";
const workspaceMarker = "\u0000access-workspace";
const compiledAccess = new WeakMap<Kysely<Database>, Record<"slug" | "id", CompiledQuery<Row>>>();

function compiledAccessQuery(db: Kysely<Database>, by: "slug" | "id"): CompiledQuery<Row> {
  let compiled = compiledAccess.get(db);
  if (!compiled) {
    compiled = {
      slug: accessQuery(userMarker, sql`w.slug = ${workspaceMarker}`).compile(db),
      id: accessQuery(userMarker, sql`w.id = ${workspaceMarker}`).compile(db),
    };
    compiledAccess.set(db, compiled);
  }
  return compiled[by];
}

async function loadAccess(db: Kysely<Database>, userId: string, by: "slug" | "id", workspace: string): Promise<WorkspaceAccess | null> {
  const compiled = compiledAccessQuery(db, by);
  const parameters = compiled.parameters.map((p) => (p === userMarker ? userId : p === workspaceMarker ? workspace : p));
  const row = (await compiledRows(db, compiled, parameters))[0];
  if (!row) return null;
  return {
    workspace: { id: row.workspace_id, slug: row.slug, name: row.name, plan: row.plan, trialEndsAt: row.trial_ends_at },
    membershipId: row.membership_id,
    access: accessFromRow(row.permissions, row.role_permissions, row.builtin_roles, row.closed_modules),
  };
}
