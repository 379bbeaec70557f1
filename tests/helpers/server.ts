/**
 * A real server for a test file: its own database (copied from the
 * migrated template), a random port, the real Socket.IO, the real Remix
 * build when pages are wanted, and the development mailbox for email
 * unless a test swaps the transport.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { freePort } from "#db/embedded";
import type { EmailTransport } from "#emails/transport";
import type { WorkerOptions } from "#emails/worker";
import { type RunningServer, startServer } from "#server/app";
import type { RateLimitPolicy } from "#server/auth/rateLimitPolicy";
import { defaultThrottlePolicy, type ThrottlePolicy } from "#server/auth/throttle";
import { type EnvInput, loadConfig } from "#server/config";
import { createLogger, type Logger } from "#server/log";
import { afterAll, beforeAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "./db";

/** The default limits, with the slowing-down delays shortened so tests don't wait for them. */
export const fastThrottle: ThrottlePolicy = { ...defaultThrottlePolicy, delayStepMs: 5, maxDelayMs: 20 };

/** A clock that stands still until moved: session timeouts tested without waiting. */
export function testClock(start = new Date()) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

export interface TestServer extends RunningServer {
  origin: string;
  database: RunningServer["database"];
  testDatabase: TestDatabase;
  /** Close the server and drop its database. */
  stop(): Promise<void>;
}

export interface TestServerOptions {
  pages?: boolean;
  emailTransport?: EmailTransport;
  emailWorker?: WorkerOptions;
  throttle?: ThrottlePolicy;
  /** Limits on account actions (default: the product's own). */
  rateLimits?: RateLimitPolicy;
  /** The clock of sessions and sign-in throttling (see `testClock`). */
  clock?: () => Date;
  env?: Partial<EnvInput>;
  /** Reuse an existing test database (several processes on one database). */
  testDatabase?: TestDatabase;
  /** The server's log (silent unless a test reads it). */
  log?: Logger;
}

let cachedBuild: Promise<ServerBuild> | null = null;
export function remixBuild(): Promise<ServerBuild> {
  cachedBuild ??= import(pathToFileURL(path.resolve("build", "index.js")).href) as Promise<ServerBuild>;
  return cachedBuild;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const testDatabase = options.testDatabase ?? (await createTestDatabase());
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const config = loadConfig(
    {},
    {
      NODE_ENV: "test",
      PORT: port,
      HOST: "127.0.0.1",
      APP_ORIGIN: `${origin},http://localhost:${port}`,
      DATABASE_URL: testDatabase.url,
      DATABASE_POOL_SIZE: 10,
      LOG_LEVEL: "silent",
      ...options.env,
    },
  );
  const server = await startServer({
    config,
    remixBuild: options.pages ? await remixBuild() : null,
    emailTransport: options.emailTransport,
    emailWorker: { pollIntervalMs: 200, ...options.emailWorker },
    throttle: options.throttle ?? fastThrottle,
    rateLimits: options.rateLimits,
    clock: options.clock,
    log: options.log ?? createLogger("silent"),
  });
  return Object.assign(server, {
    origin,
    testDatabase,
    async stop() {
      await server.close();
      if (!options.testDatabase) await testDatabase.drop();
    },
  });
}

/**
 * The server the tests of a file (or of a `describe`) share: started before them and handed to
 * `started`, stopped with its database dropped after them.
 */
export function serverForTests(started: (server: TestServer) => void, options: TestServerOptions = {}): void {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(options);
    started(server);
  });
  afterAll(async () => {
    await server?.stop();
  });
}

/** A server of its own for one test (other limits, another environment), stopped when `use` is done, whether it passed or threw. */
export async function withTestServer<T>(options: TestServerOptions, use: (server: TestServer) => Promise<T>): Promise<T> {
  const server = await startTestServer(options);
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}
