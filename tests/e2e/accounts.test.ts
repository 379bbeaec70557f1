/**
 * Accounts people can verify, recover and control (issue 11), in a real
 * browser: forgot password end to end, changing the password, an invitee
 * claiming an address someone else had signed up with, leaving a
 * workspace, and transferring ownership. Email is read through
 * tests/helpers/mailbox.ts.
 */
import type { Browser, Page } from "playwright-core";
import { expect, it } from "vitest";
import { addMember, callerAs, createUser, createWorkspaceOwnedBy, uniqueEmail } from "../helpers/fixtures";
import { roleIdsByKey } from "../helpers/invitations";
import { awaitMail, linkIn, newestMail } from "../helpers/mailbox";
import type { TestServer } from "../helpers/server";
import { screenshot, contextSignedInAs, liveConnected, serverAndBrowserForFile, openPage } from "./browser";

let server: TestServer;
let browser: Browser;
serverAndBrowserForFile((started) => ({ server, browser } = started));

const signedInContext = (user: { id: string }) => contextSignedInAs(browser, server, user);

const connected = liveConnected;
const pathOf = (page: Page) => new URL(page.url()).pathname;

it("forgot password: the emailed link sets a new password, and a session open elsewhere is signed out by itself", async () => {
  const person = await createUser(server.deps, { name: "Frida Forgetful" });
  const ws = await createWorkspaceOwnedBy(server.deps, person, "Memory Lane");

  // Signed in on another computer, with the members page open.
  const elsewhere = await openPage(await signedInContext(person));
  await elsewhere.page.goto(`/w/${ws.slug}/members`);
  await connected(elsewhere.page);

  const here = await openPage(await browser.newContext({ baseURL: server.origin }));
  const page = here.page;
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await page.waitForURL("**/forgot-password");
  await page.getByLabel("Email").fill(person.email);
  await screenshot(page, "accounts-01-forgot-password");
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect.poll(() => page.getByTestId("reset-requested").count()).toBe(1);
  expect(await page.getByTestId("reset-requested").innerText()).toContain(`If an account uses ${person.email}`);
  await screenshot(page, "accounts-02-check-your-email");

  const mail = await awaitMail(server, person.email, "Reset your Team Access password");
  expect(mail.text).toContain("you can safely ignore this email");
  const link = linkIn(mail, "/reset-password/");
  await page.goto(link);
  await expect.poll(() => page.getByRole("heading", { name: "Choose a new password" }).count()).toBe(1);
  await page.getByLabel("New password", { exact: true }).fill("remembered at last");
  await page.getByLabel("New password again").fill("remembered at last");
  await screenshot(page, "accounts-03-choose-new-password");
  await page.getByRole("button", { name: "Set new password" }).click();
  await page.waitForURL("**/sign-in?**");
  await expect.poll(() => page.getByText("Your password was changed and you were signed out everywhere.").count()).toBe(1);
  expect(await page.getByLabel("Email").inputValue()).toBe(person.email);
  await page.getByLabel("Password").fill("remembered at last");
  await screenshot(page, "accounts-04-sign-in-after-reset");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`**/w/${ws.slug}**`);

  // The other computer's page finds itself signed out, without anyone touching it.
  await expect.poll(() => pathOf(elsewhere.page), { timeout: 15_000 }).toBe("/sign-in");
  await screenshot(elsewhere.page, "accounts-05-signed-out-elsewhere");

  // The link worked once.
  await page.goto(link);
  await expect.poll(() => page.getByRole("heading", { name: "This link has already been used" }).count()).toBe(1);
  await screenshot(page, "accounts-06-link-used");
  // A tampered one says it isn't valid.
  await page.goto(`${link.slice(0, -2)}xx`);
  await expect.poll(() => page.getByRole("heading", { name: "This link isn't valid" }).count()).toBe(1);

  expect(here.problems).toEqual([]);
  expect(elsewhere.problems).toEqual([]);
  await here.page.context().close();
  await elsewhere.page.context().close();
});

it("changing the password from Your settings: the current one first, then other sessions end", async () => {
  const person = await createUser(server.deps, { name: "Chris Changer" });
  const ws = await createWorkspaceOwnedBy(server.deps, person, "Change Co");
  const other = await openPage(await signedInContext(person));
  await other.page.goto(`/w/${ws.slug}/members`);
  await connected(other.page);

  const { page, problems } = await openPage(await signedInContext(person));
  await page.goto(`/w/${ws.slug}/account`);
  await page.getByTestId("account-links").getByRole("link", { name: "Change password" }).click();
  await page.waitForURL("**/account/password");
  await page.getByLabel("Current password").fill("this is not it");
  await page.getByLabel("New password", { exact: true }).fill("a fresh passphrase");
  await page.getByLabel("New password again").fill("a fresh passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect.poll(() => page.getByText("That isn't your current password. Please try again.").count()).toBe(1);
  await screenshot(page, "accounts-07-wrong-current-password");

  await page.getByLabel("Current password").fill(person.password);
  await page.getByLabel("New password", { exact: true }).fill("a fresh passphrase");
  await page.getByLabel("New password again").fill("a fresh passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect.poll(() => page.getByText("Your password was changed.").count()).toBe(1);
  expect(await page.getByText("1 other session was signed out.").count()).toBe(1);
  await screenshot(page, "accounts-08-password-changed");

  // This browser stays signed in; the other one is sent to sign in.
  await page.goto(`/w/${ws.slug}/members`);
  await expect.poll(() => page.getByTestId("member-row").count()).toBe(1);
  await expect.poll(() => pathOf(other.page), { timeout: 15_000 }).toBe("/sign-in");
  expect(problems).toEqual([]);
  expect(other.problems).toEqual([]);
  await page.context().close();
  await other.page.context().close();
});

it("an invitee claims an address someone else signed up with but never confirmed; the squatter is signed out", async () => {
  const address = uniqueEmail("rightful");
  // The squatter signs up first with the invitee's address, and stays on the page.
  const squatter = await openPage(await browser.newContext({ baseURL: server.origin }));
  await squatter.page.goto("/sign-up");
  await squatter.page.getByLabel("Full name").fill("Sam Squatter");
  await squatter.page.getByLabel("Work email").fill(address);
  await squatter.page.getByLabel("Password").fill("i got here first");
  await squatter.page.getByRole("button", { name: "Create account" }).click();
  await squatter.page.waitForURL("**/workspaces/new");
  await expect.poll(() => squatter.page.getByTestId("confirm-email-notice").count()).toBe(1);
  // Its live connection is up (this page shows no indicator: ask the server).
  const sam = await server.deps.db.selectFrom("users").select("id").where("email", "=", address).executeTakeFirstOrThrow();
  await expect.poll(async () => (await server.io.in(`user:${sam.id}`).fetchSockets()).length, { timeout: 10_000 }).toBe(1);

  const owner = await createUser(server.deps, { name: "Olga Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Rightful Ltd");
  const roles = await roleIdsByKey(server.deps, ws.id);
  await (await callerAs(server.deps, owner)).invitations.invite({ workspaceSlug: ws.slug, emails: [address], roleIds: [roles.member ?? ""], primaryRoleId: roles.member ?? "" });

  const invitee = await openPage(await browser.newContext({ baseURL: server.origin }));
  const page = invitee.page;
  await page.goto(linkIn(await newestMail(server, address, "You've been invited to Rightful Ltd"), "/invite/"));
  const claim = page.getByTestId("claim-address");
  await expect.poll(() => claim.count()).toBe(1);
  expect(await claim.innerText()).toContain("Someone already started an account with this address");
  expect(await page.getByTestId("claim-consequences").innerText()).toContain("nothing from it is carried over to your account");
  expect(await page.getByText("Email already in use").count()).toBe(0);
  await screenshot(page, "accounts-09-claim-address");
  await page.getByLabel("Full name").fill("Rita Rightful");
  await page.getByLabel("Password").fill("my own password");
  await page.getByRole("button", { name: "Replace it with my account and join" }).click();
  await page.waitForURL(`**/w/${ws.slug}/members`);
  await expect.poll(() => page.getByText("Rita Rightful").first().count()).toBe(1);
  // Told in the bell too.
  await expect.poll(() => page.getByTestId("notification-bell").first().getAttribute("data-unread")).toBe("1");
  await screenshot(page, "accounts-10-claimed-and-joined");

  // The squatter's open page finds itself signed out, and their password no longer works.
  await expect.poll(() => pathOf(squatter.page), { timeout: 15_000 }).toBe("/sign-in");
  await squatter.page.getByLabel("Email").fill(address);
  await squatter.page.getByLabel("Password").fill("i got here first");
  await squatter.page.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => squatter.page.getByText("That email and password don't match. Please try again.").count()).toBe(1);
  await screenshot(squatter.page, "accounts-11-squatter-signed-out");

  expect(invitee.problems).toEqual([]);
  expect(squatter.problems).toEqual([]);
  await page.context().close();
  await squatter.page.context().close();
});

it("a member leaves a workspace from Your settings; the only Owner is told to transfer ownership first", async () => {
  const owner = await createUser(server.deps, { name: "Olivia Only" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Leaving Co");
  const member = await createUser(server.deps, { name: "Liam Leaver" });
  await addMember(server.deps, ws.id, member, ["member"]);

  const ownerTab = await openPage(await signedInContext(owner));
  await ownerTab.page.goto(`/w/${ws.slug}/account`);
  await expect.poll(() => ownerTab.page.getByText("You're the only Owner").count()).toBe(1);
  expect(await ownerTab.page.getByRole("button", { name: "Leave workspace" }).isDisabled()).toBe(true);
  await screenshot(ownerTab.page, "accounts-12-only-owner-cant-leave");
  await ownerTab.page.goto(`/w/${ws.slug}/members`);
  const leaverRow = ownerTab.page.locator(`[data-testid="member-row"][data-email="${member.email}"]`);
  await expect.poll(() => leaverRow.count()).toBe(1);
  await connected(ownerTab.page);

  const { page, problems } = await openPage(await signedInContext(member));
  await page.goto(`/w/${ws.slug}/account`);
  await page.getByRole("button", { name: "Leave workspace" }).click();
  await expect.poll(() => page.getByTestId("confirm-dialog").isVisible()).toBe(true);
  await screenshot(page, "accounts-13-leave-confirm");
  await page.getByRole("button", { name: "Leave Leaving Co" }).click();
  await page.waitForURL("**/?left=left");
  await expect.poll(() => page.getByText("You left the workspace.").count()).toBe(1);
  await screenshot(page, "accounts-14-left");
  // The owner's list drops them live.
  await expect.poll(() => leaverRow.count(), { timeout: 10_000 }).toBe(0);
  expect(problems).toEqual([]);
  expect(ownerTab.problems).toEqual([]);
  await page.context().close();
  await ownerTab.page.context().close();
});

it("an Owner transfers ownership and becomes an Admin; the new Owner's navigation changes live", async () => {
  const owner = await createUser(server.deps, { name: "Theo Transfer" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Handover Ltd");
  const heir = await createUser(server.deps, { name: "Hana Heir" });
  await addMember(server.deps, ws.id, heir, ["manager"]);

  const heirTab = await openPage(await signedInContext(heir));
  await heirTab.page.goto(`/w/${ws.slug}/members`);
  await connected(heirTab.page);
  const heirNav = () => heirTab.page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link").allInnerTexts();
  expect(await heirNav()).not.toContain("Billing");

  const { page, problems } = await openPage(await signedInContext(owner));
  await page.goto(`/w/${ws.slug}/account`);
  await page.getByLabel("New Owner").selectOption({ label: `Hana Heir (${heir.email}) · Manager` });
  await page.getByLabel("become an Admin").check();
  await screenshot(page, "accounts-15-transfer-ownership");
  await page.getByRole("button", { name: "Make Hana Heir an Owner" }).click();
  // No longer an Owner: the transfer section is gone (the news stays), and leaving is allowed now.
  await expect.poll(() => page.getByRole("heading", { name: "Transfer ownership" }).count()).toBe(0);
  expect(await page.getByText("Ownership transferred. You are now an Admin.").count()).toBe(1);
  expect(await page.getByRole("button", { name: "Leave workspace" }).isDisabled()).toBe(false);
  await screenshot(page, "accounts-16-transferred");

  await expect.poll(async () => (await heirNav()).map((t) => t.trim()), { timeout: 10_000 }).toContain("Billing");
  await screenshot(heirTab.page, "accounts-17-new-owner-navigation");
  expect(problems).toEqual([]);
  expect(heirTab.problems).toEqual([]);
  await page.context().close();
  await heirTab.page.context().close();
});
