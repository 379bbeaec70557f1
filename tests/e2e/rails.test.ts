/**
 * The invitee's side of the rails (issue 12), in a real browser: an
 * invitation whose sender lost the right to give its role, and one waiting
 * for a seat, each answered with a page saying why and whom to ask; the
 * Admin sees the waiting invitation marked live.
 */
import type { Browser } from "playwright-core";
import { expect, it } from "vitest";
import { addMember, callerAs, createUser, createWorkspaceOwnedBy } from "../helpers/fixtures";
import { endTrialOn, roleIdsByKey, tokenFromMailbox } from "../helpers/invitations";
import type { TestServer } from "../helpers/server";
import { screenshot, contextSignedInAs, liveConnected, serverAndBrowserForFile, openPage, joinByInvitation } from "./browser";

let server: TestServer;
let browser: Browser;
serverAndBrowserForFile((started) => ({ server, browser } = started));

const signedInContext = (user: { id: string }) => contextSignedInAs(browser, server, user);

it("an invitee whose inviter can no longer give the role is told so, and whom to ask; the link stays dead", async () => {
  const owner = await createUser(server.deps, { name: "Olivia Bennett" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Northwind Traders");
  const admin = await createUser(server.deps, { name: "Adam Clarke" });
  const adminMembership = await addMember(server.deps, ws.id, admin, ["admin"]);
  const roles = await roleIdsByKey(server.deps, ws.id);
  const email = "accomplice@northwind.example";
  await (await callerAs(server.deps, admin)).invitations.invite({ workspaceSlug: ws.slug, emails: [email], roleIds: [roles.admin ?? ""], primaryRoleId: roles.admin ?? "" });
  const token = await tokenFromMailbox(server, email);
  await (await callerAs(server.deps, owner)).members.setRoles({ workspaceSlug: ws.slug, membershipId: adminMembership, roleIds: [roles.member ?? ""], primaryRoleId: roles.member ?? "" });

  const context = await browser.newContext({ baseURL: server.origin });
  const { page, problems } = await openPage(context);
  await joinByInvitation(page, token, { name: "Sam Accomplice", password: "a long new password" });
  const refused = page.getByTestId("invitation-refused");
  await refused.waitFor();
  expect(await refused.getAttribute("data-kind")).toBe("voided");
  expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("This invitation can no longer be used");
  const text = await refused.innerText();
  expect(text).toContain("Adam Clarke, who invited you, can no longer give the Admin role in Northwind Traders");
  expect(text).toContain("Olivia Bennett");
  expect(await page.getByRole("link", { name: owner.email }).getAttribute("href")).toBe(`mailto:${owner.email}`);
  await screenshot(page, "rails-01-invitation-voided");

  // Opening the link again shows the same answer, not the form.
  await page.goto(`/invite/${token}`);
  await refused.waitFor();
  expect(await page.getByLabel("Password").count()).toBe(0);
  expect(problems).toEqual([]);
  await context.close();
});

it("an invitee arriving after a downgrade is told no seat is free and whom to ask; the Admin sees it waiting, live", async () => {
  const owner = await createUser(server.deps, { name: "Olivia Bennett" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Contoso Seats");
  const admin = await createUser(server.deps, { name: "Adam Clarke" });
  await addMember(server.deps, ws.id, admin, ["admin"]);
  for (const name of ["Mo One", "Mo Two", "Mo Three"]) await addMember(server.deps, ws.id, await createUser(server.deps, { name }), ["member"]);
  await endTrialOn(server.deps, ws.id, "professional");
  const roles = await roleIdsByKey(server.deps, ws.id);
  const asAdmin = await callerAs(server.deps, admin);
  const emails = ["late.one@contoso.example", "late.two@contoso.example"];
  await asAdmin.invitations.invite({ workspaceSlug: ws.slug, emails, roleIds: [roles.member ?? ""], primaryRoleId: roles.member ?? "" });
  const token = await tokenFromMailbox(server, emails[0] ?? "");
  // Five members and two pending invitations on Starter (5).
  await (await callerAs(server.deps, owner)).billing.changePlan({ workspaceSlug: ws.slug, plan: "starter" });

  const adminContext = await signedInContext(admin);
  const { page: adminPage, problems: adminProblems } = await openPage(adminContext);
  await adminPage.goto(`/w/${ws.slug}/members`);
  await liveConnected(adminPage);
  const row = adminPage.locator(`[data-testid="invitation-row"][data-email="${emails[0]}"]`);
  await row.waitFor();
  expect(await row.getByTestId("waiting-for-seat").count()).toBe(0);

  const inviteeContext = await browser.newContext({ baseURL: server.origin });
  const { page, problems } = await openPage(inviteeContext);
  await joinByInvitation(page, token, { name: "Lee Late", password: "a long new password" });
  const refused = page.getByTestId("invitation-refused");
  await refused.waitFor();
  expect(await refused.getAttribute("data-kind")).toBe("no_seat");
  expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("No seat is free in Contoso Seats right now");
  const text = await refused.innerText();
  expect(text).toContain("The Starter plan of Contoso Seats includes up to 5 users, and all of them are taken");
  expect(text).toContain("Your invitation is still valid");
  expect(text).toContain("Olivia Bennett");
  expect(text).toContain("Adam Clarke");
  await screenshot(page, "rails-02-no-seat");

  // The Admin's pending list marks it without a reload, and the bell has the notice.
  await row.getByTestId("waiting-for-seat").waitFor({ timeout: 10_000 });
  await screenshot(adminPage, "rails-03-admin-sees-waiting-for-seat");
  expect(problems).toEqual([]);
  expect(adminProblems).toEqual([]);
  await inviteeContext.close();
  await adminContext.close();
});
