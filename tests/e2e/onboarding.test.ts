import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";
import { launchBrowser, screenshot, watchForErrors } from "./browser";

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ pages: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it("a new user signs up, creates a workspace and sees themselves as its Owner on the Members page", async () => {
  const context = await browser.newContext({ baseURL: server.origin });
  const page = await context.newPage();
  const problems = watchForErrors(page);

  await page.goto("/");
  await expect.poll(() => new URL(page.url()).pathname).toBe("/sign-up");
  await screenshot(page, "01-sign-up");

  // A mistake first: errors appear next to the fields.
  await page.getByLabel("Full name").fill("Margaret Hamilton");
  await page.getByLabel("Work email").fill("not an email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect.poll(() => page.getByText("Enter a valid email address, like name@company.com.").count()).toBe(1);
  await expect.poll(() => page.getByText("Use at least 8 characters.").count()).toBe(1);
  await screenshot(page, "02-sign-up-errors");

  await page.getByLabel("Work email").fill("margaret@apollo.example");
  await page.getByLabel("Password").fill("lunar module 1969");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("**/workspaces/new");
  await screenshot(page, "03-new-workspace");

  await page.getByLabel("Workspace name").fill("Apollo Guidance");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL("**/w/apollo-guidance/members");

  const row = page.getByTestId("member-row");
  await expect.poll(() => row.count()).toBe(1);
  await expect.poll(() => row.first().innerText()).toContain("Margaret Hamilton");
  expect(await row.first().innerText()).toContain("margaret@apollo.example");
  expect(await row.first().innerText()).toContain("Owner");
  // The live connection comes up.
  await expect.poll(() => page.locator('[data-connection="connected"]').first().count(), { timeout: 10_000 }).toBe(1);
  await screenshot(page, "04-members");

  // Readable on a phone too.
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "05-members-phone");

  expect(problems).toEqual([]);
  await context.close();
});
