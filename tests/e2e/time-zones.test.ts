/**
 * Times right for each person: one journey (sign in, Members, invitations,
 * requests, audit log) by an admin in Los Angeles reading German, and by one
 * in Kolkata reading Indian English. The server renders with their zone and
 * locale, the browser agrees (no hydration error, no console error), and
 * the audit log's days are theirs. Also: the very first visit, and a person
 * whose zone changed since the last one, end with the right text, and
 * nothing typed on a first visit is lost to a reload.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { formatDate, type TimeHints, zoneLabel } from "#shared/time/format";
import { addMember, callerAs, createUser, createWorkspaceOwnedBy, sessionCookie, type TestUser } from "../helpers/fixtures";
import type { TestServer } from "../helpers/server";
import { screenshot, serverAndBrowserForFile, openPage } from "./browser";
import { inviteThroughDialog } from "./inviteDialog";

let server: TestServer;
let browser: Browser;
serverAndBrowserForFile((started) => ({ server, browser } = started));

// Fixed moments whose local day differs from their UTC day in both zones.
const joinedAt = new Date("2026-03-08T09:30:00Z");
const askedAt = new Date("2026-11-02T23:30:00Z"); // Kolkata: 3 Nov 05:00; Los Angeles: 2 Nov 15:30
const probeTimes = [new Date("2026-11-02T23:30:00Z"), new Date("2026-11-03T03:00:00Z")]; // LA: both on 2 Nov; Kolkata: both on 3 Nov; UTC: one each

async function world(name: string) {
  const owner = await createUser(server.deps, { name: "Olivia Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, name);
  const admin = await createUser(server.deps, { name: "Adam Admin" });
  const adminMembership = await addMember(server.deps, ws.id, admin, ["admin"]);
  const member = await createUser(server.deps, { name: "Mia Member" });
  const memberMembership = await addMember(server.deps, ws.id, member, ["member"], { managerId: adminMembership });
  await server.deps.db.updateTable("memberships").set({ joined_at: joinedAt }).where("id", "=", memberMembership).execute();
  const { id: requestId } = await (
    await callerAs(server.deps, member)
  ).requests.create({
    workspaceSlug: ws.slug,
    permission: "crm.contacts.export",
    scope: "own",
    reason: "Quarterly list",
    duration: "7d",
  });
  await server.deps.db.updateTable("permission_requests").set({ created_at: askedAt }).where("id", "=", requestId).execute();
  for (const [i, at] of probeTimes.entries()) {
    await server.deps.db
      .insertInto("audit_events")
      .values({ workspace_id: ws.id, actor_user_id: admin.id, action: "settings.changed", target_type: "workspace", target_label: `Zone probe ${i + 1}`, created_at: at })
      .execute();
  }
  return { ws, admin, member };
}

function contextIn(hints: TimeHints, options: { storageState?: Awaited<ReturnType<BrowserContext["storageState"]>> } = {}) {
  return browser.newContext({
    baseURL: server.origin,
    timezoneId: hints.timeZone,
    locale: hints.locale,
    viewport: { width: 1600, height: 1000 },
    storageState: options.storageState,
  });
}

/** The page's words once it has settled (the first visit reloads once to tell the server the zone). */
async function settled(page: Page, heading: string): Promise<void> {
  await page.getByRole("heading", { name: heading, exact: true }).first().waitFor();
  await page.waitForLoadState("load");
}

const journeys: Array<{ hints: TimeHints; auditDay: string }> = [
  { hints: { timeZone: "America/Los_Angeles", locale: "de-DE" }, auditDay: "2026-11-02" },
  { hints: { timeZone: "Asia/Kolkata", locale: "en-IN" }, auditDay: "2026-11-03" },
];

describe.each(journeys)("an admin in $hints.timeZone reading $hints.locale", ({ hints, auditDay }) => {
  it("signs in and goes through Members, invitations, requests and the audit log, every time in their zone", async () => {
    const { ws, admin, member } = await world(`Zones ${hints.timeZone}`);
    const tag = hints.timeZone.replace(/\W/g, "-").toLowerCase();
    const context = await contextIn(hints);
    const { page, problems } = await openPage(context);

    // Sign in (the first visit: the page tells the server the zone without reloading, so typing right away is safe).
    await page.goto("/sign-in");
    await settled(page, "Sign in to your workspace");
    expect((await context.cookies()).find((c) => c.name === "ta_tz")?.value).toBeTruthy();
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/w/**");

    // Members: the joined date in their calendar.
    await page.goto(`/w/${ws.slug}/members`);
    await settled(page, "Members");
    const memberRow = page.locator(`[data-testid="member-row"][data-email="${member.email}"]`);
    await expect.poll(() => memberRow.innerText()).toContain(formatDate(joinedAt, hints, "date"));

    // Invitations: the expiry of a new invitation, in their zone and words.
    const invitee = `zone.${tag}@example.com`;
    await inviteThroughDialog(page, [{ email: invitee }]);
    const invitationRow = page.locator(`[data-testid="invitation-row"][data-email="${invitee}"]`);
    await expect.poll(() => invitationRow.count()).toBe(1);
    const pending = await (await callerAs(server.deps, admin)).invitations.list({ workspaceSlug: ws.slug });
    const expiresAt = pending.find((i) => i.email === invitee)?.expiresAt;
    expect(expiresAt).toBeTruthy();
    await expect.poll(() => invitationRow.innerText()).toContain(formatDate(expiresAt!, hints, "dayTime"));
    await screenshot(page, `zones-${tag}-01-members`);

    // Requests: when the member asked.
    await page.goto(`/w/${ws.slug}/settings/requests`);
    await settled(page, "Permission requests");
    const request = page.getByTestId("request-row").first();
    await expect.poll(() => request.innerText()).toContain(formatDate(askedAt, hints, "dayTime"));
    await screenshot(page, `zones-${tag}-02-requests`);

    // Audit log: says which zone, rows in it, and the date filter means their days.
    await page.goto(`/w/${ws.slug}/settings/audit`);
    await settled(page, "Audit Log");
    expect(await page.getByTestId("audit-zone").innerText()).toBe(`(${zoneLabel(hints.timeZone)})`);
    const probe = page.getByTestId("audit-row").filter({ hasText: "Zone probe 1" });
    expect(await probe.innerText()).toContain(formatDate(probeTimes[0]!, hints, "dateTimeSecondsZone"));
    await page.getByLabel("Target").fill("Zone probe");
    await page.getByLabel("From", { exact: true }).fill(auditDay);
    await page.getByLabel("To", { exact: true }).fill(auditDay);
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/from=/);
    await expect.poll(() => page.getByTestId("audit-row").count()).toBe(2);
    await screenshot(page, `zones-${tag}-03-audit`);

    // The same question in UTC days finds one of the two: the filter is not UTC's.
    const inUtc = await (await callerAs(server.deps, admin)).auditLog.list({ workspaceSlug: ws.slug, filters: { target: "Zone probe", from: auditDay, to: auditDay } });
    expect(inUtc.total).toBe(1);

    expect(problems).toEqual([]);
    await context.close();
  });
});

async function signedInContext(user: TestUser, hints: TimeHints) {
  const context = await contextIn(hints);
  const [name, value] = (await sessionCookie(server.deps, user)).split("=") as [string, string];
  await context.addCookies([{ name, value, url: server.origin }]);
  return context;
}

it("the first visit straight to a page (a link from an email) ends with the person's times, without a hydration error", async () => {
  const hints: TimeHints = { timeZone: "Asia/Kolkata", locale: "en-IN" };
  const { ws, admin } = await world("First visit");
  const context = await signedInContext(admin, hints);
  const { page, problems } = await openPage(context);
  const documents: string[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "document") documents.push(response.url());
  });
  // The page reloads its data once the browser has reported its zone (after hydration, which takes
  // longer than a poll's second on a busy machine): wait for that request itself, then read the page.
  const reloaded = page.waitForResponse((response) => decodeURIComponent(response.url()).includes("_data=routes/w.$slug.settings.audit"));
  await page.goto(`/w/${ws.slug}/settings/audit`);
  await reloaded;
  await expect.poll(() => page.getByTestId("audit-zone").innerText()).toBe("(Asia/Kolkata)");
  await page.waitForLoadState("load");
  const probe = page.getByTestId("audit-row").filter({ hasText: "Zone probe 1" });
  expect(await probe.innerText()).toContain(formatDate(probeTimes[0]!, hints, "dateTimeSecondsZone"));
  // One document, rendered in UTC (the server could not know yet); then the page reloaded its data with the zone the browser reported.
  expect(documents).toHaveLength(1);
  expect(problems).toEqual([]);
  await context.close();
});

it("a person whose time zone changed since their last visit sees the new zone, without a hydration error", async () => {
  const before: TimeHints = { timeZone: "America/Los_Angeles", locale: "de-DE" };
  const after: TimeHints = { timeZone: "Asia/Kolkata", locale: "en-IN" };
  const { ws, admin } = await world("Travels");
  const first = await signedInContext(admin, before);
  const page = await first.newPage();
  await page.goto(`/w/${ws.slug}/settings/audit`);
  await expect.poll(() => page.getByTestId("audit-zone").innerText()).toBe("(America/Los Angeles)");
  const state = await first.storageState();
  await first.close();

  // Same browser profile (cookies say Los Angeles), now in Kolkata.
  const second = await contextIn(after, { storageState: state });
  const { page: travelled, problems } = await openPage(second);
  await travelled.goto(`/w/${ws.slug}/settings/audit`);
  await expect.poll(() => travelled.getByTestId("audit-zone").innerText()).toBe("(Asia/Kolkata)");
  await travelled.waitForLoadState("load");
  const probe = travelled.getByTestId("audit-row").filter({ hasText: "Zone probe 1" });
  expect(await probe.innerText()).toContain(formatDate(probeTimes[0]!, after, "dateTimeSecondsZone"));
  await screenshot(travelled, "zones-after-travel");
  expect(problems).toEqual([]);
  await second.close();
});
