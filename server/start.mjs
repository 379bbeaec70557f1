/**
 * `npm start`: build once, start fast. Builds only when the build is
 * missing or older than the sources, then runs the compiled server
 * (build/server/index.js) in this Node process with production settings
 * (NODE_ENV=production unless set). Plain JavaScript on purpose: it runs
 * where only the production dependencies are installed (no tsx, no build
 * tools), as long as the build is there and up to date.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildNeeded } from "./buildFreshness.mjs";

function build(reason) {
  // The build tools are development dependencies.
  if (!existsSync(path.join("node_modules", "@remix-run", "dev")) || !existsSync(path.join("node_modules", "esbuild"))) {
    console.error(`The app needs building (${reason}), but the build tools are not installed here (a production install).\n` + "Run `npm run build` where the development dependencies are installed, then start again.");
    process.exit(1);
  }
  console.log(`Building the app (${reason})…`);
  const npm = process.env.npm_execpath;
  const result = npm ? spawnSync(process.execPath, [npm, "run", "build"], { stdio: "inherit" }) : spawnSync("npm", ["run", "build"], { stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) {
    console.error("The build failed; see above.");
    process.exit(result.status ?? 1);
  }
}

const reason = buildNeeded();
if (reason) build(reason);

process.env.NODE_ENV ??= "production";
// Stack traces point into the TypeScript sources (the compiled server has a source map).
process.setSourceMapsEnabled(true);
await import(pathToFileURL(path.resolve("build", "server", "index.js")).href);
