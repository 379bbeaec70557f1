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
    env: { NODE_ENV: "test" },
  },
});
