/**
 * `npm run db:migrate`          brings the schema up to date.
 * `npm run db:migrate -- --down` reverts the latest migration.
 */
import { createDatabase } from "./client";
import { openScriptDatabase } from "./connection";
import { migrateDown, migrateToLatest } from "./migrator";

const down = process.argv.includes("--down");
const location = await openScriptDatabase(process.env.DATABASE_URL || undefined);
const handle = createDatabase(location.url, { max: 2, applicationName: "team-access-migrate" });
try {
  const lines = down ? await migrateDown(handle.db) : await migrateToLatest(handle.db);
  console.log(`Database: ${location.description}`);
  console.log(lines.length > 0 ? lines.join("\n") : down ? "Nothing to revert." : "Already up to date.");
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
  await location.release();
}
