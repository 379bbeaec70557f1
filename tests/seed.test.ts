import { sql } from "kysely";
import { expect, it } from "vitest";
import type { DatabaseHandle } from "#db/client";
import { demoPeople, seedDemoWorkspace } from "../seeds/demo";
import { teamMemberIds } from "#server/permissions/team";
import { databaseForTests } from "./helpers/db";

let handle: DatabaseHandle;
databaseForTests((started) => (handle = started), 4);

async function counts() {
  const tables = ["users", "workspaces", "memberships", "membership_roles", "departments", "roles", "role_permissions"] as const;
  const result: Record<string, number> = {};
  for (const table of tables) {
    const row = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(handle.db);
    result[table] = row.rows[0]?.n ?? 0;
  }
  return result;
}

it("seeds a demo workspace that shows the product, and seeding twice duplicates nothing", async () => {
  const first = await seedDemoWorkspace(handle.db);
  const after = await counts();
  expect(after.users).toBe(demoPeople.length);
  expect(after.memberships).toBe(30);
  expect(after.departments).toBe(3);
  // Every demo account is confirmed, so it may create workspaces and invite.
  const unconfirmed = await sql<{ n: number }>`select count(*)::int as n from users where email_verified_at is null`.execute(handle.db);
  expect(unconfirmed.rows[0]?.n).toBe(0);

  const roleHolders = await sql<{ builtin_key: string; n: number }>`
    select r.builtin_key, count(*)::int as n from membership_roles mr join roles r on r.id = mr.role_id
    where mr.is_primary group by r.builtin_key order by r.builtin_key`.execute(handle.db);
  expect(roleHolders.rows.map((r) => r.builtin_key)).toEqual(["admin", "manager", "member", "owner", "viewer"]);

  // The chain under the CEO is four levels deep.
  const depth = await sql<{ depth: number }>`
    with recursive chain(id, depth) as (
      select id, 0 from memberships where manager_id is null and workspace_id = ${first.workspaceId}
      union all
      select m.id, c.depth + 1 from memberships m join chain c on m.manager_id = c.id
    ) select max(depth)::int as depth from chain`.execute(handle.db);
  expect(depth.rows[0]?.depth).toBe(4);

  // Victor's team reaches the reps two managers below him.
  const victorTeam = await teamMemberIds(handle.db, first.membershipIds.victor ?? "");
  expect(victorTeam).toContain(first.membershipIds.mia);
  expect(victorTeam).not.toContain(first.membershipIds.grace);

  await seedDemoWorkspace(handle.db);
  expect(await counts()).toEqual(after);
});
