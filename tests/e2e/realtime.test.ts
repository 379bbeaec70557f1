/**
 * Live updates in a real browser: an admin's Members page changes while it
 * is open (an invitation accepted elsewhere turns from Pending to Active),
 * catches up after a lost connection, and sends a person whose session
 * expired to the sign-in page. No reloads.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect, it } from "vitest";
import { addMember, callerAs, createUser, createWorkspaceOwnedBy, sessionCookie, sessionIdOfCookie, type TestUser } from "../helpers/fixtures";
import { roleIdsByKey, tokenFromMailbox } from "../helpers/invitations";
import type { TestServer } from "../helpers/server";
import { screenshot, serverAndBrowserForFile, openPage, joinByInvitation } from "./browser";

let server: TestServer;
let browser: Browser;
serverAndBrowserForFile((started) => ({ server, browser } = started), { env: { REALTIME_SESSION_CHECK_MS: 200 } });

async function signedInContext(user: TestUser): Promise<{ context: BrowserContext; sessionId: string }> {
  const cookie = await sessionCookie(server.deps, user);
  const sessionId = sessionIdOfCookie(cookie);
  const context = await browser.newContext({ baseURL: server.origin });
  await context.addCookies([{ name: server.deps.auth.sessionCookieName, value: cookie.slice(cookie.indexOf("=") + 1), url: server.origin }]);
  return { context, sessionId };
}

function connection(page: Page) {
  return page.locator("[data-connection]:visible").first().getAttribute("data-connection");
}

/** Marks the page; if it ever reloads, the mark is gone. */
async function markPage(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  return () => page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);
}

it("an admin's Members page shows an invitation turn from Pending to Active when it is accepted in another browser", async () => {
  const owner = await createUser(server.deps, { name: "Olivia Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Live Invitations");
  const admin = await createUser(server.deps, { name: "Adam Admin" });
  await addMember(server.deps, ws.id, admin, ["admin"]);
  const roles = await roleIdsByKey(server.deps, ws.id);
  const invitee = "grace.live@example.com";
  await (await callerAs(server.deps, admin)).invitations.invite({ workspaceSlug: ws.slug, emails: [invitee], roleIds: [roles.member!], primaryRoleId: roles.member! });
  const token = await tokenFromMailbox(server, invitee);

  const { context: adminContext } = await signedInContext(admin);
  const { page: adminPage, problems: adminProblems } = await openPage(adminContext);
  await adminPage.goto(`/w/${ws.slug}/members`);
  await expect.poll(() => connection(adminPage), { timeout: 10_000 }).toBe("connected");
  const pendingRow = adminPage.locator(`[data-testid="invitation-row"][data-email="${invitee}"]`);
  const memberRow = adminPage.locator(`[data-testid="member-row"][data-email="${invitee}"]`);
  await expect.poll(() => pendingRow.getAttribute("data-state")).toBe("pending");
  expect(await memberRow.count()).toBe(0);
  const stillSamePage = await markPage(adminPage);
  await screenshot(adminPage, "realtime-01-pending");

  // In another browser, the invitee opens the link and joins.
  const inviteeContext = await browser.newContext({ baseURL: server.origin });
  const { page: inviteePage, problems: inviteeProblems } = await openPage(inviteeContext);
  await joinByInvitation(inviteePage, token, { name: "Grace Live", password: "accepted while you watch" });
  await inviteePage.waitForURL(`**/w/${ws.slug}/**`);

  // The admin's page turns the invitation into an Active member, without a reload:
  // gone from Pending Invitations, listed among the members (the list shows Active members).
  await expect.poll(() => memberRow.count(), { timeout: 10_000 }).toBe(1);
  expect(await adminPage.getByLabel("Status").inputValue()).toBe("active");
  expect(await memberRow.innerText()).toContain("Grace Live");
  expect(await memberRow.innerText()).toContain("Member");
  await expect.poll(() => pendingRow.count()).toBe(0);
  expect(await stillSamePage()).toBe(true);
  await screenshot(adminPage, "realtime-02-active");

  expect(adminProblems).toEqual([]);
  expect(inviteeProblems).toEqual([]);
  await adminContext.close();
  await inviteeContext.close();
});

it("a page that lost its connection catches up on reconnect, and goes to sign-in when its session expires", async () => {
  const owner = await createUser(server.deps, { name: "Olive Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Live Members");
  const { context, sessionId } = await signedInContext(owner);
  const { page, problems } = await openPage(context);
  await page.goto(`/w/${ws.slug}/members`);
  await expect.poll(() => connection(page), { timeout: 10_000 }).toBe("connected");
  const stillSamePage = await markPage(page);

  // The connection drops, and a change happens meanwhile whose event nobody hears (added straight to the database).
  server.io.disconnectSockets();
  const quiet = await createUser(server.deps, { name: "Quinn Quietly" });
  await addMember(server.deps, ws.id, quiet, ["member"]);
  // On reconnect the page refetches and shows it.
  await expect.poll(() => page.locator(`[data-testid="member-row"][data-email="${quiet.email}"]`).count(), { timeout: 10_000 }).toBe(1);
  await expect.poll(() => connection(page), { timeout: 10_000 }).toBe("connected");
  expect(await stillSamePage()).toBe(true);

  // The session expires while the page is open: the socket closes and the page goes to sign-in.
  await server.deps.db
    .updateTable("sessions")
    .set({ expires_at: new Date(Date.now() - 1_000) })
    .where("id", "=", sessionId)
    .execute();
  await page.waitForURL("**/sign-in?redirectTo=*", { timeout: 15_000 });
  await screenshot(page, "realtime-03-session-expired");

  expect(problems).toEqual([]);
  await context.close();
});
