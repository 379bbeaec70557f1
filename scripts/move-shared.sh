#!/usr/bin/env bash
# Mechanical: moves the code both sides use into shared/ (and the root router
# beside routers/), as listed in scripts/shared-moves.json, with git mv; then
# rewrites every import with scripts/codemod-imports.mjs. Re-runnable: a move
# already made is skipped. After merging other branches, run it again.
set -euo pipefail
cd "$(dirname "$0")/.."
node -e '
const moves = require("./scripts/shared-moves.json");
const fs = require("fs"), path = require("path"), { execFileSync } = require("child_process");
for (const [from, to] of Object.entries(moves)) {
  if (!fs.existsSync(from)) continue;
  if (fs.existsSync(to)) { console.error(`both ${from} and ${to} exist: merge them by hand`); process.exit(1); }
  fs.mkdirSync(path.dirname(to), { recursive: true });
  execFileSync("git", ["mv", from, to], { stdio: "inherit" });
  console.log(`moved ${from} -> ${to}`);
}'
node scripts/codemod-imports.mjs
