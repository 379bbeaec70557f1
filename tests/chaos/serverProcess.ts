/**
 * A server process for fault tests and the load bench: the real startServer
 * on DATABASE_URL, with the email worker's timings taken from the
 * environment (so a test can compress minutes of retries into seconds), and
 * the same SIGTERM handling as server/index.ts.
 *   EMAIL_LEASE_SECONDS, EMAIL_BACKOFF_MS, EMAIL_POLL_MS, PAGES=1
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { startServer } from "#server/app";
import { loadConfig } from "#server/config";
import { createLogger } from "#server/log";

const config = loadConfig();
const log = createLogger(config.logLevel);
const numberFromEnv = (name: string): number | undefined => (process.env[name] ? Number(process.env[name]) : undefined);
const backoff = numberFromEnv("EMAIL_BACKOFF_MS");

const remixBuild = process.env.PAGES === "1" ? ((await import(pathToFileURL(path.resolve("build", "index.js")).href)) as ServerBuild) : null;
const server = await startServer({
  config,
  remixBuild,
  log,
  emailWorker: {
    leaseSeconds: numberFromEnv("EMAIL_LEASE_SECONDS"),
    pollIntervalMs: numberFromEnv("EMAIL_POLL_MS"),
    backoffMs: backoff === undefined ? undefined : () => backoff,
  },
});
// The parent waits for this line.
process.stdout.write(`listening ${server.url}\n`);

let stopping = false;
process.on("SIGTERM", () => {
  if (stopping) return;
  stopping = true;
  void server.close().finally(() => process.exit(0));
});
