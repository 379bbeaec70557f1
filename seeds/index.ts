/**
 * `npm run seed`: a demo workspace that shows the product. Safe to run
 * again (nothing is duplicated) and while the server is running.
 */
import { syncBuiltInRoles } from "#server/services/roles/builtin";
import { createDatabase } from "#db/client";
import { openScriptDatabase } from "#db/connection";
import { migrateToLatest } from "#db/migrator";
import { demo, demoEmail, demoPeople, seedDemoWorkspace } from "./demo";
import { seedDemoModules } from "./modules";
import { seedDemoInvitations } from "./invitations";
import { seedDemoRequests } from "./requests";

const location = await openScriptDatabase(process.env.DATABASE_URL || undefined);
const handle = createDatabase(location.url, { max: 4, applicationName: "team-access-seed" });
try {
  await migrateToLatest(handle.db);
  await syncBuiltInRoles(handle.db);
  const seeded = await seedDemoWorkspace(handle.db);
  const modules = await seedDemoModules(handle.db, seeded);
  await seedDemoInvitations(handle.db, seeded);
  await seedDemoRequests(handle.db, seeded);
  const origin = process.env.APP_ORIGIN?.split(",")[0] ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const byRole = (role: string) => demoPeople.find((p) => p.roles[0] === role);
  console.log(`Seeded "${demo.workspaceName}" (${Object.keys(seeded.membershipIds).length} members) in ${location.description}.`);
  console.log(`Module data added: ${modules.contacts} contacts, ${modules.jobs} jobs, ${modules.candidates} candidates (0 means already there).`);
  console.log("");
  console.log(`Sign in at ${origin}/sign-in with any of these (password: ${demo.password}):`);
  for (const role of ["owner", "admin", "manager", "member", "viewer"]) {
    const person = byRole(role);
    if (person) console.log(`  ${role.padEnd(8)} ${demoEmail(person.key).padEnd(28)} ${person.name}`);
  }
  console.log("");
  console.log(`The workspace is at ${origin}/w/${demo.workspaceSlug}/members`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
  await location.release();
}
