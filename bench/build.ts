/** What the benches that start the compiled product share: build it when the sources are newer, and round figures. */
import { spawnSync } from "node:child_process";
import { migrateToLatest } from "#db/migrator";
import type { Db } from "#server/services/transaction";
import { buildNeeded } from "#server/buildFreshness.mjs";
import { syncBuiltInRoles } from "#server/services/roles/builtin";
import { seedDemoWorkspace } from "../seeds/demo";
import { seedDemoInvitations } from "../seeds/invitations";
import { seedDemoModules } from "../seeds/modules";
import { seedDemoRequests } from "../seeds/requests";

export function buildIfNeeded(): void {
  const reason = buildNeeded();
  if (!reason) return;
  console.log(`Building the app (${reason})…`);
  const built = spawnSync(process.execPath, [process.env.npm_execpath ?? "", "run", "build"], { stdio: "inherit" });
  if (built.status !== 0) throw new Error("the build failed");
}

export const round1 = (n: number) => Math.round(n * 10) / 10;
export const round2 = (n: number) => Math.round(n * 100) / 100;

/** The demo workspace on a fresh database, as `npm run seed` makes it. */
export async function seedDemoDatabase(db: Db) {
  await migrateToLatest(db);
  await syncBuiltInRoles(db);
  const seeded = await seedDemoWorkspace(db);
  await seedDemoModules(db, seeded);
  await seedDemoInvitations(db, seeded);
  await seedDemoRequests(db, seeded);
  return seeded;
}
