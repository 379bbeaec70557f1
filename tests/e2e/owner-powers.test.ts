import type { Browser } from "playwright-core";
import { expect, it } from "vitest";
import { recordAudit } from "#server/services/audit";
import { notify } from "#server/services/notifications";
import { inTransaction } from "#server/services/transaction";
import { addMember, createUser, createWorkspaceOwnedBy } from "../helpers/fixtures";
import type { TestServer } from "../helpers/server";
import { screenshot, pageSignedInAs, liveConnected, serverAndBrowserForFile } from "./browser";

let server: TestServer;
let browser: Browser;
serverAndBrowserForFile((started) => ({ server, browser } = started));

const signedInPage = (user: { id: string }) => pageSignedInAs(browser, server, user);

/** Entries an Owner has and a Member must not (other features add more entries around them). */
const ownerOnlyEntries = ["Modules", "Permission requests", "View as member", "Audit Log", "Billing"];

const navLabels = async (page: import("playwright-core").Page) => (await page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link").allInnerTexts()).map((t) => t.trim());

it("an owner views the app as a Member, sees their reduced navigation and the banner, stops, and finds both in the Audit Log", async () => {
  const owner = await createUser(server.deps, { name: "Olivia Bennett" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Northwind Traders");
  const mia = await createUser(server.deps, { name: "Mia Johansson" });
  await addMember(server.deps, ws.id, mia, ["member"]);
  const { context, page, problems } = await signedInPage(owner);

  await page.goto(`/w/${ws.slug}/members`);
  const ownerNavigation = await navLabels(page);
  expect(ownerNavigation).toEqual(expect.arrayContaining(["Members", ...ownerOnlyEntries, "Your settings"]));
  await page.getByRole("link", { name: "View as member" }).first().click();
  await page.waitForURL("**/view-as");
  await screenshot(page, "owner-01-view-as");
  await page.getByRole("button", { name: "View as Mia Johansson" }).click();
  // The password again before viewing as someone: a wrong one is refused and nothing starts.
  const dialog = page.getByTestId("view-as-dialog");
  await dialog.getByLabel("Your password").fill("not my password");
  await dialog.getByRole("button", { name: "Start viewing" }).click();
  await expect.poll(() => page.getByText("That isn't your current password. Please try again.").count()).toBe(1);
  expect(await page.getByTestId("impersonation-banner").count()).toBe(0);
  await page.getByRole("button", { name: "View as Mia Johansson" }).click();
  await dialog.getByLabel("Your password").fill(owner.password);
  await screenshot(page, "owner-01b-view-as-password");
  await dialog.getByRole("button", { name: "Start viewing" }).click();
  await page.waitForURL(`**/w/${ws.slug}/members`);

  const banner = page.getByTestId("impersonation-banner");
  await expect.poll(() => banner.count()).toBe(1);
  expect(await banner.innerText()).toContain("You are viewing this workspace as Mia Johansson");
  const memberNavigation = await navLabels(page);
  expect(memberNavigation).toEqual(expect.arrayContaining(["Members", "Your settings"]));
  expect(memberNavigation.filter((label) => ownerOnlyEntries.includes(label))).toEqual([]);
  expect(memberNavigation.every((label) => ownerNavigation.includes(label))).toBe(true);
  expect(memberNavigation.length).toBeLessThan(ownerNavigation.length);
  await screenshot(page, "owner-02-viewing-as-member");
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await banner.isVisible()).toBe(true);
  await screenshot(page, "owner-02b-viewing-as-member-phone");
  await page.setViewportSize({ width: 1280, height: 720 });

  // The owner-only page is closed to the member being viewed.
  await page.goto(`/w/${ws.slug}/settings/billing`);
  expect(await page.getByRole("heading", { name: "No access" }).count()).toBe(1);

  await page.goto(`/w/${ws.slug}/members`);
  await page.getByRole("button", { name: /Stop viewing as Mia/ }).click();
  await page.waitForURL("**/view-as");
  await expect.poll(() => page.getByTestId("impersonation-banner").count()).toBe(0);
  expect(await navLabels(page)).toEqual(ownerNavigation);

  await page.getByRole("link", { name: "Audit Log" }).first().click();
  await page.waitForURL("**/settings/audit");
  const actions = () => page.getByTestId("audit-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
  await screenshot(page, "owner-03-audit-log");
  // The pages read while viewing are in the log too, between the start and the end.
  await expect.poll(async () => (await actions()).filter((a) => a !== "impersonation.read").slice(0, 2)).toEqual(["impersonation.ended", "impersonation.started"]);
  expect(await actions()).toContain("impersonation.read");
  expect(await page.getByTestId("audit-row").first().innerText()).toContain("Mia Johansson");
  await screenshot(page, "owner-03-audit-log");

  // Filter to one action, then page through a long log.
  await page.getByLabel("Action").selectOption("impersonation.started");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect.poll(() => page.getByTestId("audit-row").count()).toBe(1);
  // Its details are built when opened (the page's HTML does not carry them twice).
  const started = page.getByTestId("audit-row").first();
  expect(await started.locator("pre").count()).toBe(0);
  await started.getByText("Details").click();
  await expect.poll(() => started.locator("pre").innerText()).toContain(mia.email);
  const csv = await page.request.get(`/w/${ws.slug}/settings/audit.csv?action=impersonation.started`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect((await csv.text()).split("\r\n")[1]).toContain(`"impersonation.started","Olivia Bennett"`);

  expect(problems).toEqual([]);
  await context.close();

  // Mia sees, in her own settings, that she was viewed.
  const asMia = await signedInPage(mia);
  await asMia.page.goto(`/w/${ws.slug}/account`);
  await expect.poll(() => asMia.page.getByTestId("viewed-by").count()).toBe(1);
  expect(await asMia.page.getByTestId("viewed-by").innerText()).toContain("Olivia Bennett viewed as you");
  await screenshot(asMia.page, "owner-04-member-settings");
  expect(asMia.problems).toEqual([]);
  await asMia.context.close();
});

it("the bell counts unread notifications live; the owner changes the plan and deletes the workspace", async () => {
  const owner = await createUser(server.deps, { name: "Grace Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Bell & Co");
  const { context, page, problems } = await signedInPage(owner);
  await page.goto(`/w/${ws.slug}/settings/billing`);
  await liveConnected(page);
  const bell = page.getByTestId("notification-bell").first();
  expect(await bell.getAttribute("data-unread")).toBe("0");

  await inTransaction(server.deps, async (tx) => {
    await notify(tx, { userId: owner.id, workspaceId: ws.id, kind: "invitation.accepted", title: "Ada accepted your invitation" });
    await recordAudit(tx, {
      workspaceId: ws.id,
      actor: { userId: owner.id, impersonatorUserId: null },
      action: "settings.changed",
      targetType: "workspace",
      targetId: ws.id,
    });
  });
  await expect.poll(() => bell.getAttribute("data-unread")).toBe("1");

  expect(await page.getByTestId("current-plan").innerText()).toBe("Starter");
  expect(await page.getByTestId("seats-used").innerText()).toContain("1");
  await screenshot(page, "owner-05-billing");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "owner-05b-billing-phone");
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByLabel("Professional").check();
  await page.getByRole("button", { name: "Switch to Professional" }).click();
  await expect.poll(() => page.getByTestId("current-plan").innerText()).toBe("Professional");

  await page.getByTestId("notification-bell").first().click();
  await page.waitForURL("**/notifications");
  await expect.poll(() => page.getByTestId("notification").count()).toBe(1);
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect.poll(() => bell.getAttribute("data-unread")).toBe("0");
  await screenshot(page, "owner-06-notifications");

  await page.goto(`/w/${ws.slug}/settings/billing`);
  const remove = page.getByRole("button", { name: "Delete workspace" });
  expect(await remove.isDisabled()).toBe(true);
  await page.getByLabel('Type "Bell & Co" to confirm').fill("Bell & Co");
  // Without the password, nothing is deleted and the page says why.
  await remove.click();
  await expect.poll(() => page.getByText("Enter your password to confirm it's you.").count()).toBe(1);
  expect(await server.deps.db.selectFrom("workspaces").select("id").where("id", "=", ws.id).execute()).toHaveLength(1);
  await page.getByLabel('Type "Bell & Co" to confirm').fill("Bell & Co");
  await page.getByLabel("Your password").fill(owner.password);
  await remove.click();
  await page.waitForURL("**/?left=deleted");
  // The URL changes before the page has rendered: wait for the words.
  await expect.poll(() => page.getByText("A workspace you were in has been deleted.").count()).toBe(1);
  expect(await server.deps.db.selectFrom("workspaces").select("id").where("id", "=", ws.id).execute()).toEqual([]);
  expect(problems).toEqual([]);
  await context.close();
});
