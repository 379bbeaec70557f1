/** `npm start` builds only when the build is missing or older than the sources. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildNeeded } from "#server/buildFreshness.mjs";

// A fresh folder per test, standing for the project's root.
let root = "";
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "ta-fresh-"));
});
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

function file(relative: string, secondsAgo: number): void {
  const full = path.join(root, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, "x");
  const when = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(full, when, when);
}

describe("whether npm start must build first", () => {
  it("builds when either half of the build is missing", () => {
    file("app/root.tsx", 100);
    expect(buildNeeded(root)).toBe("build/index.js is missing");
    file("build/index.js", 10);
    expect(buildNeeded(root)).toBe("build/server/index.js is missing");
  });

  it("does not build when the build is newer than every source", () => {
    file("app/root.tsx", 100);
    file("server/app.ts", 90);
    file("package.json", 200);
    file("build/index.js", 10);
    file("build/server/index.js", 10);
    // Files the build does not read don't count.
    file("test-results/screenshots/a.png", 1);
    file(".data/postgres/x", 1);
    expect(buildNeeded(root)).toBeNull();
  });

  it("builds when the pages were last built for development (npm run dev)", () => {
    file("app/root.tsx", 100);
    file("build/server/index.js", 10);
    writeFileSync(path.join(root, "build/index.js"), 'var mode = "development", assetsBuildDirectory = "public/build";');
    expect(buildNeeded(root)).toBe("build/index.js is a development build (from npm run dev)");
    writeFileSync(path.join(root, "build/index.js"), 'var mode = "production", assetsBuildDirectory = "public/build";');
    expect(buildNeeded(root)).toBeNull();
  });

  it("builds when any source changed after the older half of the build, and says which", () => {
    file("build/index.js", 50);
    file("build/server/index.js", 10);
    file("app/root.tsx", 100);
    file("emails/templates/invitation.ts", 30);
    expect(buildNeeded(root)).toBe(`${path.join("emails", "templates", "invitation.ts")} changed after the last build`);
    file("emails/templates/invitation.ts", 100);
    file("package-lock.json", 20);
    expect(buildNeeded(root)).toBe("package-lock.json changed after the last build");
  });
});
