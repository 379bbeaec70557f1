/**
 * The Members page's HTML carries what the page shows, once: the workspace
 * navigation is written once (the phone menu reuses it), and the rows' data
 * holds no field the table doesn't show (role grants are loaded by the roles
 * dialog when it opens). Its size and render time are measured by
 * `npm run bench:overhead`; this guards the shape.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { demo, demoEmail, seedDemoWorkspace } from "../../seeds/demo";
import { startTestServer, type TestServer } from "../helpers/server";
import { launchBrowser } from "./browser";

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ pages: true }), launchBrowser()]);
  await seedDemoWorkspace(server.deps.db);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it("an admin's Members page writes the navigation once and sends no role grants or unused member fields", async () => {
  const context = await browser.newContext({ baseURL: server.origin, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demoEmail("adam"));
  await page.getByLabel("Password").fill(demo.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/w/**");

  const answer = await context.request.get(`/w/${demo.workspaceSlug}/members`);
  expect(answer.status()).toBe(200);
  const html = await answer.text();
  expect(html.split(`href="/w/${demo.workspaceSlug}/departments"`).length - 1).toBe(1);
  expect(html.split('data-testid="notification-bell"').length - 1).toBe(1);
  expect(html).not.toContain('"grants"');
  expect(html).not.toContain('"userId"');
  expect(html).not.toContain('"removedAt"');

  // On a phone the same navigation opens from the menu button, and Escape closes it.
  await page.goto(`/w/${demo.workspaceSlug}/members`);
  const menu = page.getByRole("button", { name: "Menu" });
  await menu.click();
  await expect.poll(() => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Departments" }).isVisible()).toBe(true);
  expect(await menu.getAttribute("aria-expanded")).toBe("true");
  await page.keyboard.press("Escape");
  await expect.poll(() => page.getByRole("navigation", { name: "Main" }).isVisible()).toBe(false);
  await context.close();
});
