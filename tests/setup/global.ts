/**
 * Once per test run: a PostgreSQL server (DATABASE_URL's server when set,
 * otherwise a throwaway embedded one), a template database migrated to the
 * latest schema, and a fresh Remix build when the pages changed. Each test
 * file then gets its own database copied from the template.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, chmodSync, readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createDatabase } from "#db/client";
import { startEmbeddedPostgres } from "#db/embedded";
import { migrateToLatest } from "#db/migrator";
import { syncBuiltInRoles } from "#server/services/roles/builtin";

declare module "vitest" {
  export interface ProvidedContext {
    /** A URL on the test PostgreSQL server with rights to create databases. */
    adminDatabaseUrl: string;
    templateDatabase: string;
    runId: string;
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Page tests need build/; rebuild when any source the pages include is newer. */
function ensureRemixBuild(): void {
  const built = path.resolve("build", "index.js");
  const sources = Math.max(newestMtime(path.resolve("app")), newestMtime(path.resolve("server")));
  // `npm run dev` leaves a development build (jsxDEV calls), which a production server can't render.
  const developmentBuild = existsSync(built) && readFileSync(built, "utf8").includes("jsxDEV(");
  if (existsSync(built) && statSync(built).mtimeMs >= sources && !developmentBuild) return;
  // The same production build `npm start` serves (vitest sets NODE_ENV=test, which would give a development build).
  execFileSync(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    stdio: "ignore",
    env: { ...process.env, NODE_ENV: "production" },
  });
}

export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  let adminUrl: string;
  let stopEmbedded: (() => Promise<void>) | null = null;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    // /tmp dirs are private to root; PostgreSQL runs as its own user and must reach it.
    const dir = mkdtempSync(path.join(os.tmpdir(), "team-access-test-pg-"));
    chmodSync(dir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), ephemeral: true });
    adminUrl = embedded.url;
    stopEmbedded = () => embedded.stop();
  }

  const template = `ta_tpl_${runId}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const handle = createDatabase(withDatabase(adminUrl, template), { max: 2 });
  await migrateToLatest(handle.db);
  await syncBuiltInRoles(handle.db);
  await handle.close();

  ensureRemixBuild();

  project.provide("adminDatabaseUrl", adminUrl);
  project.provide("templateDatabase", template);
  project.provide("runId", runId);

  return async () => {
    const leftovers = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`ta_%${runId}%`]);
    for (const { datname } of leftovers.rows) {
      await admin.query(`drop database if exists ${datname} with (force)`).catch(() => undefined);
    }
    await admin.end();
    await stopEmbedded?.();
  };
}
