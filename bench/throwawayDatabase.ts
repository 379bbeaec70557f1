/**
 * A database for one bench run: created on DATABASE_URL's server, or on an
 * embedded PostgreSQL started for the run; dropped (and stopped) afterwards.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "#db/embedded";

export interface ThrowawayDatabase {
  url: string;
  release(): Promise<void>;
}

export async function openThrowawayDatabase(prefix: string): Promise<ThrowawayDatabase> {
  let adminUrl = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | null = null;
  if (!adminUrl) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "team-access-bench-"));
    chmodSync(dir, 0o755); // PostgreSQL runs as its own user and must reach the folder.
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), ephemeral: true });
    adminUrl = embedded.url;
    stopEmbedded = () => embedded.stop();
  }
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async release() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
      await stopEmbedded?.();
    },
  };
}
