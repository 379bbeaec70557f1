/**
 * A seeded world for hostile-input tests: workspace A with one person per
 * built-in role (and a manager chain), workspace B next door, and the ids of
 * every row each workspace owns (found generically: any table with
 * `workspace_id` and `id`), so probes use real ids as features add tables.
 */
import { sql } from "kysely";
import type { AppDeps } from "#server/deps";
import type { BuiltInRoleKey } from "#shared/permissions/builtinRoles";
import { addMember, createUser, createWorkspaceOwnedBy, sessionCookie, type TestUser } from "../helpers/fixtures";

export const builtInRoleKeys: BuiltInRoleKey[] = ["owner", "admin", "manager", "member", "viewer"];

export interface SeededWorkspace {
  id: string;
  slug: string;
  people: Record<BuiltInRoleKey, TestUser>;
  membershipIds: Record<BuiltInRoleKey, string>;
}

export interface World {
  a: SeededWorkspace;
  b: SeededWorkspace;
  /** Table name -> ids of that table's rows in the workspace. */
  idsA: Map<string, string[]>;
  idsB: Map<string, string[]>;
}

async function seedWorkspace(deps: AppDeps, label: string): Promise<SeededWorkspace> {
  const owner = await createUser(deps, { name: `${label} Owner` });
  const workspace = await createWorkspaceOwnedBy(deps, owner, `${label} Works`);
  const ownerMembership = await deps.db.selectFrom("memberships").select("id").where("workspace_id", "=", workspace.id).where("user_id", "=", owner.id).executeTakeFirstOrThrow();
  const department = await deps.db
    .insertInto("departments")
    .values({ workspace_id: workspace.id, name: `${label} Sales` })
    .returning("id")
    .executeTakeFirstOrThrow();
  const people = { owner } as Record<BuiltInRoleKey, TestUser>;
  const membershipIds = { owner: ownerMembership.id } as Record<BuiltInRoleKey, string>;
  for (const role of ["admin", "manager", "member", "viewer"] as const) {
    people[role] = await createUser(deps, { name: `${label} ${role}` });
    membershipIds[role] = await addMember(deps, workspace.id, people[role], [role], {
      managerId: role === "member" ? membershipIds.manager : null,
      departmentId: department.id,
    });
  }
  // Someone outside the manager's team, so team scope has something to exclude.
  const outsider = await createUser(deps, { name: `${label} outsider` });
  await addMember(deps, workspace.id, outsider, ["member"]);
  return { ...workspace, people, membershipIds };
}

/** Every `id` of every table carrying `workspace_id`, for one workspace. */
export async function idsOfWorkspace(deps: AppDeps, workspaceId: string): Promise<Map<string, string[]>> {
  const tables = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
    join information_schema.columns i on i.table_schema = c.table_schema and i.table_name = c.table_name and i.column_name = 'id'
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = 'public' and c.column_name = 'workspace_id'
    order by c.table_name
  `.execute(deps.db);
  const result = new Map<string, string[]>();
  for (const { table_name } of tables.rows) {
    const rows = await sql<{ id: string }>`select id::text as id from ${sql.table(table_name)} where workspace_id = ${workspaceId} limit 50`.execute(deps.db);
    if (rows.rows.length)
      result.set(
        table_name,
        rows.rows.map((r) => r.id),
      );
  }
  return result;
}

export async function seedWorld(deps: AppDeps): Promise<World> {
  const a = await seedWorkspace(deps, "Alpha");
  const b = await seedWorkspace(deps, "Beta");
  return { a, b, idsA: await idsOfWorkspace(deps, a.id), idsB: await idsOfWorkspace(deps, b.id) };
}

export function allIds(ids: Map<string, string[]>): string[] {
  return [...ids.values()].flat();
}

export async function cookieFor(deps: AppDeps, user: TestUser): Promise<string> {
  return sessionCookie(deps, user);
}
