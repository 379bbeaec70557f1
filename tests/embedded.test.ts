import { execFile, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "#db/embedded";

const run = promisify(execFile);
let dir: string;
let dataDir: string;
let embedded: EmbeddedPostgres | null = null;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "team-access-embedded-"));
  chmodSync(dir, 0o755);
  dataDir = path.join(dir, "postgres");
  embedded = await startEmbeddedPostgres({ dataDir });
}, 120_000);

afterAll(async () => {
  await embedded?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function tryStartInAnotherProcess() {
  const { stdout } = await run(process.execPath, ["--import", "tsx", path.resolve("tests/helpers/embeddedChild.ts"), dataDir], { timeout: 60_000 });
  return JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as { started: boolean; running: string | null; code?: string; message?: string };
}

describe("the embedded database", () => {
  it("is a real PostgreSQL, reachable at the URL it reports", async () => {
    const client = new pg.Client({ connectionString: embedded?.url });
    await client.connect();
    const result = await client.query<{ v: string }>("select current_setting('server_version_num') as v");
    await client.end();
    expect(Number(result.rows[0]?.v)).toBeGreaterThan(140000);
  });

  it("refuses a second server on the same data folder with a clear message, and tells scripts where the running one is", async () => {
    const outcome = await tryStartInAnotherProcess();
    expect(outcome.started).toBe(false);
    expect(outcome.code).toBe("DATA_FOLDER_IN_USE");
    expect(outcome.message).toContain(`Another server (pid ${process.pid}) is already running on the embedded database in ${dataDir}`);
    expect(outcome.running).toBe(embedded?.url);
  }, 90_000);

  it("takes over a folder whose server was killed, stopping the PostgreSQL it left behind", async () => {
    await embedded?.stop();
    embedded = null;
    // A server that is killed outright leaves its lock and its PostgreSQL behind.
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/helpers/embeddedChild.ts"), dataDir, "hold"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const firstLine = await new Promise<string>((resolve) => child.stdout.once("data", (d: Buffer) => resolve(d.toString())));
    const held = JSON.parse(firstLine) as { started: boolean; url?: string; message?: string };
    expect(held, firstLine).toMatchObject({ started: true });
    const orphanUrl = held.url;
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const orphan = new pg.Client({ connectionString: orphanUrl });
    await orphan.connect(); // still running without its server
    await orphan.end();

    const outcome = await tryStartInAnotherProcess();
    expect(outcome).toMatchObject({ started: true, running: null });
    const gone = new pg.Client({ connectionString: orphanUrl, connectionTimeoutMillis: 2_000 });
    await expect(gone.connect()).rejects.toThrow();
  }, 90_000);
});
