/**
 * Debian's Chromium driven by playwright-core (no browser download).
 * CHROMIUM_PATH overrides the executable.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";

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
