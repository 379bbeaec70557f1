/**
 * The Members page's HTML carries what the page shows, once: the workspace
 * navigation is written once (the phone menu reuses it), and the rows' data
 * holds no field the table doesn't show (role grants are loaded by the roles
 * dialog when it opens); a row's controls are written when its Actions panel
 * opens (decision 44); the pending invitations come with the page. Its size and render time are measured by
 * `npm run bench:overhead`; this guards the shape.
 */
import type { Browser, BrowserContextOptions } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { demo, demoEmail, seedDemoWorkspace } from "../../seeds/demo";
import { seedDemoInvitations } from "../../seeds/invitations";
import { startTestServer, type TestServer } from "../helpers/server";
import { launchBrowser } from "./browser";

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ pages: true }), launchBrowser()]);
  await seedDemoInvitations(server.deps.db, await seedDemoWorkspace(server.deps.db));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A new browser context signed in as one of the demo's people, on the page they land on. */
async function signedIn(who: string, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ baseURL: server.origin, ...options });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demoEmail(who));
  await page.getByLabel("Password").fill(demo.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/w/**");
  return { context, page };
}

it("an admin's Members page writes the navigation once and sends no role grants or unused member fields", async () => {
  const { context, page } = await signedIn("adam", { viewport: { width: 390, height: 844 } });

  const answer = await context.request.get(`/w/${demo.workspaceSlug}/members`);
  expect(answer.status()).toBe(200);
  const html = await answer.text();
  expect(html.split(`href="/w/${demo.workspaceSlug}/departments"`).length - 1).toBe(1);
  expect(html.split('data-testid="notification-bell"').length - 1).toBe(1);
  expect(html).not.toContain('"grants"');
  expect(html).not.toContain('"userId"');
  expect(html).not.toContain('"removedAt"');
  // Each row has one Actions button; the row's controls (roles, manager, department select, modules, removal) are
  // written only when its panel is opened, so the server's HTML holds none of them.
  const rows = html.split('data-testid="member-row"').slice(1);
  expect(rows).toHaveLength(25);
  expect(rows.every((row) => row.includes('aria-label="Actions for '))).toBe(true);
  expect(html).not.toContain('<select aria-label="Department of');
  expect(html).not.toContain('aria-label="Change roles of');
  expect(html).not.toContain('data-testid="modules-popover"');
  // The pending invitations come with the page (its loader), not from a browser query after it.
  expect(html.split('data-testid="invitation-row"').length - 1).toBe(4);
  expect(html).not.toContain("Loading invitations");

  // On a phone the same navigation opens from the menu button, and Escape closes it.
  await page.goto(`/w/${demo.workspaceSlug}/members`);
  const menu = page.getByRole("button", { name: "Menu" });
  await menu.click();
  await expect.poll(() => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Departments" }).isVisible()).toBe(true);
  expect(await menu.getAttribute("aria-expanded")).toBe("true");
  await page.keyboard.press("Escape");
  await expect.poll(() => page.getByRole("navigation", { name: "Main" }).isVisible()).toBe(false);

  // A row's Actions panel opens from the keyboard and Escape closes it, giving focus back to its button.
  const row = page.locator(`[data-testid="member-row"][data-email="${demoEmail("mia")}"]`);
  const actions = row.getByRole("button", { name: "Actions for Mia Johansson" });
  await actions.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => actions.getAttribute("aria-expanded")).toBe("true");
  await expect.poll(() => row.getByRole("button", { name: "Change roles of Mia Johansson" }).isVisible()).toBe(true);
  expect(await row.getByLabel("Department of Mia Johansson").count()).toBe(1);
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Change roles of Mia Johansson");
  await page.keyboard.press("Escape");
  await expect.poll(() => row.getByRole("button", { name: "Change roles of Mia Johansson" }).count()).toBe(0);
  expect(await actions.getAttribute("aria-expanded")).toBe("false");
  expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Actions for Mia Johansson");
  await context.close();
});

it("a workspace page sends the member's access once and the route manifest as a cached file, not inline", async () => {
  const { context, page } = await signedIn("olivia");

  for (const path of ["members", "roles"]) {
    const answer = await context.request.get(`/w/${demo.workspaceSlug}/${path}`);
    const html = await answer.text();
    // One write: the length is known, so the page is not chunked (app/entry.server.tsx).
    expect(answer.headers()["content-length"]).toBe(String(Buffer.byteLength(html)));
    expect(answer.headers()["transfer-encoding"]).toBeUndefined();
    // The Owner's roles give all they hold: the permissions are written once (app/lib/sentAccess.ts).
    expect(html).toContain('"permissions":{');
    expect(html).not.toContain("heldThroughRoles");
    // The whole route manifest is a file the browser caches (remix.config.js); the page doesn't write its own copy.
    expect(html).not.toContain("window.__remixManifest =");
    expect(html).toMatch(/import "\/build\/manifest-[A-Z0-9]+\.js"/);
  }
  // The Roles page sends one role's permissions and holders, the one on screen; choosing another loads its own.
  const roles = await (await context.request.get(`/w/${demo.workspaceSlug}/roles`)).text();
  expect(roles.split('"grants":').length - 1).toBe(1);
  expect(roles.split('"holders":').length - 1).toBe(1);
  await page.goto(`/w/${demo.workspaceSlug}/roles`);
  await page
    .getByRole("navigation", { name: "Roles" })
    .getByRole("button", { name: /Viewer/ })
    .click();
  await expect.poll(() => page.getByRole("heading", { level: 2, name: "Viewer" }).count()).toBe(1);
  await expect.poll(() => page.getByTestId("role-holders").innerText()).toContain("Hannah Weber");

  // The pages still know what the Owner may give: the roles dialog offers Owner, which only an Owner may give.
  await page.goto(`/w/${demo.workspaceSlug}/members`);
  const row = page.locator(`[data-testid="member-row"][data-email="${demoEmail("mia")}"]`);
  await row.getByRole("button", { name: "Actions for Mia Johansson" }).click();
  await row.getByRole("button", { name: "Change roles of Mia Johansson" }).click();
  const dialog = page.getByTestId("roles-dialog");
  await expect.poll(() => dialog.getByRole("checkbox", { name: /^Owner/ }).count()).toBe(1);
  expect(await dialog.getByRole("checkbox", { name: /^Owner/ }).isEnabled()).toBe(true);
  await context.close();
});

it("on a phone the table scrolls sideways instead of writing one column over another", async () => {
  const { context, page } = await signedIn("adam", { viewport: { width: 390, height: 844 }, isMobile: true });
  await page.goto(`/w/${demo.workspaceSlug}/members`);
  await expect.poll(() => page.getByTestId("member-row").count()).toBe(25);
  // Every cell's content stays inside its cell: nothing of a name, an address or a badge spills into the next column.
  const spills = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="member-row"] td')].flatMap((cell) => {
      const box = cell.getBoundingClientRect();
      return [...cell.querySelectorAll("p, span, a, button")]
        .filter((el) => el.getBoundingClientRect().right > box.right + 0.5)
        .map((el) => `${(el.textContent ?? "").trim().slice(0, 30)} (${Math.round(el.getBoundingClientRect().right - box.right)} px past its cell)`);
    }),
  );
  expect(spills).toEqual([]);
  // The name is still there to read (cut with an ellipsis only when long), and the table scrolls within its frame.
  const first = page.getByTestId("member-row").first();
  expect(
    await first
      .locator("td")
      .first()
      .evaluate((cell) => cell.getBoundingClientRect().width),
  ).toBeGreaterThanOrEqual(180);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await context.close();
});
