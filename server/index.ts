/**
 * The server process: one process serving pages, API and live updates on
 * http://localhost:3000 (PORT), on DATABASE_URL or an embedded PostgreSQL.
 * `npm start` runs the compiled copy of this file (build/server/index.js,
 * see server/start.mjs); `npm run dev` and the tests run it through tsx.
 * Production mode unless NODE_ENV says otherwise.
 */
import "./mode/production"; // must stay the first import
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { openServerDatabase } from "#db/connection";
import { DataFolderInUseError } from "#db/embedded";
import { announceDevMailbox, startServer } from "./app";
import { ConfigError, loadConfig } from "./config";
import { createLogger } from "./log";
import { routeConsoleToLog } from "./logging/console";

const buildPath = path.resolve("build", "index.js");

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, { format: config.logFormat });
  const database = await openServerDatabase(config.databaseUrl);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
    server = await startServer({ config: { ...config, databaseUrl: database.url }, remixBuild: build, log });
  } catch (error) {
    await database.release();
    throw error;
  }
  routeConsoleToLog(log);
  log.info(`Team Access is running at ${config.publicOrigin} (database: ${database.description})`, {
    mode: config.env,
    port: server.port,
  });
  announceDevMailbox(log, config.publicOrigin, server.deps.devMailbox);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received: finishing requests in flight, then stopping.`);
    try {
      // An orchestrator's SIGTERM: first tell the load balancer (readiness 503) while still serving.
      // Ctrl-C (SIGINT) in a terminal has no load balancer to wait for.
      if (signal === "SIGTERM") await server?.drain(config.shutdownDrainMs);
      await server?.close();
    } finally {
      await database.release();
      log.info("Stopped.");
      process.exit(0);
    }
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof DataFolderInUseError || error instanceof ConfigError) {
    console.error(error.message);
  } else if ((error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && String(error).includes(buildPath)) {
    console.error("The app has not been built yet. Run `npm run build` (npm start does this for you).");
  } else if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
    console.error(`Port ${process.env.PORT ?? 3000} is already in use. Stop the other program or set PORT.`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
