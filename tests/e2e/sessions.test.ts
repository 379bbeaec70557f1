/**
 * Your sessions in a real browser: signed in on two browsers, the person
 * opens Your sessions from the workspace, sees both (this one marked) and
 * signs the other out; that browser's live connection closes at once and its
 * next page is the sign-in page. Then "Sign out all other sessions".
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect, it } from "vitest";
import { sessionIdOf } from "#server/auth/sessions";
import { rooms } from "#shared/realtime/events";
import { createUser, createWorkspaceOwnedBy, type TestUser } from "../helpers/fixtures";
import type { TestServer } from "../helpers/server";
import { screenshot, serverAndBrowserForFile, openPage } from "./browser";

const firefoxOnWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0";
const safariOnIphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";

let server: TestServer;
let browser: Browser;
serverAndBrowserForFile((started) => ({ server, browser } = started));

/** A browser signed in through the sign-in page, on the workspace's Members page with live updates on. */
async function signedInBrowser(user: TestUser, slug: string, userAgent?: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ baseURL: server.origin, ...(userAgent ? { userAgent } : {}) });
  const { page, problems } = await openPage(context);
  await page.goto(`/sign-in?redirectTo=${encodeURIComponent(`/w/${slug}/members`)}`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`**/w/${slug}/members`);
  await expect.poll(() => page.locator('[data-connection="connected"]:visible').count(), { timeout: 10_000 }).toBe(1);
  return { context, page, problems };
}

async function sessionIdOfContext(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === server.deps.auth.sessionCookieName);
  if (!cookie) throw new Error("no session cookie in this browser");
  return sessionIdOf(cookie.value);
}

async function openSockets(sessionId: string): Promise<number> {
  return (await server.io.in(rooms.session(sessionId)).fetchSockets()).length;
}

it("signs another browser out from Your sessions: its socket closes and its next page is sign-in", async () => {
  const user = await createUser(server.deps, { name: "Sam Sessions" });
  const ws = await createWorkspaceOwnedBy(server.deps, user, "Session Works");
  const here = await signedInBrowser(user, ws.slug);
  const there = await signedInBrowser(user, ws.slug, firefoxOnWindows);
  const thereSession = await sessionIdOfContext(there.context);
  expect(await openSockets(thereSession)).toBe(1);

  // From the workspace's user menu to the account area, then Your sessions.
  await here.page.locator("aside").getByRole("link", { name: "Your account" }).click();
  await here.page.waitForURL("**/account");
  await here.page.getByRole("navigation", { name: "Your account" }).getByRole("link", { name: "Your sessions" }).click();
  await here.page.waitForURL("**/account/sessions");
  const rows = here.page.getByTestId("session-row");
  await expect.poll(() => rows.count()).toBe(2);
  const current = here.page.locator('[data-testid="session-row"][data-current="true"]');
  expect(await current.innerText()).toContain("This browser");
  expect(await current.innerText()).toMatch(/Chrome \d+ on Linux/);
  const other = here.page.locator(`[data-testid="session-row"][data-session-id="${thereSession}"]`);
  expect(await other.innerText()).toContain("Firefox 121 on Windows 10");
  expect(await other.innerText()).toContain("127.0.0.1");
  await screenshot(here.page, "sessions-01-two-browsers");

  await other.getByRole("button", { name: /^Sign out Firefox 121 on Windows 10/ }).click();
  await expect.poll(() => here.page.getByRole("status").filter({ hasText: "Signed out “Firefox 121 on Windows 10”." }).count()).toBe(1);
  await expect.poll(() => rows.count()).toBe(1);
  await screenshot(here.page, "sessions-02-signed-out-other");

  // The other browser: its live connection is closed at once, and the page goes to sign-in by itself.
  await expect.poll(() => openSockets(thereSession), { timeout: 5_000 }).toBe(0);
  await there.page.waitForURL("**/sign-in?redirectTo=*", { timeout: 15_000 });
  // And its next page load, whatever it asks for, is the sign-in page.
  await there.page.goto(`/w/${ws.slug}/members`);
  await expect.poll(() => new URL(there.page.url()).pathname).toBe("/sign-in");
  await expect.poll(() => there.page.getByRole("heading", { name: "Sign in to your workspace" }).count()).toBe(1);
  await screenshot(there.page, "sessions-03-other-browser-signed-out");

  // This browser is still signed in.
  await here.page.goto(`/w/${ws.slug}/members`);
  await expect.poll(() => here.page.getByTestId("member-row").count()).toBe(1);

  expect(here.problems).toEqual([]);
  expect(there.problems).toEqual([]);
  await here.context.close();
  await there.context.close();
});

it("signs out all other browsers at once", async () => {
  const user = await createUser(server.deps, { name: "Alex Everywhere" });
  const ws = await createWorkspaceOwnedBy(server.deps, user, "Everywhere Inc");
  const here = await signedInBrowser(user, ws.slug);
  const phone = await signedInBrowser(user, ws.slug, safariOnIphone);
  const laptop = await signedInBrowser(user, ws.slug, firefoxOnWindows);

  // Reached from Your settings too.
  await here.page.goto(`/w/${ws.slug}/account`);
  await here.page.getByRole("link", { name: "Your sessions" }).first().click();
  await here.page.waitForURL("**/account/sessions");
  await expect.poll(() => here.page.getByTestId("session-row").count()).toBe(3);
  expect(await here.page.getByTestId("session-row").nth(1).innerText()).toMatch(/Firefox 121 on Windows 10|Safari 17 on iPhone \(iOS 17\.1\)/);
  await screenshot(here.page, "sessions-04-three-browsers");
  await here.page.getByRole("button", { name: "Sign out all other sessions" }).click();
  await expect.poll(() => here.page.getByText("Signed out 2 other sessions.").count()).toBe(1);
  await expect.poll(() => here.page.getByTestId("session-row").count()).toBe(1);
  expect(await here.page.getByRole("button", { name: "Sign out all other sessions" }).isDisabled()).toBe(true);
  await screenshot(here.page, "sessions-05-only-this-one");

  for (const other of [phone, laptop]) {
    await other.page.waitForURL("**/sign-in?redirectTo=*", { timeout: 15_000 });
    expect(other.problems).toEqual([]);
    await other.context.close();
  }
  expect(here.problems).toEqual([]);
  await here.context.close();
});
