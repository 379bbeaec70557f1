/**
 * Debian's Chromium driven by playwright-core (no browser download).
 * CHROMIUM_PATH overrides the executable.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { sessionCookie } from "../helpers/fixtures";
import { startTestServer, type TestServer, type TestServerOptions } from "../helpers/server";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
}

/** Saves a screenshot under test-results/ for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.resolve("test-results", "screenshots");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** Collects browser console errors and page crashes so a test can assert there were none. */
export function watchForErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    const text = message.text();
    // A form answered with 4xx (invalid input, wrong password) is handled by the page; 5xx is not.
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    if (message.type() === "error") problems.push(`console: ${text}`);
  });
  return problems;
}

/** Waits until React has attached itself to the page's heading (recoverable hydration errors are reported by then). */
export async function hydrated(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => Object.keys(document.querySelector("h1") ?? {}).some((key) => key.startsWith("__reactFiber")))).toBe(true);
}

/** A test file's server (with pages) and Chromium, started side by side in its `beforeAll`. */
export async function startServerAndBrowser(options: TestServerOptions = {}): Promise<{ server: TestServer; browser: Browser }> {
  const [server, browser] = await Promise.all([startTestServer({ pages: true, ...options }), launchBrowser()]);
  return { server, browser };
}

/** Its `afterAll`: either may be missing when the `beforeAll` failed. */
export async function stopServerAndBrowser(server: TestServer | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await server?.stop();
}

/** Starts both before the file's tests, hands them to `started`, and stops both after the tests. */
export function serverAndBrowserForFile(started: (both: { server: TestServer; browser: Browser }) => void, options: TestServerOptions = {}): void {
  let both: { server: TestServer; browser: Browser } | undefined;
  beforeAll(async () => {
    both = await startServerAndBrowser(options);
    started(both);
  });
  afterAll(() => stopServerAndBrowser(both?.server, both?.browser));
}

/** A fresh browser context already holding `user`'s session cookie. */
export async function contextSignedInAs(browser: Browser, server: TestServer, user: { id: string }, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: server.origin, ...options });
  const [name, value] = (await sessionCookie(server.deps, user)).split("=") as [string, string];
  await context.addCookies([{ name, value, url: server.origin }]);
  return context;
}

/** A signed-in context with one page open, whose errors are collected. */
export async function pageSignedInAs(browser: Browser, server: TestServer, user: { id: string }, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await contextSignedInAs(browser, server, user, options);
  return { context, ...(await openPage(context)) };
}

/** Opens a page in `context`, collecting its errors. */
export async function openPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  return { page, problems: watchForErrors(page) };
}

/** Opens the emailed invitation link and sends its form as a newcomer: name and password, then "Create account and join". */
export async function joinByInvitation(page: Page, token: string, person: { name: string; password: string }): Promise<void> {
  await page.goto(`/invite/${token}`);
  await page.getByLabel("Full name").fill(person.name);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account and join" }).click();
}

/** Waits until the page's live connection says it is connected. */
export async function liveConnected(page: Page): Promise<void> {
  await expect.poll(() => page.locator('[data-connection="connected"]').first().count(), { timeout: 10_000 }).toBe(1);
}
