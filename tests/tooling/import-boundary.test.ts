/**
 * The browser/server boundary is a lint rule (issue 16): a page or component may take
 * the router's types and shared/ code, nothing else of the server; shared/ imports neither
 * side. These run the rule's own settings from eslint.config.js over small sources, so a
 * pattern that matches nothing (as "#server/*" written as a .gitignore-style group did,
 * "#" starting a comment there) fails here.
 */
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
// @ts-expect-error: the lint configuration is plain JavaScript without type declarations
import { browserBoundary, sharedBoundary } from "../../eslint.config.js";

function linterWith(boundary: unknown): ESLint {
  return new ESLint({
    overrideConfigFile: true,
    overrideConfig: [
      { files: ["**/*.ts", "**/*.tsx"], languageOptions: { parser: tseslint.parser }, plugins: { "@typescript-eslint": tseslint.plugin }, rules: { "@typescript-eslint/no-restricted-imports": ["error", boundary] } },
    ],
  });
}

async function refusals(boundary: unknown, filePath: string, source: string): Promise<number> {
  const [result] = await linterWith(boundary).lintText(source, { filePath });
  return result?.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports").length ?? -1;
}

describe("the browser/server import boundary", () => {
  it("refuses a page importing server code, at run time or as a type, by package import or by path", async () => {
    for (const source of [
      'import { addDomain } from "#server/services/joining/domains";',
      'import type { CsvCheck } from "#server/services/invitations/csvImport";',
      'import { createDatabase } from "#db/client";',
      'import { renderAccountEmail } from "#emails/templates/account/frame";',
      'import { appRouter } from "#server/router";',
      'import { config } from "../../server/config";',
    ]) {
      expect(await refusals(browserBoundary, "app/routes/probe.tsx", source), source).toBe(1);
    }
  });

  it("lets a page take the router's types and shared code", async () => {
    for (const source of ['import type { AppRouter } from "#server/router";', 'import { catalogue } from "#shared/permissions/catalogue";', 'import { Button } from "../components/ui";']) {
      expect(await refusals(browserBoundary, "app/routes/probe.tsx", source), source).toBe(0);
    }
  });

  it("keeps shared/ free of either side", async () => {
    expect(await refusals(sharedBoundary, "shared/probe.ts", 'import { config } from "#server/config";')).toBe(1);
    expect(await refusals(sharedBoundary, "shared/probe.ts", 'import { trpc } from "#app/lib/trpc";')).toBe(1);
    expect(await refusals(sharedBoundary, "shared/probe.ts", 'import { durations } from "./durations";')).toBe(0);
  });
});
