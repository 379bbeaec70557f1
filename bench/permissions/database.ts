/**
 * A throwaway database for the bench: a new database on DATABASE_URL's
 * server when set, otherwise an ephemeral embedded PostgreSQL in a temp dir.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createDatabase, type DatabaseHandle } from "#db/client";
import { startEmbeddedPostgres } from "#db/embedded";
import { migrateToLatest } from "#db/migrator";
import { syncBuiltInRoles } from "#server/services/roles/builtin";

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function benchDatabase(): Promise<{ handle: DatabaseHandle; close(): Promise<void> }> {
  let adminUrl: string;
  let stopServer: () => Promise<void> = async () => {};
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), "team-access-bench-pg-"));
    chmodSync(dir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), ephemeral: true });
    adminUrl = embedded.url;
    stopServer = async () => {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const name = `ta_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const handle = createDatabase(withDatabase(adminUrl, name), { max: 4, applicationName: "team-access-bench" });
  await migrateToLatest(handle.db);
  await syncBuiltInRoles(handle.db);
  return {
    handle,
    async close() {
      await handle.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      await stopServer();
    },
  };
}
