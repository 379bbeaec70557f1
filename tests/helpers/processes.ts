/**
 * Real server processes (`node --import tsx server/index.ts`), as they run
 * in production behind a load balancer: for tests and benches that need
 * several processes on one database. The pages build must exist.
 */
import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import { freePort } from "#db/embedded";

export interface ServerProcess {
  url: string;
  origin: string;
  port: number;
  child: ChildProcess;
  /** Everything the process printed (stdout and stderr). */
  output(): string;
  /** SIGTERM, then wait for the exit; resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
}

export interface SpawnServerOptions {
  databaseUrl: string;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

/** One request on its own connection (no keep-alive left open to delay the server's shutdown). */
function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on("error", () => resolve(false));
  });
}

export async function spawnServer(options: SpawnServerOptions): Promise<ServerProcess> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_ORIGIN: origin,
      DATABASE_URL: options.databaseUrl,
      CLUSTER: "1",
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      EMAIL_WORKER: "0",
      // No load balancer to wait for: stop at once on SIGTERM.
      SHUTDOWN_DRAIN: "0s",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server process exited during start (code ${child.exitCode}):\n${output}`);
    const up = await answers(`${origin}/trpc/auth.me`);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The server process did not answer within the start timeout:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url: origin,
    origin,
    port,
    child,
    output: () => output,
    async stop(timeoutMs = 15_000) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
