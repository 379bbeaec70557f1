/**
 * A Member asks for access, their Manager sees the request arrive live on
 * the triage page and approves it, and the Member's page shows the answer
 * without reloading.
 */
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { expect, it } from "vitest";
import { addMember, callerAs, createUser, createWorkspaceOwnedBy } from "../helpers/fixtures";
import type { TestServer } from "../helpers/server";
import { screenshot, contextSignedInAs, liveConnected, serverAndBrowserForFile, openPage } from "./browser";

let server: TestServer;
let browser: Browser;
serverAndBrowserForFile((started) => ({ server, browser } = started));

const signedIn = (user: { id: string }) => contextSignedInAs(browser, server, user, { viewport: { width: 1280, height: 900 } });

it("a Member is refused an export, asks for it for 1 day, their Manager approves it live, and the export now works", async () => {
  const owner = await createUser(server.deps, { name: "Olivia Owner" });
  const workspace = await createWorkspaceOwnedBy(server.deps, owner, "Export Story");
  const manager = await createUser(server.deps, { name: "Liam O'Connor" });
  const managerId = await addMember(server.deps, workspace.id, manager, ["manager"]);
  const member = await createUser(server.deps, { name: "Mia Johansson" });
  await addMember(server.deps, workspace.id, member, ["member"], { managerId });
  await (await callerAs(server.deps, member)).crm.contacts.create({ workspaceSlug: workspace.slug, name: "Ada Lovelace", company: "Analytical Engines" });

  // The Manager has the triage page open.
  const managerContext = await signedIn(manager);
  const { page: managerPage, problems: managerProblems } = await openPage(managerContext);
  await managerPage.goto(`/w/${workspace.slug}/settings/requests`);
  await liveConnected(managerPage);
  expect(await managerPage.getByTestId("request-row").count()).toBe(0);

  // The Member tries to export their contacts and is refused, with an offer to ask.
  const memberContext = await signedIn(member);
  const { page: memberPage, problems: memberProblems } = await openPage(memberContext);
  await memberPage.goto(`/w/${workspace.slug}/crm`);
  await liveConnected(memberPage);
  await memberPage.getByRole("button", { name: "Export CSV" }).click();
  await memberPage.getByText("You don't have permission to do that (Export Contacts (CRM)).").waitFor();
  await screenshot(memberPage, "requests-10-export-refused");
  await memberPage.getByRole("button", { name: "Request access" }).click();
  await memberPage.getByLabel("Why do you need it?").fill("Sending my contacts to the events team.");
  await memberPage.getByText("1 day", { exact: true }).click();
  await screenshot(memberPage, "requests-11-request-form");
  await memberPage.getByRole("button", { name: "Send request" }).click();
  await memberPage.getByText("Request sent").waitFor();

  // The request arrives on the Manager's page without a reload.
  const row = managerPage.getByTestId("request-row").first();
  await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
  expect(await row.innerText()).toContain("Mia Johansson asks for Export Contacts (CRM)");
  expect(await row.innerText()).toContain("1 day");
  await screenshot(managerPage, "requests-12-arrived-live");
  await managerPage.setViewportSize({ width: 390, height: 844 });
  await screenshot(managerPage, "requests-12b-triage-phone");
  await row.getByRole("button", { name: "Approve" }).click();
  await expect.poll(() => row.getAttribute("data-status")).toBe("approved");

  // The Member's page learns their access changed; the export is now a download.
  const exportLink = memberPage.getByRole("link", { name: "Export CSV" });
  await expect.poll(() => exportLink.count(), { timeout: 10_000 }).toBe(1);
  const [download] = await Promise.all([memberPage.waitForEvent("download"), exportLink.click()]);
  const file = await download.path();
  const csv = readFileSync(file, "utf8");
  expect(csv).toContain("Ada Lovelace");
  expect(csv).toContain("Analytical Engines");
  await screenshot(memberPage, "requests-13-export-allowed");

  // The decision is in the Member's notifications too.
  await expect.poll(() => memberPage.getByTestId("notification-bell").first().getAttribute("data-unread")).toBe("1");
  await memberPage.getByTestId("notification-bell").first().click();
  await memberPage.getByText("Liam O'Connor approved your request for Export Contacts (CRM) on own records").waitFor();
  await screenshot(memberPage, "requests-14-notified");

  expect(managerProblems).toEqual([]);
  expect(memberProblems).toEqual([]);
  await managerContext.close();
  await memberContext.close();
});

it("a Member asks for access on the requests page; their Manager approves it live on the triage page", async () => {
  const owner = await createUser(server.deps, { name: "Olivia Owner" });
  const workspace = await createWorkspaceOwnedBy(server.deps, owner, "Northwind Trading");
  const manager = await createUser(server.deps, { name: "Sofia Marques" });
  const managerId = await addMember(server.deps, workspace.id, manager, ["manager"]);
  const member = await createUser(server.deps, { name: "Mia Johansson" });
  await addMember(server.deps, workspace.id, member, ["member"], { managerId });

  const managerContext = await signedIn(manager);
  const { page: managerPage, problems: managerProblems } = await openPage(managerContext);
  await managerPage.goto(`/w/${workspace.slug}/settings/requests`);
  await managerPage.getByRole("heading", { name: "Permission requests" }).waitFor();
  await liveConnected(managerPage);
  expect(await managerPage.getByTestId("request-row").count()).toBe(0);

  const memberContext = await signedIn(member);
  const { page: memberPage, problems: memberProblems } = await openPage(memberContext);
  await memberPage.goto(`/w/${workspace.slug}/requests`);
  await liveConnected(memberPage);
  // The Member has no triage page in their navigation, but can ask.
  expect(await memberPage.getByRole("link", { name: "Permission requests" }).count()).toBe(0);

  // What they already hold is not offered: "View members" not at all, "View Contacts" only wider than their own.
  expect(await memberPage.locator('select[name="permission"] option[value="members.view"]').count()).toBe(0);
  await memberPage.getByLabel("Access you need").selectOption("crm.contacts.read");
  expect(await memberPage.getByLabel("Whose records").locator("option").allInnerTexts()).toEqual(["Their team's records", "All records"]);

  // Forgetting the reason gets a clear message next to the field.
  await memberPage.getByLabel("Access you need").selectOption("crm.contacts.export");
  await memberPage.getByRole("button", { name: "Send request" }).click();
  await memberPage.getByText("Say why you need it, so the approver can decide.").waitFor();
  await memberPage.getByLabel("Why do you need it?").fill("Quarterly pipeline report for the board.");
  await memberPage.getByText("1 day", { exact: true }).click();
  await screenshot(memberPage, "requests-01-member-form");
  await memberPage.getByRole("button", { name: "Send request" }).click();
  await memberPage.getByText("Request sent").waitFor();
  await expect.poll(() => memberPage.getByTestId("my-request").first().getAttribute("data-status")).toBe("pending");

  // The Manager's page shows it arrive, with the requester's current roles.
  const row = managerPage.getByTestId("request-row").first();
  await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
  expect(await row.innerText()).toContain("Mia Johansson asks for Export Contacts (CRM)");
  expect(await row.innerText()).toContain("Member");
  expect(await row.innerText()).toContain("Quarterly pipeline report for the board.");
  await screenshot(managerPage, "requests-02-triage-pending");

  await row.getByRole("button", { name: "Approve" }).click();
  await expect.poll(() => row.getAttribute("data-status")).toBe("approved");

  // The Member's page hears the decision without reloading.
  await expect.poll(() => memberPage.getByTestId("my-request").first().getAttribute("data-status"), { timeout: 10_000 }).toBe("approved");
  expect(await memberPage.getByTestId("my-request").first().innerText()).toContain("Approved by Sofia Marques");
  await screenshot(memberPage, "requests-03-member-approved");
  await memberPage.setViewportSize({ width: 390, height: 844 });
  await screenshot(memberPage, "requests-04-member-phone");

  expect(managerProblems).toEqual([]);
  expect(memberProblems).toEqual([]);
  await managerContext.close();
  await memberContext.close();
});

it("a page refused for lack of a permission offers to request it, with the form filled in", async () => {
  const owner = await createUser(server.deps, { name: "Olivia Owner" });
  const workspace = await createWorkspaceOwnedBy(server.deps, owner, "Refusals Ltd");
  const member = await createUser(server.deps, { name: "Tom Walsh" });
  await addMember(server.deps, workspace.id, member, ["member"]);
  const context = await signedIn(member);
  const { page, problems } = await openPage(context);

  await page.goto(`/w/${workspace.slug}/settings/requests`);
  await page.getByRole("heading", { name: "No access" }).waitFor();
  expect(await page.getByText("You don't have permission to do that (Approve permission requests).").count()).toBe(1);
  await screenshot(page, "requests-05-refused-page");
  await page.getByRole("link", { name: "Request access" }).click();
  await page.waitForURL(`**/w/${workspace.slug}/requests?permission=requests.approve`);
  expect(await page.getByLabel("Access you need").inputValue()).toBe("requests.approve");
  // A workspace permission has no scope to choose.
  expect(await page.getByLabel("Whose records").count()).toBe(0);
  await page.getByLabel("Why do you need it?").fill("Covering for my manager next week.");
  await page.getByText("7 days", { exact: true }).click();
  await page.getByRole("button", { name: "Send request" }).click();
  await page.getByText("Request sent").waitFor();
  await expect.poll(() => page.getByTestId("my-request").first().getAttribute("data-permission")).toBe("requests.approve");

  // Asking again for the same thing is refused, in words.
  await page.getByRole("button", { name: "Ask for something else" }).click();
  await page.getByLabel("Access you need").selectOption("requests.approve");
  await page.getByLabel("Why do you need it?").fill("Again.");
  await page.getByRole("button", { name: "Send request" }).click();
  await page.getByText("You have already asked for Approve permission requests. Your request is waiting for a decision.").waitFor();
  await screenshot(page, "requests-06-duplicate-refused");

  expect(problems).toEqual([]);
  await context.close();
});

it("when two approvers decide at once, the second is told clearly who decided first", async () => {
  const owner = await createUser(server.deps, { name: "Olivia Owner" });
  const workspace = await createWorkspaceOwnedBy(server.deps, owner, "Race Partners");
  const manager = await createUser(server.deps, { name: "Liam O'Connor" });
  const managerId = await addMember(server.deps, workspace.id, manager, ["manager"]);
  const member = await createUser(server.deps, { name: "Emma Rossi" });
  await addMember(server.deps, workspace.id, member, ["member"], { managerId });
  const memberCaller = await callerAs(server.deps, member);
  const { id } = await memberCaller.requests.create({
    workspaceSlug: workspace.slug,
    permission: "crm.contacts.delete",
    scope: "own",
    reason: "Duplicates",
    duration: "7d",
  });

  // The owner's page cannot hear live updates (its socket goes nowhere), so it still shows the request as pending…
  const context = await signedIn(owner);
  const { page, problems } = await openPage(context);
  await page.routeWebSocket(/socket\.io/, () => {});
  // A first visit reports the browser's zone, and the page loads its data once more after hydration
  // (app/lib/time.tsx): wait for that load, or on a busy machine it lands after the approval below and
  // the page is no longer stale.
  const settled = page.waitForResponse((response) => decodeURIComponent(response.url()).includes("_data=routes/w.$slug.settings.requests"));
  await page.goto(`/w/${workspace.slug}/settings/requests`);
  await settled;
  const row = page.getByTestId("request-row").first();
  await expect.poll(() => row.getAttribute("data-status")).toBe("pending");

  // …when the manager approves it first.
  await (await callerAs(server.deps, manager)).requests.approve({ workspaceSlug: workspace.slug, requestId: id });
  await row.getByRole("button", { name: "Deny…" }).click();
  await page.getByLabel("Note to Emma Rossi").fill("Not needed.");
  await page.getByRole("button", { name: "Deny request" }).click();
  await page.getByText("This request was already approved by Liam O'Connor.").waitFor();
  await expect.poll(() => row.getAttribute("data-status")).toBe("approved");
  await screenshot(page, "requests-07-second-decider");
  const stored = await server.deps.db.selectFrom("permission_requests").select("status").where("id", "=", id).executeTakeFirstOrThrow();
  expect(stored.status).toBe("approved");
  const before = await (await callerAs(server.deps, member)).workspaces.current({ workspaceSlug: workspace.slug });
  expect(before.access.permissions["crm.contacts.delete"]).toBe("own");
  // The owner ends the access early from the list of grants.
  const grant = page.getByTestId("grant-row").first();
  expect(await grant.innerText()).toContain("Emma Rossi · Delete Contacts (CRM)");
  await grant.getByRole("button", { name: "Revoke" }).click();
  await grant.getByRole("button", { name: "End access now" }).click();
  await expect.poll(() => page.getByTestId("grant-row").count()).toBe(0);
  const access = await (await callerAs(server.deps, member)).workspaces.current({ workspaceSlug: workspace.slug });
  expect(access.access.permissions["crm.contacts.delete"]).toBeUndefined();
  expect(problems.filter((p) => !/WebSocket|socket/i.test(p))).toEqual([]);
  await context.close();
});
