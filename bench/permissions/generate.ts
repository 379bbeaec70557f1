/**
 * The generated workspace: 10,000 members in a manager tree 12 levels deep,
 * five departments, Manager roles on the upper levels and Member below (every
 * tenth also a Viewer, for two-role resolution), and 100,000 contacts spread
 * over everyone. Bulk inserts only (unnest / generate_series).
 */
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database } from "#db/schema";
import { createBuiltInRoles } from "#server/services/roles/builtin";

export interface GeneratedWorkspace {
  workspaceId: string;
  slug: string;
  membershipIds: string[];
  userIds: string[];
  levels: number[];
  departmentIds: string[];
  topManager: { membershipId: string; userId: string };
}

/** Level sizes growing by a constant factor so that exactly `depth` levels hold `total` people. */
function levelSizes(total: number, depth: number): number[] {
  let low = 1;
  let high = 10;
  for (let i = 0; i < 60; i += 1) {
    const r = (low + high) / 2;
    let sum = 0;
    let size = 1;
    for (let l = 0; l < depth; l += 1) {
      sum += Math.round(size);
      size *= r;
    }
    if (sum >= total) high = r;
    else low = r;
  }
  const sizes: number[] = [];
  let size = 1;
  let left = total;
  for (let l = 0; l < depth; l += 1) {
    const n = l === depth - 1 ? left : Math.max(1, Math.min(left - (depth - 1 - l), Math.round(size)));
    sizes.push(n);
    left -= n;
    size *= high;
  }
  return sizes;
}

export async function generateWorkspace(db: Kysely<Database>, options: { members: number; depth: number; contacts: number }): Promise<GeneratedWorkspace> {
  const slug = "bench";
  const workspace = await db
    .insertInto("workspaces")
    .values({ slug, name: "Bench Co", plan: "enterprise", trial_ends_at: new Date(Date.now() + 14 * 86_400_000) })
    .returning("id")
    .executeTakeFirstOrThrow();
  const roles = await createBuiltInRoles(db, workspace.id);
  const departments = await db
    .insertInto("departments")
    .values(["Sales", "Support", "Recruiting", "Operations", "Finance"].map((name) => ({ workspace_id: workspace.id, name })))
    .returning("id")
    .execute();
  const departmentIds = departments.map((d) => d.id);

  const sizes = levelSizes(options.members, options.depth);
  const userIds: string[] = [];
  const membershipIds: string[] = [];
  const managerIds: Array<string | null> = [];
  const levels: number[] = [];
  const memberDepartments: string[] = [];
  let previous: string[] = [];
  for (let level = 0; level < sizes.length; level += 1) {
    const current: string[] = [];
    for (let i = 0; i < (sizes[level] ?? 0); i += 1) {
      const id = randomUUID();
      current.push(id);
      membershipIds.push(id);
      userIds.push(randomUUID());
      managerIds.push(level === 0 ? null : (previous[i % previous.length] ?? null));
      levels.push(level);
      memberDepartments.push(departmentIds[membershipIds.length % departmentIds.length] ?? "");
    }
    previous = current;
  }
  const n = membershipIds.length;
  const index = Array.from({ length: n }, (_, i) => i);
  await sql`
    insert into users (id, email, name)
    select u.id, 'person' || u.i || '@bench.example', 'Person ' || lpad(u.i::text, 5, '0')
    from unnest(${userIds}::uuid[], ${index}::int[]) as u(id, i)
  `.execute(db);
  // Managers reference earlier rows; insert without them, then set in one update.
  await sql`
    insert into memberships (id, workspace_id, user_id, department_id)
    select m.id, ${workspace.id}::uuid, m.user_id, m.department_id
    from unnest(${membershipIds}::uuid[], ${userIds}::uuid[], ${memberDepartments}::uuid[]) as m(id, user_id, department_id)
  `.execute(db);
  await sql`
    update memberships m set manager_id = x.manager_id
    from unnest(${membershipIds}::uuid[], ${managerIds}::uuid[]) as x(id, manager_id)
    where m.id = x.id and x.manager_id is not null
  `.execute(db);
  const managerLevels = 6;
  await sql`
    insert into membership_roles (workspace_id, membership_id, role_id, is_primary)
    select ${workspace.id}::uuid, x.id, case when x.level < ${managerLevels} then ${roles.manager}::uuid else ${roles.member}::uuid end, true
    from unnest(${membershipIds}::uuid[], ${levels}::int[]) as x(id, level)
    union all
    select ${workspace.id}::uuid, x.id, ${roles.viewer}::uuid, false
    from unnest(${membershipIds}::uuid[], ${index}::int[]) as x(id, i)
    where x.i % 10 = 9
  `.execute(db);
  await sql`
    insert into contacts (workspace_id, owner_id, name, email, company, created_at)
    select ${workspace.id}::uuid, (${membershipIds}::uuid[])[1 + (g % ${n})], 'Contact ' || g, 'contact' || g || '@customer.example',
      'Company ' || (g % 997), now() - make_interval(secs => g)
    from generate_series(1, ${options.contacts}) as g
  `.execute(db);
  await sql`analyze`.execute(db);
  return {
    workspaceId: workspace.id,
    slug,
    membershipIds,
    userIds,
    levels,
    departmentIds,
    topManager: { membershipId: membershipIds[0] ?? "", userId: userIds[0] ?? "" },
  };
}
