// Lint: type-aware rules that catch promises nobody awaits and `any` leaking
// through, plus the browser/server boundary (docs/architecture.md).
import tseslint from "typescript-eslint";

const boundary = {
  patterns: [
    {
      group: ["#server/*", "!#server/router", "#db/*", "#emails/*", "**/server/**", "**/db/**", "**/emails/**"],
      message: "Pages and components run in the browser: import shared code from #shared/*, and the API's types from #server/router (import type).",
    },
    {
      group: ["#server/router"],
      allowTypeImports: true,
      message: "Only the router's types cross into app/: use `import type`.",
    },
  ],
};

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
    rules: { "@typescript-eslint/no-restricted-imports": ["error", boundary] },
  },
  {
    // shared/ is imported by both sides: it may import nothing of either.
    files: ["shared/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["#server/*", "#app/*", "#db/*", "#emails/*", "**/server/**", "**/app/**", "**/db/**", "**/emails/**"], message: "shared/ imports only shared/ and packages." }] },
      ],
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
