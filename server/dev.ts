/**
 * `npm run dev`: rebuilds the pages on change (remix watch) and serves the
 * newest build without restarting; changes under server/, db/ or emails/
 * restart this process (node --watch-path).
 */
import "./mode/development"; // must stay the first import
import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { openServerDatabase } from "#db/connection";
import { announceDevMailbox, startServer } from "./app";
import { loadConfig } from "./config";
import { createLogger } from "./log";

const buildPath = path.resolve("build", "index.js");
const remixCli = path.resolve("node_modules", "@remix-run", "dev", "dist", "cli.js");

// Build once before serving, then keep rebuilding in the background.
await new Promise<void>((resolve, reject) => {
  const first = spawn(process.execPath, [remixCli, "build"], { stdio: "inherit" });
  first.on("exit", (code) => (code === 0 ? resolve() : reject(new Error("The first build failed."))));
});
const watcher = spawn(process.execPath, [remixCli, "watch"], { stdio: "inherit" });

let loaded: { mtime: number; build: Promise<ServerBuild> } | null = null;
function currentBuild(): Promise<ServerBuild> {
  const mtime = existsSync(buildPath) ? statSync(buildPath).mtimeMs : 0;
  if (!loaded || loaded.mtime !== mtime) {
    loaded = { mtime, build: import(`${pathToFileURL(buildPath).href}?t=${mtime}`) as Promise<ServerBuild> };
  }
  return loaded.build;
}

const config = loadConfig();
const log = createLogger(config.logLevel);
const database = await openServerDatabase(config.databaseUrl);
const server = await startServer({ config: { ...config, databaseUrl: database.url }, remixBuild: currentBuild, log });
log.info(`Development server at ${config.publicOrigin} (database: ${database.description})`);
announceDevMailbox(log, config.publicOrigin, server.deps.devMailbox);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  watcher.kill("SIGTERM");
  await server.close();
  await database.release();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
