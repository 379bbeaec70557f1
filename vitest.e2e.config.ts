import { defineConfig } from "vitest/config";
import { packageImports } from "./vitest.shared";

export default defineConfig({
  resolve: packageImports,
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/setup/global.ts"],
    setupFiles: ["tests/setup/each.ts"],
    pool: "forks",
    // Browser tests share two cores with Chromium: one file at a time.
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
    // A poll waits for what a click sets off (a request, a render, a live event). Vitest's default of one second is
    // shorter than one server round trip on a busy two-core machine, so a correct page failed at random. A poll that
    // never matches still fails, after ten seconds.
    expect: { poll: { timeout: 10_000 } },
    env: { NODE_ENV: "test" },
  },
});
