/**
 * An admin manages members in the demo workspace (roles with a primary,
 * manager, department, modules, removal with confirmation), a manager works
 * in the CRM within their team, and a member meets a "no access" page.
 */
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { demo, demoEmail, seedDemoWorkspace, type SeededDemo } from "../../seeds/demo";
import { seedDemoModules } from "../../seeds/modules";
import type { TestServer } from "../helpers/server";
import { screenshot, startServerAndBrowser, stopServerAndBrowser, openPage } from "./browser";

let server: TestServer;
let browser: Browser;
let seeded: SeededDemo;
beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  seeded = await seedDemoWorkspace(server.deps.db);
  await seedDemoModules(server.deps.db, seeded);
});
afterAll(() => stopServerAndBrowser(server, browser));

async function signIn(key: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ baseURL: server.origin, viewport: { width: 1360, height: 900 } });
  const { page, problems } = await openPage(context);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demoEmail(key));
  await page.getByLabel("Password").fill(demo.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/w/**");
  return { context, page, problems };
}

const row = (page: Page, email: string) => page.locator(`[data-testid="member-row"][data-email="${email}"]`);
/** A row's controls are in the panel its "Actions" button opens. */
const openActions = (member: Locator) => member.getByRole("button", { name: /^Actions for / }).click();

it("an admin finds, changes and removes members", async () => {
  const { context, page, problems } = await signIn("adam");
  await page.goto(`/w/${demo.workspaceSlug}/members`);
  await expect.poll(() => page.getByTestId("member-row").count()).toBe(25);
  await screenshot(page, "access-01-members");

  // Search narrows the list on the server.
  await page.getByLabel("Search").fill("lucas");
  await expect.poll(() => page.getByTestId("member-row").count()).toBe(1);
  await page.getByLabel("Search").fill("");
  await expect.poll(() => page.getByTestId("member-row").count()).toBe(25);

  // Filter by department.
  await page.getByLabel("Department", { exact: true }).selectOption({ label: "Recruiting" });
  await expect.poll(() => page.getByTestId("member-row").count()).toBe(7);
  await screenshot(page, "access-02-members-recruiting");
  await page.getByLabel("Department", { exact: true }).selectOption({ label: "Any department" });

  // Roles: add Viewer to Mia and make it primary.
  const mia = row(page, demoEmail("mia"));
  await openActions(mia);
  await mia.getByRole("button", { name: "Change roles of Mia Johansson" }).click();
  const dialog = page.getByTestId("roles-dialog");
  await dialog.getByRole("checkbox", { name: "Viewer", exact: true }).check();
  await dialog.getByLabel("Make Viewer the primary role").check();
  await screenshot(page, "access-03-roles-dialog");
  await dialog.getByRole("button", { name: "Save roles" }).click();
  await expect.poll(() => mia.innerText()).toContain("★ Viewer");
  expect(await mia.innerText()).toContain("Member");

  // An Admin can't give Owner: the box is not offered.
  await openActions(mia);
  await mia.getByRole("button", { name: "Change roles of Mia Johansson" }).click();
  expect(await dialog.getByRole("checkbox", { name: /^Owner/ }).isDisabled()).toBe(true);
  expect(await dialog.innerText()).toContain("Only an Owner can give this");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  // Manager: a cycle is refused with a clear message.
  await page.getByLabel("Search").fill("victor");
  await expect.poll(() => page.getByTestId("member-row").count()).toBe(1);
  const victor = row(page, demoEmail("victor"));
  await openActions(victor);
  await victor.getByRole("button", { name: "Change manager of Victor Lindqvist" }).click();
  const managerDialog = page.getByTestId("manager-dialog");
  await managerDialog.getByLabel("Find a manager").fill("Liam");
  await managerDialog.getByRole("button", { name: /Liam O'Connor/ }).click();
  await expect.poll(() => managerDialog.getByRole("alert").innerText()).toContain("already reports to Victor Lindqvist");
  await screenshot(page, "access-04-manager-cycle");
  await managerDialog.getByRole("button", { name: "Cancel" }).click();
  await page.getByLabel("Search").fill("");
  await expect.poll(() => page.getByTestId("member-row").count()).toBe(25);

  // Department and modules, in the row's actions panel.
  await openActions(mia);
  await mia.getByLabel("Department of Mia Johansson").selectOption({ label: "Operations" });
  await expect.poll(() => mia.getByLabel("Department of Mia Johansson").inputValue()).toBe(seeded.departmentIds.Operations);
  await mia.getByTestId("modules-popover").locator("summary").click();
  await mia.getByLabel(/^CRM/).uncheck();
  await expect.poll(() => mia.getByTestId("modules-popover").locator("summary").innerText()).toBe("Modules 1/2");
  await screenshot(page, "access-05-modules-popover");
  await mia.getByTestId("modules-popover").locator("summary").click();

  // Remove, after confirming.
  const kofi = row(page, demoEmail("kofi"));
  await openActions(kofi);
  await kofi.getByRole("button", { name: "Remove" }).click();
  const confirm = page.getByTestId("confirm-dialog");
  expect(await confirm.innerText()).toContain("Remove Kofi Mensah?");
  await screenshot(page, "access-06-remove-confirm");
  await confirm.getByRole("button", { name: "Remove member" }).click();
  await expect.poll(() => kofi.count()).toBe(0);
  await expect.poll(() => page.getByText("Kofi Mensah was removed").count()).toBe(1);

  // The owner's row offers no controls to an Admin.
  const olivia = row(page, demoEmail("olivia"));
  await openActions(olivia);
  expect(await olivia.getByRole("button", { name: /^Actions for / }).getAttribute("aria-expanded")).toBe("true");
  expect(await olivia.getByRole("button", { name: "Remove" }).count()).toBe(0);

  await page.setViewportSize({ width: 390, height: 844 });
  // Nothing pokes out sideways on a phone: the table scrolls inside its card.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, "access-07-members-phone");
  expect(problems).toEqual([]);
  await context.close();
});

it("a manager works with their team's contacts, and a member without the CRM sees no access", async () => {
  const { context, page, problems } = await signIn("sofia");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect.poll(() => nav.getByRole("link", { name: "CRM" }).count()).toBe(1);
  await nav.getByRole("link", { name: "CRM" }).click();
  await page.waitForURL("**/crm");
  await expect.poll(() => page.getByTestId("record-row").count()).toBeGreaterThan(0);
  const owners = await page.getByTestId("record-owner").allInnerTexts();
  // Sofia's team: herself, Liam, his three reps, Jack and Chloé.
  const team = new Set(["Sofia Marques", "Liam O'Connor", "Mia Johansson", "Lucas Moreau", "Emma Rossi", "Jack Thompson", "Chloé Dubois"]);
  expect(owners.every((o) => team.has(o))).toBe(true);
  await screenshot(page, "access-08-crm-manager");

  await page.getByRole("button", { name: "New contact" }).click();
  const form = page.getByTestId("record-dialog");
  await form.getByRole("button", { name: "Save" }).click();
  await expect.poll(() => form.getByText("Enter a name.").count()).toBe(1);
  await form.getByLabel("Name").fill("Zed Prospect");
  await form.getByLabel("Email").fill("zed@prospect.example");
  await form.getByLabel("Company").fill("Prospect Ltd");
  await form.getByRole("button", { name: "Save" }).click();
  await expect.poll(() => page.getByTestId("record-row").first().innerText()).toContain("Zed Prospect");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^contacts-.*\.csv$/);
  expect(problems).toEqual([]);
  await context.close();

  // Mia had the CRM revoked above: no navigation entry, and a direct URL says "No access".
  const mia = await signIn("mia");
  expect(await mia.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "CRM" }).count()).toBe(0);
  await mia.page.goto(`/w/${demo.workspaceSlug}/crm`);
  await expect.poll(() => mia.page.getByRole("heading", { name: "No access" }).count()).toBe(1);
  await screenshot(mia.page, "access-09-no-access");
  await mia.context.close();
});

it("an owner shapes a custom role, and reads the department report and recruiting", async () => {
  const { context, page, problems } = await signIn("olivia");
  await page.goto(`/w/${demo.workspaceSlug}/roles`);
  await expect.poll(() => page.getByTestId("permission-matrix").count()).toBe(1);
  await screenshot(page, "access-10-roles-owner");
  expect(await page.getByRole("button", { name: "Edit" }).count()).toBe(0); // built-in: read-only

  await page.getByRole("button", { name: "New custom role" }).click();
  await page.getByLabel("Role name").fill("Sourcer");
  await page.getByLabel("View members").check();
  await page.getByLabel("View Candidates").selectOption("team");
  await page.getByLabel("Create Candidates").selectOption("own");
  await screenshot(page, "access-11-role-editor");
  await page.getByRole("button", { name: "Create role" }).click();
  await expect.poll(() => page.getByRole("heading", { name: "Sourcer" }).count()).toBe(1);
  expect(await page.getByRole("button", { name: "Edit" }).count()).toBe(1);

  // Give it to Grace, then delete it: the page asks what to do with her.
  await page.goto(`/w/${demo.workspaceSlug}/members?q=grace`);
  const grace = row(page, demoEmail("grace"));
  await openActions(grace);
  await grace.getByRole("button", { name: "Change roles of Grace Liu" }).click();
  await page.getByTestId("roles-dialog").getByRole("checkbox", { name: "Sourcer", exact: true }).check();
  await page.getByTestId("roles-dialog").getByRole("button", { name: "Save roles" }).click();
  await expect.poll(() => grace.innerText()).toContain("Sourcer");
  await page.goto(`/w/${demo.workspaceSlug}/roles`);
  await page.getByRole("button", { name: /^Sourcer/ }).click();
  await expect.poll(() => page.getByTestId("role-holders").innerText()).toContain("Grace Liu");
  await page.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByTestId("confirm-dialog");
  expect(await confirm.innerText()).toContain("1 member holds this role");
  await screenshot(page, "access-12-delete-held-role");
  await confirm.getByRole("button", { name: "Delete role" }).click();
  await expect.poll(() => page.getByRole("button", { name: /^Sourcer/ }).count()).toBe(0);

  await page.goto(`/w/${demo.workspaceSlug}/reports/departments`);
  await expect.poll(() => page.getByTestId("department-report").count()).toBe(1);
  expect(await page.getByTestId("department-report").innerText()).toContain("Recruiting");
  await screenshot(page, "access-13-department-report");

  await page.goto(`/w/${demo.workspaceSlug}/recruiting?view=candidates`);
  await expect.poll(() => page.getByTestId("record-row").count()).toBe(25);
  await screenshot(page, "access-14-recruiting-candidates");

  await page.goto(`/w/${demo.workspaceSlug}/modules`);
  await expect.poll(() => page.getByRole("button", { name: "Turn Recruiting off" }).count()).toBe(1);
  await screenshot(page, "access-15-modules");
  expect(problems).toEqual([]);
  await context.close();
});
