import { defineConfig } from "vitest/config";
import { packageImports } from "./vitest.shared";

/** Fault tests (database restarts, killed servers, Postmark outages): slow, so run apart with `npm run test:chaos`. */
export default defineConfig({
  resolve: packageImports,
  test: {
    include: ["tests/chaos/**/*.test.ts"],
    globalSetup: ["tests/setup/global.ts"],
    setupFiles: ["tests/setup/each.ts"],
    pool: "forks",
    // One file at a time: each starts servers and PostgreSQL of its own on a 2-core machine.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: "test" },
  },
});
