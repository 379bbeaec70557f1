/**
 * The named styles reach the browser. app/tailwind.css names the building
 * blocks of app/components/ui.tsx (.btn-primary, .badge-amber…) in its
 * components layer, and Tailwind keeps only the classes it finds written
 * out in the sources: a name assembled from parts (`btn-${variant}`) is
 * silently dropped, and every primary button on every page loses its
 * colour. Every name the layer declares must be in the stylesheet the page
 * links, and a primary button must be painted as one.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { expect, it } from "vitest";
import type { TestServer } from "../helpers/server";
import { openPage, serverAndBrowserForFile } from "./browser";

let server: TestServer;
let browser: Browser;
serverAndBrowserForFile((started) => ({ server, browser } = started));

/** The class names declared in the components layer of app/tailwind.css. */
function componentClasses(): string[] {
  const css = readFileSync(path.resolve("app", "tailwind.css"), "utf8");
  const layer = css.slice(css.indexOf("@layer components"));
  return [...new Set([...layer.matchAll(/^\s*\.([a-z][a-z0-9-]*)\s*\{/gm)].map((m) => m[1] ?? ""))].filter(Boolean);
}

it("serves a rule for every class the components layer declares", async () => {
  const declared = componentClasses();
  expect(declared).toEqual(expect.arrayContaining(["btn", "btn-primary", "btn-secondary", "btn-danger", "btn-ghost", "badge-amber", "badge-sky", "field-input"]));
  const page = await fetch(`${server.origin}/sign-in`).then((r) => r.text());
  const href = /<link rel="stylesheet" href="([^"]+\.css)"/.exec(page)?.[1];
  expect(href).toBeDefined();
  const stylesheet = await fetch(`${server.origin}${href ?? ""}`).then((r) => r.text());
  const missing = declared.filter((name) => !new RegExp(`\\.${name}(?![a-z0-9-])`).test(stylesheet));
  expect(missing).toEqual([]);
});

it("paints the sign-in button as a primary button", async () => {
  const context = await browser.newContext({ baseURL: server.origin });
  const { page, problems } = await openPage(context);
  await page.goto("/sign-in");
  const button = page.getByRole("button", { name: "Sign in" });
  // Tailwind's indigo-600, and white text.
  expect(await button.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe("rgb(79, 70, 229)");
  expect(await button.evaluate((b) => getComputedStyle(b).color)).toBe("rgb(255, 255, 255)");
  expect(problems).toEqual([]);
  await context.close();
});
