// Lint: type-aware rules that catch promises nobody awaits and `any` leaking
// through, plus the browser/server boundary (docs/architecture.md).
import tseslint from "typescript-eslint";

// Patterns are regular expressions: ESLint reads `group` entries like .gitignore lines, where a
// leading "#" starts a comment, so "#server/*" written as a group would match nothing.
export const browserBoundary = {
  patterns: [
    {
      regex: "^#(db|emails)/|^#server/(?!router$)|^(\\.\\./)+(server|db|emails)/",
      message: "Pages and components run in the browser: import shared code from #shared/*, and the API's types from #server/router (import type).",
    },
    {
      regex: "^#server/router$",
      allowTypeImports: true,
      message: "Only the router's types cross into app/: use `import type`.",
    },
  ],
};

export const sharedBoundary = { patterns: [{ regex: "^#(server|app|db|emails)/|^(\\.\\./)+(server|app|db|emails)/", message: "shared/ imports only shared/ and packages." }] };

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", ".cache/**", "node_modules/**", "**/*.js", "**/*.mjs", "**/*.cjs", "**/*.d.mts"] },
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "@typescript-eslint": tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: "off" },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unsafe-argument": "error",
      "@typescript-eslint/no-unsafe-assignment": "error",
      "@typescript-eslint/no-unsafe-call": "error",
      "@typescript-eslint/no-unsafe-member-access": "error",
      "@typescript-eslint/no-unsafe-return": "error",
    },
  },
  {
    // The browser side: shared code and the router's types only. Server-only modules of app/ (*.server.ts, the load context) may import the server.
    files: ["app/**/*.ts", "app/**/*.tsx"],
    ignores: ["app/**/*.server.ts", "app/**/*.server.tsx", "app/load-context.ts", "app/entry.server.tsx"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", browserBoundary] },
  },
  {
    // shared/ is imported by both sides: it may import nothing of either.
    files: ["shared/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", sharedBoundary],
    },
  },
  {
    // Tests: asymmetric matchers (expect.any) and parsed fixtures are typed `any` by their libraries.
    files: ["tests/**"],
    rules: { "@typescript-eslint/no-unsafe-assignment": "off", "@typescript-eslint/no-unsafe-return": "off" },
  },
  {
    // Migrations are frozen in time: they take Kysely<any>, not the live Database type.
    files: ["db/migrations/**"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
);
