/**
 * The README's quick start in a real browser, as `npm start` runs it now:
 * production mode (Secure cookies) on plain http://localhost, no Postmark.
 * Browsers accept Secure cookies from localhost, so signing up, inviting and
 * accepting work unchanged; the link that confirms the new account's address
 * and the invitation are read in the development mailbox at its secret
 * address, and the inviter is told email is not being sent.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { mailboxPath } from "../helpers/mailbox";
import type { TestServer } from "../helpers/server";
import { inviteThroughDialog } from "./inviteDialog";
import { screenshot, startServerAndBrowser, stopServerAndBrowser, liveConnected, openPage } from "./browser";

let server: TestServer;
let browser: Browser;
let origin: string;
beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser({ env: { NODE_ENV: "production" } }));
  origin = `http://localhost:${server.port}`;
});
afterAll(() => stopServerAndBrowser(server, browser));

it("on http://localhost in production: sign up, confirm the address and read the invitation in the keyed mailbox, accept it", async () => {
  const owner = await browser.newContext({ baseURL: origin });
  const { page, problems } = await openPage(owner);

  await page.goto("/sign-up");
  await page.getByLabel("Full name").fill("Grace Hopper");
  await page.getByLabel("Work email").fill("grace@cobol.example");
  await page.getByLabel("Password").fill("first compiler 1952");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("**/workspaces/new");
  // The session cookie is Secure, and the browser kept it over plain http on localhost.
  const cookies = await owner.cookies();
  expect(cookies.find((c) => c.name === "ta_session")).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax" });

  // The address is confirmed first, with the link kept in the mailbox at the address the server printed.
  await expect.poll(() => page.getByTestId("confirm-email-notice").count()).toBe(1);
  await page.goto(mailboxPath(server, "grace@cobol.example"));
  const confirmation = page.getByTestId("mail").filter({ hasText: "Confirm your email address" });
  await confirmation.locator("summary").click();
  const confirmLink = /Confirm email address: (\S+)/.exec(await confirmation.getByTestId("mail-text").innerText())?.[1];
  expect(confirmLink).toBeTruthy();
  await page.goto(new URL(confirmLink ?? "").pathname);
  await expect.poll(() => page.getByRole("heading", { name: "Your email address is confirmed" }).count()).toBe(1);
  await page.getByRole("link", { name: "Create a workspace" }).click();
  await page.waitForURL("**/workspaces/new");

  await page.getByLabel("Workspace name").fill("Cobol Works");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL("**/w/cobol-works/members");
  await expect.poll(() => page.getByTestId("email-not-delivered").count()).toBe(1);
  await liveConnected(page);

  expect(await inviteThroughDialog(page, [{ email: "new.colleague@cobol.example" }])).toEqual(["Invited Successfully"]);
  const pending = page.locator('[data-testid="invitation-row"][data-email="new.colleague@cobol.example"]');
  await expect.poll(() => pending.getAttribute("data-delivery"), { timeout: 10_000 }).toBe("sent");
  expect(await pending.innerText()).toContain("In local mailbox");
  await screenshot(page, "quick-start-01-invited-email-not-sent");

  // A stranger finds no mailbox; the operator opens it at the printed address.
  const invitee = await browser.newContext({ baseURL: origin });
  const { page: inbox, problems: inviteeProblems } = await openPage(invitee);
  const bare = await inbox.goto("/dev/mailbox");
  expect(bare?.status()).toBe(404);
  await inbox.goto(mailboxPath(server, "new.colleague@cobol.example"));
  const mail = inbox.getByTestId("mail").filter({ hasText: "You've been invited to Cobol Works" });
  await mail.locator("summary").click();
  const link = /Accept Invitation: (\S+)/.exec(await mail.getByTestId("mail-text").innerText())?.[1];
  expect(link).toBeTruthy();
  await screenshot(inbox, "quick-start-02-mailbox");

  await inbox.goto(new URL(link ?? "").pathname);
  await inbox.getByLabel("Full name").fill("Nils Newcomer");
  await inbox.getByLabel("Password").fill("glad to be here");
  await inbox.getByRole("button", { name: "Create account and join" }).click();
  await inbox.waitForURL("**/w/cobol-works/members");
  await expect.poll(() => inbox.getByText("Cobol Works").first().count()).toBe(1);
  // A member who can't invite is not shown the email notice.
  expect(await inbox.getByTestId("email-not-delivered").count()).toBe(0);
  await screenshot(inbox, "quick-start-03-joined");

  expect(problems).toEqual([]);
  expect(inviteeProblems).toEqual([]);
  await owner.close();
  await invitee.close();
});
