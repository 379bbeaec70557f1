/**
 * Live updates in a real browser: the Members page changes while it is
 * open, catches up after a lost connection, and sends a person whose
 * session expired to the sign-in page.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { AppDeps } from "../../server/deps";
import { sessionCookieName } from "../../server/auth/lucia";
import { inTransaction, nowIso } from "../../server/services/transaction";
import { createUser, createWorkspaceOwnedBy, sessionCookie, type TestUser } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/server";
import { launchBrowser, screenshot, watchForErrors } from "./browser";

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ pages: true, env: { REALTIME_SESSION_CHECK_MS: 200 } }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedInContext(user: TestUser): Promise<{ context: BrowserContext; sessionId: string }> {
  const cookie = await sessionCookie(server.deps, user);
  const sessionId = cookie.slice(sessionCookieName.length + 1);
  const context = await browser.newContext({ baseURL: server.origin });
  await context.addCookies([{ name: sessionCookieName, value: sessionId, url: server.origin }]);
  return { context, sessionId };
}

/** Someone joins the workspace (the committed change); `announce` = whether the change emits its event. */
async function someoneJoins(deps: AppDeps, workspaceId: string, name: string, announce: boolean): Promise<void> {
  const person = await createUser(deps, { name });
  await inTransaction(deps, async (tx) => {
    const membership = await tx.db.insertInto("memberships").values({ workspace_id: workspaceId, user_id: person.id }).returning("id").executeTakeFirstOrThrow();
    const role = await tx.db.selectFrom("roles").select("id").where("workspace_id", "=", workspaceId).where("builtin_key", "=", "member").executeTakeFirstOrThrow();
    await tx.db.insertInto("membership_roles").values({ workspace_id: workspaceId, membership_id: membership.id, role_id: role.id, is_primary: true }).execute();
    if (announce) {
      tx.emit(
        { kind: "workspace", workspaceId, permission: "members.view" },
        { type: "member.changed", change: "joined", workspaceId, membershipId: membership.id, at: nowIso() },
      );
    }
  });
}

function connection(page: Page) {
  return page.locator("[data-connection]:visible").first().getAttribute("data-connection");
}

it("an admin's Members page shows a new member as they join, catches up after a lost connection, and ends with the session", async () => {
  const owner = await createUser(server.deps, { name: "Olive Owner" });
  const workspace = await createWorkspaceOwnedBy(server.deps, owner, "Live Members");
  const { context, sessionId } = await signedInContext(owner);
  const page = await context.newPage();
  const problems = watchForErrors(page);

  await page.goto(`/w/${workspace.slug}/members`);
  await expect.poll(() => connection(page), { timeout: 10_000 }).toBe("connected");
  await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
  const rows = page.getByTestId("member-row");
  expect(await rows.count()).toBe(1);

  // Someone joins: the row appears without a reload.
  await someoneJoins(server.deps, workspace.id, "Nina Newcomer", true);
  await expect.poll(() => rows.count()).toBe(2);
  await expect.poll(() => page.getByText("Nina Newcomer").count()).toBe(1);
  await screenshot(page, "realtime-01-member-joined");

  // The connection drops; a change happens meanwhile and its event is lost. On reconnect the page refetches.
  server.io.disconnectSockets();
  await someoneJoins(server.deps, workspace.id, "Quinn Quietly", false);
  await expect.poll(() => page.getByText("Quinn Quietly").count(), { timeout: 10_000 }).toBe(1);
  await expect.poll(() => connection(page), { timeout: 10_000 }).toBe("connected");
  expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);

  // The session expires while the page is open: the socket closes and the page goes to sign-in.
  await server.deps.db.updateTable("sessions").set({ expires_at: new Date(Date.now() - 1_000) }).where("id", "=", sessionId).execute();
  await page.waitForURL("**/sign-in?redirectTo=*", { timeout: 15_000 });
  await screenshot(page, "realtime-02-session-expired");

  expect(problems).toEqual([]);
  await context.close();
});
