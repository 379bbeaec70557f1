/**
 * The guard every browser test relies on: a page whose server HTML and
 * first browser render differ (a hydration error, as dates formatted in the
 * server's zone used to cause) is caught by watchForErrors, so the
 * `expect(problems).toEqual([])` that ends each browser test fails.
 */
import type { Browser } from "playwright-core";
import { expect, it } from "vitest";
import type { TestServer } from "../helpers/server";
import { hydrated, watchForErrors, serverAndBrowserForFile, openPage } from "./browser";

let server: TestServer;
let browser: Browser;
serverAndBrowserForFile((started) => ({ server, browser } = started));

it("a page whose server HTML differs from the browser's render fails the browser test", async () => {
  const context = await browser.newContext({ baseURL: server.origin });
  const { page, problems } = await openPage(context);
  // The server's HTML says one thing; the page's own code renders another, exactly what a date formatted in two zones does.
  await page.route("**/sign-in", async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace("Sign in to your workspace", "Sign in to your workspace (as the server saw it)");
    await route.fulfill({ response, body: html });
  });
  await page.goto("/sign-in");
  await page.waitForLoadState("load");
  await expect.poll(() => problems.length, { timeout: 10_000 }).toBeGreaterThan(0);
  expect(problems.join("\n")).toMatch(/Minified React error #(418|423|425)|Hydration|did not match/i);
  // What every browser test asserts at its end now fails.
  expect(() => expect(problems).toEqual([])).toThrow();
  await context.close();
});

it("the same page unaltered passes the guard (so the failure above is the hydration error, not the page)", async () => {
  const context = await browser.newContext({ baseURL: server.origin });
  const { page, problems } = await openPage(context);
  await page.goto("/sign-in");
  await page.getByRole("heading", { name: "Sign in to your workspace" }).waitFor();
  await page.waitForLoadState("load");
  await hydrated(page);
  expect(problems).toEqual([]);
  await context.close();
});
