/**
 * Joining without a personal invitation (issue 13), in the browser:
 * - an Admin makes invite links; a new person signs up through one, confirms
 *   their address and joins; another asks through a link that requires
 *   approval, the Admin sees it arrive and approves it live, and the waiting
 *   page turns into "You're in"; then the link is turned off and refused;
 * - an Owner verifies a domain through the development mailbox; a new
 *   sign-up at that domain joins in one click (automatic); after switching
 *   it to "request", another asks to join and an Admin approves live.
 */
import type { Browser, Page } from "playwright-core";
import { expect, it } from "vitest";
import { addMember, createUser, createWorkspaceOwnedBy } from "../helpers/fixtures";
import { linkIn, newestMail } from "../helpers/mailbox";
import type { TestServer } from "../helpers/server";
import { hydrated, screenshot, contextSignedInAs, liveConnected, serverAndBrowserForFile, openPage } from "./browser";

let server: TestServer;
let browser: Browser;
serverAndBrowserForFile((started) => ({ server, browser } = started));

const signedIn = (user: { id: string }) => contextSignedInAs(browser, server, user, { viewport: { width: 1280, height: 900 } });

const connected = liveConnected;

/** Signs up on the page it is sent to (the form keeps where to come back to), then opens the emailed confirmation link. */
async function signUpAndConfirm(page: Page, person: { name: string; email: string }): Promise<void> {
  await page.getByLabel("Full name", { exact: true }).fill(person.name);
  await page.getByLabel("Work email", { exact: true }).fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-up"));
  const link = linkIn(await newestMail(server, person.email, "Confirm your email address"), "/verify-email/");
  await page.goto(link);
  await page.getByRole("heading", { name: "Your email address is confirmed" }).waitFor();
}

it("an invite link used by two new people, one after the Admin approves live; then turned off and refused", async () => {
  const owner = await createUser(server.deps, { name: "Olivia Owner" });
  const workspace = await createWorkspaceOwnedBy(server.deps, owner, "Link Story");
  const admin = await createUser(server.deps, { name: "Ada Admin" });
  await addMember(server.deps, workspace.id, admin, ["admin"]);

  const adminContext = await signedIn(admin);
  const { page: adminPage, problems: adminProblems } = await openPage(adminContext);
  await adminPage.goto(`/w/${workspace.slug}/members`);
  await adminPage.getByRole("link", { name: "Invite links" }).click();
  await adminPage.getByRole("heading", { name: "Invite links" }).waitFor();
  await hydrated(adminPage);
  await connected(adminPage);
  // An Admin is offered Member and Viewer only.
  expect(await adminPage.getByLabel("Role", { exact: true }).locator("option").allInnerTexts()).toEqual(["Member", "Viewer"]);
  await adminPage.getByRole("button", { name: "Make link" }).click();
  const firstUrl = await adminPage.getByLabel("Invite link", { exact: true }).inputValue();
  expect(firstUrl).toContain("/join/");
  await screenshot(adminPage, "joining-01-link-made");

  // Nina opens it, creates an account, confirms her address and joins.
  const ninaContext = await browser.newContext({ baseURL: server.origin });
  const { page: nina, problems: ninaProblems } = await openPage(ninaContext);
  await nina.goto(firstUrl);
  await nina.getByRole("heading", { name: "Join Link Story" }).waitFor();
  await nina.getByRole("link", { name: "Create an account" }).click();
  await signUpAndConfirm(nina, { name: "Nina New", email: "nina@newcomers.test" });
  await nina.goto(firstUrl);
  await hydrated(nina);
  await nina.getByRole("button", { name: "Join Link Story" }).click();
  await nina.waitForURL(`**/w/${workspace.slug}/**`);
  await expect.poll(() => nina.getByTestId("member-row").filter({ hasText: "nina@newcomers.test" }).count()).toBe(1);
  await screenshot(nina, "joining-02-nina-joined");
  // The Admin's list counts the use.
  await expect.poll(() => adminPage.getByTestId("invite-link-row").first().innerText()).toContain("1 use");

  // A second link requires approval.
  await adminPage.getByLabel("Require approval").check();
  await adminPage.getByRole("button", { name: "Make link" }).click();
  await expect.poll(() => adminPage.getByLabel("Invite link", { exact: true }).inputValue()).not.toBe(firstUrl);
  const approvalUrl = await adminPage.getByLabel("Invite link", { exact: true }).inputValue();

  const omarContext = await browser.newContext({ baseURL: server.origin });
  const { page: omar, problems: omarProblems } = await openPage(omarContext);
  await omar.goto(approvalUrl);
  await omar.getByRole("link", { name: "Create an account" }).click();
  await signUpAndConfirm(omar, { name: "Omar Other", email: "omar@newcomers.test" });
  await omar.goto(approvalUrl);
  await hydrated(omar);
  await omar.getByRole("button", { name: "Ask to join Link Story" }).click();
  await omar.getByRole("heading", { name: "Waiting for approval" }).waitFor();
  await expect.poll(() => omar.locator('[data-testid="join-waiting"][data-connection="connected"]').count(), { timeout: 10_000 }).toBe(1);
  await screenshot(omar, "joining-03-waiting");

  // The request appears on the Admin's page without a reload; the Admin approves; Omar's page turns.
  const request = adminPage.locator('[data-testid="join-request"][data-email="omar@newcomers.test"]');
  await expect.poll(() => request.count(), { timeout: 10_000 }).toBe(1);
  await screenshot(adminPage, "joining-04-request-arrived");
  await request.getByRole("button", { name: "Approve" }).click();
  await expect.poll(() => request.getAttribute("data-status")).toBe("approved");
  await omar.getByRole("heading", { name: "You're in Link Story" }).waitFor({ timeout: 10_000 });
  await omar.getByRole("link", { name: "Go to Link Story" }).click();
  await omar.waitForURL(`**/w/${workspace.slug}/**`);
  await screenshot(omar, "joining-05-omar-in");

  // Both links turned off: the next person is refused, told why and whom to ask.
  for (const row of await adminPage.getByTestId("invite-link-row").all()) {
    if ((await row.getAttribute("data-state")) === "active") await row.getByRole("button", { name: "Turn off" }).click();
  }
  await expect.poll(() => adminPage.locator('[data-testid="invite-link-row"][data-state="turned_off"]').count()).toBe(2);
  const lateContext = await browser.newContext({ baseURL: server.origin });
  const { page: late, problems: lateProblems } = await openPage(lateContext);
  await late.goto(firstUrl);
  await late.getByRole("heading", { name: "This invite link was turned off" }).waitFor();
  expect(await late.getByTestId("join-refused").innerText()).toContain("Olivia Owner (" + owner.email + ")");
  await screenshot(late, "joining-06-turned-off");

  expect(adminProblems).toEqual([]);
  expect(ninaProblems).toEqual([]);
  expect(omarProblems).toEqual([]);
  expect(lateProblems).toEqual([]);
  await Promise.all([adminContext.close(), ninaContext.close(), omarContext.close(), lateContext.close()]);
});

it("a domain verified through the mailbox: one sign-up joins automatically, another asks and is approved live", async () => {
  const owner = await createUser(server.deps, { name: "Olga Owner" });
  const workspace = await createWorkspaceOwnedBy(server.deps, owner, "Domain Story");
  const ownerContext = await signedIn(owner);
  const { page: ownerPage, problems: ownerProblems } = await openPage(ownerContext);
  await ownerPage.goto(`/w/${workspace.slug}/settings/domains`);
  await ownerPage.getByRole("heading", { name: "Verified domains" }).waitFor();
  await hydrated(ownerPage);
  await connected(ownerPage);

  // A public provider is refused in words.
  await ownerPage.getByLabel("Domain", { exact: true }).fill("gmail.com");
  await ownerPage.getByLabel("Send the verification link to", { exact: true }).fill("olga");
  await ownerPage.getByRole("button", { name: "Add and send verification link" }).click();
  await ownerPage.getByText("gmail.com is a public email provider").waitFor();

  await ownerPage.getByLabel("Domain", { exact: true }).fill("storyco.test");
  await ownerPage.getByRole("button", { name: "Add and send verification link" }).click();
  await ownerPage.getByText("We sent a verification link to olga@storyco.test").waitFor();
  const row = ownerPage.locator('[data-testid="domain-row"][data-domain="storyco.test"]');
  expect(await row.getAttribute("data-verified")).toBe("no");

  // The link from the mailbox verifies it; the Owner's page shows it live.
  const verifyLink = linkIn(await newestMail(server, "olga@storyco.test", "Verify storyco.test for Domain Story"), "/verify-domain/");
  const mailContext = await browser.newContext({ baseURL: server.origin });
  const { page: mailPage, problems: mailProblems } = await openPage(mailContext);
  await mailPage.goto(verifyLink);
  await mailPage.getByRole("heading", { name: "storyco.test is verified" }).waitFor();
  await expect.poll(() => row.getAttribute("data-verified"), { timeout: 10_000 }).toBe("yes");
  await screenshot(ownerPage, "joining-10-domain-verified");

  // Pat signs up at the domain, confirms, and joins in one click.
  const patContext = await browser.newContext({ baseURL: server.origin });
  const { page: pat, problems: patProblems } = await openPage(patContext);
  await pat.goto("/sign-up");
  await signUpAndConfirm(pat, { name: "Pat Person", email: "pat@storyco.test" });
  await pat.getByRole("link", { name: "Go to my workspaces" }).click();
  await pat.getByTestId("domain-offers").waitFor();
  await hydrated(pat);
  await screenshot(pat, "joining-11-offered");
  await pat.getByRole("button", { name: "Join Domain Story" }).click();
  await pat.waitForURL(`**/w/${workspace.slug}/**`);
  await expect.poll(() => pat.getByTestId("member-row").filter({ hasText: "pat@storyco.test" }).count()).toBe(1);

  // Now people ask to join; Sam asks and the Owner approves on the Invite links page, live.
  await ownerPage.getByLabel("How people join", { exact: true }).selectOption("request");
  await expect.poll(() => row.innerText()).toContain("asks to join");
  const samContext = await browser.newContext({ baseURL: server.origin });
  const { page: sam, problems: samProblems } = await openPage(samContext);
  await sam.goto("/sign-up");
  await signUpAndConfirm(sam, { name: "Sam Second", email: "sam@storyco.test" });
  await sam.goto("/");
  await hydrated(sam);
  await sam.getByRole("button", { name: "Ask to join Domain Story" }).click();
  await sam.getByText("Waiting for approval").waitFor();
  await expect.poll(() => sam.locator('[data-testid="domain-offers"][data-connection="connected"]').count(), { timeout: 10_000 }).toBe(1);

  await ownerPage.getByRole("link", { name: "Invite links and requests to join" }).click();
  const request = ownerPage.locator('[data-testid="join-request"][data-email="sam@storyco.test"]');
  await expect.poll(() => request.count(), { timeout: 10_000 }).toBe(1);
  expect(await request.innerText()).toContain("through the domain storyco.test");
  await request.getByRole("button", { name: "Approve" }).click();
  // Sam's page moves on without a reload: the workspace is theirs now (their only one, so it opens).
  await expect.poll(() => new URL(sam.url()).pathname, { timeout: 10_000 }).toMatch(new RegExp(`^/w/${workspace.slug}`));
  await screenshot(sam, "joining-12-approved");

  for (const problems of [ownerProblems, mailProblems, patProblems, samProblems]) expect(problems).toEqual([]);
  await Promise.all([ownerContext.close(), mailContext.close(), patContext.close(), samContext.close()]);
});
