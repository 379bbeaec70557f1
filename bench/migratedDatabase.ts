/**
 * A throwaway database (see throwawayDatabase.ts) with the schema migrated and the built-in roles in
 * place: what the benches that call services directly start from.
 */
import { createDatabase, type DatabaseHandle } from "#db/client";
import { migrateToLatest } from "#db/migrator";
import { syncBuiltInRoles } from "#server/services/roles/builtin";
import { openThrowawayDatabase } from "./throwawayDatabase";

export async function openMigratedDatabase(prefix: string): Promise<{ handle: DatabaseHandle; close(): Promise<void> }> {
  const database = await openThrowawayDatabase(prefix);
  const handle = createDatabase(database.url, { max: 4, applicationName: "team-access-bench" });
  try {
    await migrateToLatest(handle.db);
    await syncBuiltInRoles(handle.db);
  } catch (error) {
    await handle.close();
    await database.release();
    throw error;
  }
  return {
    handle,
    async close() {
      await handle.close();
      await database.release();
    },
  };
}
