/**
 * Whether the build (pages and compiled server) is missing or older than
 * the sources, for `npm start` (server/start.mjs). Plain JavaScript: it runs
 * before anything is compiled, and where only production dependencies are.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export const buildOutputs = ["build/index.js", "build/server/index.js"];
const sourceFolders = ["app", "server", "shared", "db", "emails"];
const sourceFiles = ["package.json", "package-lock.json", "remix.config.js", "tailwind.config.ts", "tsconfig.json"];

/** The newest source file under `root`, and its modification time. */
function newestSource(root) {
  let newest = { file: "", mtimeMs: 0 };
  const visit = (relative) => {
    let stat;
    try {
      stat = statSync(path.join(root, relative));
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path.join(root, relative))) if (!name.startsWith(".")) visit(path.join(relative, name));
    } else if (stat.mtimeMs > newest.mtimeMs) {
      newest = { file: relative, mtimeMs: stat.mtimeMs };
    }
  };
  for (const entry of [...sourceFolders, ...sourceFiles]) visit(entry);
  return newest;
}

/**
 * Why a build is needed ("build/index.js is missing", "app/root.tsx changed
 * after the last build", a development build), or null when the production
 * build is there and newer than every source.
 * @param {string} root the project folder
 * @returns {string | null}
 */
export function buildNeeded(root = ".") {
  const missing = buildOutputs.find((file) => !existsSync(path.join(root, file)));
  if (missing) return `${missing} is missing`;
  // `npm run dev` rebuilds the pages in place, for development: never serve those in production.
  if (/\bmode = "development"/.test(readFileSync(path.join(root, "build", "index.js"), "utf8"))) {
    return "build/index.js is a development build (from npm run dev)";
  }
  const builtAt = Math.min(...buildOutputs.map((file) => statSync(path.join(root, file)).mtimeMs));
  const newest = newestSource(root);
  return newest.mtimeMs > builtAt ? `${newest.file} changed after the last build` : null;
}
