/**
 * Spawned server processes for fault tests: started with a given entry and
 * environment, ready once they answer, killable with any signal.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { freePort } from "#db/embedded";

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  origin: string;
  port: number;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnOptions {
  databaseUrl: string;
  /** server/index.ts (the real entry) or tests/chaos/serverProcess.ts (tunable worker). */
  entry?: string;
  env?: Record<string, string>;
  postmarkFakeDir?: string;
  port?: number;
  /** Run this script with plain Node (no tsx), as `npm start` runs server/start.mjs. */
  plainNode?: string;
}

export async function spawnServer(options: SpawnOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  const preload = options.postmarkFakeDir ? ["--import", path.resolve("tests/chaos/postmarkPreload.ts")] : [];
  const args = options.plainNode ? [options.plainNode] : ["--import", "tsx", ...preload, options.entry ?? "tests/chaos/serverProcess.ts"];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      NODE_ENV: "test",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_ORIGIN: origin,
      DATABASE_URL: options.databaseUrl,
      LOG_LEVEL: "warn",
      // No load balancer to wait for: stop at once on SIGTERM (a test that drains says so).
      SHUTDOWN_DRAIN: "0s",
      ...(options.postmarkFakeDir ? { POSTMARK_FAKE_DIR: options.postmarkFakeDir } : {}),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The server exited while starting:\n${output}`);
    try {
      const response = await fetch(`${url}/trpc/auth.me`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The server did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, origin, port, output: () => output, exited };
}

/** Kills a spawned server that is still running (after a test that may have stopped it already, or not started it). */
export function killIfRunning(server: ServerProcess | null | undefined): void {
  if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
}

export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
