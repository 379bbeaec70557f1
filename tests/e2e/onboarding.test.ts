import type { Browser } from "playwright-core";
import { expect, it } from "vitest";
import { linkIn, newestMail } from "../helpers/mailbox";
import type { TestServer } from "../helpers/server";
import { screenshot, liveConnected, serverAndBrowserForFile, openPage } from "./browser";

let server: TestServer;
let browser: Browser;
serverAndBrowserForFile((started) => ({ server, browser } = started));

it("a new user signs up, confirms their address from the mailbox, creates a workspace and sees themselves as its Owner", async () => {
  const context = await browser.newContext({ baseURL: server.origin });
  const { page, problems } = await openPage(context);

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

  // Before the address is confirmed, no workspace: the page says why and offers a new link.
  const notice = page.getByTestId("confirm-email-notice");
  await expect.poll(() => notice.count()).toBe(1);
  expect(await notice.innerText()).toContain("We sent a link to margaret@apollo.example");
  expect(await page.getByLabel("Workspace name").count()).toBe(0);
  await screenshot(page, "03-confirm-email-first");
  // The server refuses too, whatever the page offers.
  const refusal = await page.evaluate(async () => {
    const response = await fetch("/trpc/workspaces.create", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Sneaky" }) });
    const body = (await response.json()) as { error: { message: string; data: { appCode: string } } };
    return { status: response.status, code: body.error.data.appCode, message: body.error.message };
  });
  expect(refusal).toEqual({ status: 403, code: "EMAIL_NOT_VERIFIED", message: "Confirm your email address first: open the link we emailed you, or ask for a new one." });
  const firstLink = linkIn(await newestMail(server, "margaret@apollo.example", "Confirm your email address"), "/verify-email/");
  await page.getByRole("button", { name: "Resend verification email" }).click();
  await expect.poll(() => page.getByText("A new link is on its way to margaret@apollo.example.").count()).toBe(1);

  // The newest email's link confirms the address (the first one was replaced).
  const link = linkIn(await newestMail(server, "margaret@apollo.example", "Confirm your email address"), "/verify-email/");
  expect(link).not.toBe(firstLink);
  await page.goto(link);
  await expect.poll(() => page.getByRole("heading", { name: "Your email address is confirmed" }).count()).toBe(1);
  await screenshot(page, "03b-email-confirmed");
  await page.getByRole("link", { name: "Create a workspace" }).click();
  await page.waitForURL("**/workspaces/new");
  await expect.poll(() => page.getByLabel("Workspace name").count()).toBe(1);
  await screenshot(page, "03c-new-workspace");

  await page.getByLabel("Workspace name").fill("Apollo Guidance");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL("**/w/apollo-guidance/members");

  const row = page.getByTestId("member-row");
  await expect.poll(() => row.count()).toBe(1);
  await expect.poll(() => row.first().innerText()).toContain("Margaret Hamilton");
  expect(await row.first().innerText()).toContain("margaret@apollo.example");
  expect(await row.first().innerText()).toContain("Owner");
  // The live connection comes up.
  await liveConnected(page);
  await screenshot(page, "04-members");

  // Readable on a phone too.
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "05-members-phone");

  expect(problems).toEqual([]);
  await context.close();
});
