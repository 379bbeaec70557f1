import { sql } from "kysely";
import { expect, it } from "vitest";
import type { DatabaseHandle } from "#db/client";
import { seedDemoWorkspace } from "../../seeds/demo";
import { seedDemoModules } from "../../seeds/modules";
import { databaseForTests } from "../helpers/db";

let handle: DatabaseHandle;
databaseForTests((started) => (handle = started), 2);

async function count(table: "contacts" | "jobs" | "candidates"): Promise<number> {
  return (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(handle.db)).rows[0]?.n ?? 0;
}

it("seeds contacts, jobs and candidates across the demo people, and seeding twice adds nothing", async () => {
  const demo = await seedDemoWorkspace(handle.db);
  expect(await seedDemoModules(handle.db, demo)).toEqual({ contacts: 64, jobs: 6, candidates: 30 });
  const owners = await sql<{ n: number }>`select count(distinct owner_id)::int as n from contacts`.execute(handle.db);
  expect(owners.rows[0]?.n).toBeGreaterThan(10);
  expect(await seedDemoModules(handle.db, await seedDemoWorkspace(handle.db))).toEqual({ contacts: 0, jobs: 0, candidates: 0 });
  expect([await count("contacts"), await count("jobs"), await count("candidates")]).toEqual([64, 6, 30]);
  // The team closure follows the seeded chain: Victor (VP Sales) reaches the reps two levels below him.
  const victorTeam = await sql<{ n: number }>`select count(*)::int as n from team_closure where ancestor_id = ${demo.membershipIds.victor}::uuid`.execute(handle.db);
  expect(victorTeam.rows[0]?.n).toBe(13);
});
