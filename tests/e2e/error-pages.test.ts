/**
 * Error pages in a real browser: a page opened at an address nothing
 * serves hydrates without a hydration error and shows the reference to
 * quote (the document's request id), however the router's own work on that
 * address and the hydration interleave; and an error reached by a
 * navigation in the browser never shows the id of an older document.
 */
import type { Browser } from "playwright-core";
import { expect, it } from "vitest";
import type { TestServer } from "../helpers/server";
import { hydrated, watchForErrors, serverAndBrowserForFile, openPage } from "./browser";

let server: TestServer;
let browser: Browser;
serverAndBrowserForFile((started) => ({ server, browser } = started));

it("a missing page opened directly hydrates cleanly and keeps the document's reference", async () => {
  // Several fresh visits: the router settles the unknown address while the page hydrates, in either order.
  for (let visit = 0; visit < 4; visit += 1) {
    const context = await browser.newContext({ baseURL: server.origin });
    const { page, problems } = await openPage(context);
    const response = await page.goto(`/nowhere/${visit}`);
    expect(response?.status()).toBe(404);
    const requestId = response?.headers()["x-request-id"] ?? "";
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await page.waitForLoadState("networkidle");
    await hydrated(page);
    expect(await page.getByTestId("error-reference").count()).toBe(1);
    expect(await page.getByTestId("error-reference").innerText()).toContain(requestId);
    // (The 404 itself is reported by the browser as a failed resource, which watchForErrors lets through.)
    expect(problems).toEqual([]);
    await context.close();
  }
});

it("an unknown address reached by a navigation in the browser shows no stale reference", async () => {
  const context = await browser.newContext({ baseURL: server.origin });
  const { page, problems } = await openPage(context);
  await page.goto("/sign-in");
  await page.waitForLoadState("networkidle");
  await hydrated(page);
  await page.evaluate(() => (window as unknown as { __remixRouter: { navigate(to: string): Promise<void> } }).__remixRouter.navigate("/nowhere/after-sign-in"));
  await expect.poll(() => page.getByRole("heading", { name: "Not found" }).count()).toBe(1);
  expect(await page.getByTestId("error-reference").count()).toBe(0);
  expect(problems).toEqual([]);
  await context.close();
});
