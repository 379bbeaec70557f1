import { type Kysely, sql } from "kysely";
import type { Database } from "#db/schema";
import { type BuiltInRoleKey, builtInRoleKeys, builtInRoles } from "#shared/permissions/builtinRoles";
import type { Db } from "../transaction";

function grantRows() {
  return builtInRoleKeys.flatMap((key) => builtInRoles[key].grants.map((g) => ({ key, permission: g.permission, scope: g.scope })));
}

/** Creates the five built-in roles of a new workspace; returns their ids by key. */
export async function createBuiltInRoles(db: Db, workspaceId: string): Promise<Record<BuiltInRoleKey, string>> {
  const roles = await db
    .insertInto("roles")
    .values(
      builtInRoleKeys.map((key) => ({
        workspace_id: workspaceId,
        builtin_key: key,
        name: builtInRoles[key].name,
        description: builtInRoles[key].description,
      })),
    )
    .returning(["id", "builtin_key"])
    .execute();
  const ids = Object.fromEntries(roles.map((r) => [r.builtin_key, r.id])) as Record<BuiltInRoleKey, string>;
  await db
    .insertInto("role_permissions")
    .values(grantRows().map((g) => ({ role_id: ids[g.key], permission: g.permission, scope: g.scope })))
    .execute();
  return ids;
}

/**
 * Makes every workspace's built-in roles match the code's table (run at
 * start, after migrations), so a permission added to the catalogue reaches
 * existing workspaces without a hand-written data migration.
 */
export async function syncBuiltInRoles(db: Kysely<Database>): Promise<void> {
  const rows = grantRows();
  const keys = rows.map((r) => r.key);
  const permissions = rows.map((r) => r.permission);
  const scopes = rows.map((r) => r.scope);
  await db.transaction().execute(async (trx) => {
    await sql`
      with wanted as (
        select * from unnest(${keys}::text[], ${permissions}::text[], ${scopes}::access_scope[]) as w(key, permission, scope)
      )
      delete from role_permissions rp
      using roles r
      where rp.role_id = r.id and r.builtin_key is not null
        and not exists (select 1 from wanted w where w.key = r.builtin_key and w.permission = rp.permission)
    `.execute(trx);
    await sql`
      with wanted as (
        select * from unnest(${keys}::text[], ${permissions}::text[], ${scopes}::access_scope[]) as w(key, permission, scope)
      )
      insert into role_permissions (role_id, permission, scope)
      select r.id, w.permission, w.scope from roles r join wanted w on w.key = r.builtin_key
      on conflict (role_id, permission) do update set scope = excluded.scope
      where role_permissions.scope is distinct from excluded.scope
    `.execute(trx);
  });
}
