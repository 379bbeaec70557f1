/**
 * A PostgreSQL of the test's own (never the machine's service), in a temp
 * folder, on a fixed port so that it can be stopped and started again while
 * a server keeps its connection string.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres, type EmbeddedPostgres } from "#db/embedded";

export interface OwnPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stop for good and delete the folder. */
  destroy(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "team-access-chaos-pg-"));
  // PostgreSQL runs as its own user when we are root and must reach the folder.
  chmodSync(dir, 0o755);
  const dataDir = path.join(dir, "data");
  const port = await freePort();
  let current: EmbeddedPostgres | null = await startEmbeddedPostgres({ dataDir, port });
  const url = current.url;
  return {
    url,
    port,
    async stop() {
      await current?.stop();
      current = null;
    },
    async start() {
      current ??= await startEmbeddedPostgres({ dataDir, port });
    },
    async destroy() {
      await current?.stop();
      current = null;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
