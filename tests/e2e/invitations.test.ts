import type { Browser } from "playwright-core";
import { expect, it } from "vitest";
import { addMember, callerAs, createUser, createWorkspaceOwnedBy } from "../helpers/fixtures";
import { mailboxPath, newestMail } from "../helpers/mailbox";
import type { TestServer } from "../helpers/server";
import { screenshot, contextSignedInAs, liveConnected, serverAndBrowserForFile, openPage } from "./browser";
import { openInviteDialog } from "./inviteDialog";

let server: TestServer;
let browser: Browser;
serverAndBrowserForFile((started) => ({ server, browser } = started));

const signedInContext = (user: { id: string }) => contextSignedInAs(browser, server, user);

it("an admin invites someone; they open the emailed link, create their account and land in the workspace; the admin sees them Active", async () => {
  const owner = await createUser(server.deps, { name: "Olivia Bennett" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Northwind Traders");
  const admin = await createUser(server.deps, { name: "Adam Clarke" });
  await addMember(server.deps, ws.id, admin, ["admin"]);
  const invitee = "new.hire@northwind.example";

  const adminContext = await signedInContext(admin);
  const { page: adminPage, problems: adminProblems } = await openPage(adminContext);
  await adminPage.goto(`/w/${ws.slug}/members`);
  await expect.poll(() => adminPage.getByRole("button", { name: "Invite Member" }).count()).toBe(1);
  await liveConnected(adminPage);

  // One good address and one typo: the typo is caught before anything is sent.
  const dialog = await openInviteDialog(adminPage);
  await dialog.getByLabel("Email address 1").fill(invitee);
  await dialog.getByRole("button", { name: "+ Add another" }).click();
  await dialog.getByLabel("Email address 2").fill("not-an-address");
  await dialog.getByRole("group", { name: "More roles for person 1 (optional)" }).getByRole("checkbox", { name: "Manager", exact: true }).check();
  await dialog.getByLabel("Personal message").fill("Welcome to the sales team!");
  await screenshot(adminPage, "invite-01-form");
  await dialog.getByRole("button", { name: "Review the details" }).click();
  await expect.poll(() => dialog.getByText("This is not a valid email address.").count()).toBe(1);
  await dialog.getByRole("button", { name: "Remove person 2" }).click();
  await dialog.getByRole("button", { name: "Review the details" }).click();
  await expect.poll(() => dialog.getByTestId("invite-review-row").count()).toBe(1);
  expect(await dialog.getByTestId("invite-review-row").innerText()).toContain("Member (primary), Manager");
  await dialog.getByRole("button", { name: "Send Invitation" }).click();
  const results = dialog.getByTestId("invite-result");
  await expect.poll(() => results.count()).toBe(1);
  expect(await results.nth(0).innerText()).toBe("Invited Successfully");
  await dialog.getByRole("button", { name: "Done" }).click();

  // The pending list shows it, and its delivery changes live once the worker has handled it.
  const pendingRow = adminPage.locator(`[data-testid="invitation-row"][data-email="${invitee}"]`);
  await expect.poll(() => pendingRow.count()).toBe(1);
  await expect.poll(() => pendingRow.getAttribute("data-delivery"), { timeout: 10_000 }).toBe("sent");
  const rowText = await pendingRow.innerText();
  expect(rowText).toContain("Member");
  expect(rowText).toContain("Manager");
  // This server has no email service: the admin is told the invitation sits in the local mailbox, not that it was delivered.
  expect(rowText).toContain("In local mailbox");
  expect(rowText).not.toContain("Delivered");
  expect(await adminPage.getByTestId("email-not-delivered").innerText()).toContain("Email is not being sent.");
  expect(await adminPage.getByTestId("invitations-section").innerText()).toContain("Invitations are not being emailed");
  await screenshot(adminPage, "invite-02-results-and-pending");

  // The invitee reads the email in the development mailbox.
  const inviteeContext = await browser.newContext({ baseURL: server.origin });
  const { page: inviteePage, problems: inviteeProblems } = await openPage(inviteeContext);
  await inviteePage.goto(mailboxPath(server, invitee));
  const mail = inviteePage.getByTestId("mail").filter({ hasText: "You've been invited to Northwind Traders" });
  await mail.locator("summary").click();
  const text = await mail.getByTestId("mail-text").innerText();
  expect(text).toContain("Adam Clarke");
  expect(text).toContain("Welcome to the sales team!");
  const link = /Accept Invitation: (\S+)/.exec(text)?.[1];
  expect(link).toBeTruthy();

  await inviteePage.goto(link!);
  await expect.poll(() => inviteePage.getByRole("heading", { name: "Join Northwind Traders" }).count()).toBe(1);
  const summary = await inviteePage.getByTestId("invitation-summary").innerText();
  expect(summary).toContain("Adam Clarke");
  expect(summary).toContain("Manager");
  expect(await inviteePage.getByLabel("Email").inputValue()).toBe(invitee);
  await screenshot(inviteePage, "invite-03-accept-page");
  await inviteePage.getByLabel("Full name").fill("Nadia Newhire");
  await inviteePage.getByLabel("Password").fill("first day at work");
  await inviteePage.getByRole("button", { name: "Create account and join" }).click();
  await inviteePage.waitForURL(`**/w/${ws.slug}/members`);
  await expect.poll(() => inviteePage.getByText("Northwind Traders").first().count()).toBe(1);
  await screenshot(inviteePage, "invite-04-landed");

  // The admin's page updates without a reload.
  const memberRow = adminPage.locator(`[data-testid="member-row"][data-email="${invitee}"]`);
  await expect.poll(() => memberRow.count(), { timeout: 10_000 }).toBe(1);
  expect(await memberRow.innerText()).toContain("Active");
  expect(await memberRow.innerText()).toContain("Nadia Newhire");
  await expect.poll(() => pendingRow.count()).toBe(0);
  await screenshot(adminPage, "invite-05-admin-sees-active");
  await adminPage.setViewportSize({ width: 390, height: 844 });
  await screenshot(adminPage, "invite-05b-members-phone");

  // The link is single use.
  await inviteePage.goto(link!);
  await expect.poll(() => inviteePage.getByRole("heading", { name: "You're a member of Northwind Traders" }).count()).toBe(1);

  expect(adminProblems).toEqual([]);
  expect(inviteeProblems).toEqual([]);
  await adminContext.close();
  await inviteeContext.close();
});

it("an unknown link gets a clear page, and someone signed in as another email is told how to switch", async () => {
  const context = await browser.newContext({ baseURL: server.origin });
  const page = await context.newPage();
  await page.goto("/invite/not-a-real-token");
  await expect.poll(() => page.getByRole("heading", { name: "This invitation link isn't valid" }).count()).toBe(1);
  await screenshot(page, "invite-06-invalid-link");
  await context.close();

  const owner = await createUser(server.deps, { name: "Olivia Bennett" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Contoso");
  const stranger = await createUser(server.deps, { name: "Sam Stranger" });
  const ownerContext = await signedInContext(owner);
  const ownerPage = await ownerContext.newPage();
  await ownerPage.goto(`/w/${ws.slug}/members`);
  // Paste a list this time: it fills the rows, each with the role chosen for the list.
  const ownerDialog = await openInviteDialog(ownerPage);
  await ownerDialog.getByRole("button", { name: "Paste a list" }).click();
  await ownerDialog.getByLabel("Paste addresses").fill("someone.else@contoso.example,\nsecond@contoso.example");
  await ownerDialog.getByLabel("Role for these people").selectOption({ label: "Viewer" });
  await ownerDialog.getByRole("button", { name: "Add to the list" }).click();
  expect(await ownerDialog.getByLabel("Email address 2").inputValue()).toBe("second@contoso.example");
  await ownerDialog.getByRole("button", { name: "Review the details" }).click();
  await ownerDialog.getByRole("button", { name: "Send Invitation" }).click();
  await expect.poll(() => ownerDialog.getByTestId("invite-result").count()).toBe(2);
  await ownerDialog.getByRole("button", { name: "Done" }).click();
  const mail = await newestMail(server, "someone.else@contoso.example");
  const link = /Accept Invitation: (\S+)/.exec(mail.text)![1]!;

  const strangerContext = await signedInContext(stranger);
  const strangerPage = await strangerContext.newPage();
  await strangerPage.goto(link);
  await expect.poll(() => strangerPage.getByText("This invitation is for a different email").count()).toBe(1);
  await screenshot(strangerPage, "invite-07-wrong-account");
  await strangerPage.getByRole("button", { name: "Sign out and switch account" }).click();
  await expect.poll(() => strangerPage.getByRole("button", { name: "Create account and join" }).count()).toBe(1);

  // Back on the owner's page: one expired, one undeliverable; Resend brings the expired one back, Cancel asks first.
  await server.deps.db
    .updateTable("invitations")
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where("email", "=", "second@contoso.example")
    .execute();
  await server.deps.db
    .updateTable("invitations")
    .set({ delivery_status: "undeliverable", delivery_error: "You tried to send to recipient(s) that have been marked as inactive." })
    .where("email", "=", "someone.else@contoso.example")
    .execute();
  await ownerPage.reload();
  const expiredRow = ownerPage.locator('[data-testid="invitation-row"][data-email="second@contoso.example"]');
  const bouncedRow = ownerPage.locator('[data-testid="invitation-row"][data-email="someone.else@contoso.example"]');
  await expect.poll(() => expiredRow.getAttribute("data-state")).toBe("expired");
  expect(await expiredRow.innerText()).toContain("Expired");
  expect(await bouncedRow.innerText()).toContain("Undeliverable");
  expect(await bouncedRow.innerText()).toContain("marked as inactive");
  await screenshot(ownerPage, "invite-10-expired-and-undeliverable");
  await expiredRow.getByRole("button", { name: "Resend" }).click();
  await expect.poll(() => expiredRow.getAttribute("data-state")).toBe("pending");
  expect(await expiredRow.innerText()).toContain("Sent again. The previous link no longer works.");
  await bouncedRow.getByRole("button", { name: "Cancel" }).click();
  await expect.poll(() => bouncedRow.getByRole("button", { name: "Yes, cancel it" }).count()).toBe(1);
  await screenshot(ownerPage, "invite-11-cancel-confirmation");
  await bouncedRow.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect.poll(() => bouncedRow.count()).toBe(0);

  await ownerContext.close();
  await strangerContext.close();
});

it("someone who already has an account is told 'Email already in use', signs in and joins", async () => {
  const owner = await createUser(server.deps, { name: "Olivia Bennett" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Fabrikam");
  const existing = await createUser(server.deps, { name: "Erin Existing", email: "erin@fabrikam.example" });
  const viewerRole = await server.deps.db.selectFrom("roles").select("id").where("workspace_id", "=", ws.id).where("builtin_key", "=", "viewer").executeTakeFirstOrThrow();
  await (
    await callerAs(server.deps, owner)
  ).invitations.invite({
    workspaceSlug: ws.slug,
    emails: [existing.email, "late@fabrikam.example"],
    roleIds: [viewerRole.id],
    primaryRoleId: viewerRole.id,
  });
  const mail = await newestMail(server, existing.email);
  const link = /Accept Invitation: (\S+)/.exec(mail.text)![1]!;

  const context = await browser.newContext({ baseURL: server.origin });
  const { page, problems } = await openPage(context);
  await page.goto(link);
  await expect.poll(() => page.getByText("Email already in use").count()).toBe(1);
  await screenshot(page, "invite-08-email-in-use");
  await page.getByRole("link", { name: "Sign in to join" }).click();
  await page.waitForURL("**/sign-in?**");
  expect(await page.getByLabel("Email").inputValue()).toBe(existing.email);
  await page.getByLabel("Password").fill(existing.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`**${new URL(link).pathname}`);
  await page.getByRole("button", { name: "Accept Invitation" }).click();
  await page.waitForURL(`**/w/${ws.slug}/members`);
  const row = await server.deps.db.selectFrom("memberships").select("status").where("workspace_id", "=", ws.id).where("user_id", "=", existing.id).executeTakeFirstOrThrow();
  expect(row.status).toBe("active");

  // An expired link says so, and what to do.
  await server.deps.db
    .updateTable("invitations")
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where("email", "=", "late@fabrikam.example")
    .execute();
  const lateMail = await newestMail(server, "late@fabrikam.example");
  const lateLink = /Accept Invitation: (\S+)/.exec(lateMail.text)![1]!;
  const expiredContext = await browser.newContext({ baseURL: server.origin });
  const expiredPage = await expiredContext.newPage();
  await expiredPage.goto(lateLink);
  await expect.poll(() => expiredPage.getByRole("heading", { name: "This invitation has expired" }).count()).toBe(1);
  expect(await expiredPage.getByTestId("invitation-dead-end").innerText()).toContain("Ask the person who invited you to send a new one.");
  await screenshot(expiredPage, "invite-09-expired-link");
  expect(problems).toEqual([]);
  await context.close();
  await expiredContext.close();
});
