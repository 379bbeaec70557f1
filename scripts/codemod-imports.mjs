#!/usr/bin/env node
/**
 * Mechanical, idempotent: rewrites relative imports that cross a top-level
 * folder (app, server, shared, db, emails) into package imports (#app/*,
 * #server/*, #shared/*, #db/*, #emails/*; see package.json "imports"), and
 * follows the moves in scripts/shared-moves.json (an import of a moved file
 * is pointed at its new place, relative when it stays in the same folder
 * tree). Imports inside one top-level folder stay relative. Run it again
 * after merging: files already rewritten are left as they are.
 *   node scripts/codemod-imports.mjs [--check]
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const packages = ["app", "server", "shared", "db", "emails"];
const moves = JSON.parse(fs.readFileSync(path.join(root, "scripts/shared-moves.json"), "utf8"));
const check = process.argv.includes("--check");
const extensions = [".ts", ".tsx", ".mts", ".mjs", ".js", "/index.ts", "/index.tsx"];

const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" })
  .split("\n")
  .filter((f) => /\.(ts|tsx|mts)$/.test(f) && !f.endsWith(".d.ts") && fs.existsSync(path.join(root, f)));

const movedFrom = Object.fromEntries(Object.entries(moves).map(([from, to]) => [to, from]));

function resolveFrom(fromFile, spec, followMoves = true) {
  let base;
  if (spec.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), spec));
  else if (spec.startsWith("#")) base = spec.slice(1);
  else return null;
  const candidates = [base, ...extensions.map((e) => base + e)];
  if (followMoves) for (const c of candidates) if (moves[c]) return moves[c];
  for (const c of candidates) if (fs.existsSync(path.join(root, c)) && fs.statSync(path.join(root, c)).isFile()) return c;
  return null;
}

/** The file a specifier points at (repository-relative, with extension), following moves; a moved file's own relative imports are read from where it was. */
function target(fromFile, spec) {
  return resolveFrom(fromFile, spec) ?? (movedFrom[fromFile] && spec.startsWith(".") ? resolveFrom(movedFrom[fromFile], spec) : null);
}

function specifierFor(fromFile, file) {
  const top = (p) => p.split("/")[0];
  const noExt = file.replace(/\.(ts|tsx|mts)$/, "").replace(/\/index$/, "");
  if (packages.includes(top(file)) && top(file) !== top(fromFile)) return `#${noExt}`;
  let rel = path.posix.relative(path.posix.dirname(fromFile), noExt);
  if (rel === "") rel = `../${path.posix.basename(noExt)}`;
  if (!rel.startsWith(".")) rel = `./${rel}`;
  return rel;
}

const pattern = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bvi\.mock\(\s*|\bexport\s+\*\s+from\s*)(["'])([^"']+)\2/g;
let changed = 0;
for (const file of files) {
  const full = path.join(root, file);
  const source = fs.readFileSync(full, "utf8");
  const next = source.replace(pattern, (whole, lead, quote, spec) => {
    if (!spec.startsWith(".") && !spec.startsWith("#")) return whole;
    const to = target(file, spec);
    if (!to) return whole;
    // Within one top-level folder a relative import that still finds its file stays as written.
    if (spec.startsWith(".") && to.split("/")[0] === file.split("/")[0] && resolveFrom(file, spec, false) === to) return whole;
    const wanted = specifierFor(file, to);
    return wanted === spec ? whole : `${lead}${quote}${wanted}${quote}`;
  });
  if (next !== source) {
    changed += 1;
    if (check) console.log(`would rewrite ${file}`);
    else fs.writeFileSync(full, next);
  }
}
console.log(`${check ? "would rewrite" : "rewrote"} ${changed} file(s)`);
if (check && changed > 0) process.exit(1);
