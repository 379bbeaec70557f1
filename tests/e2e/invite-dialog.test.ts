/**
 * The invite flow of the product documents, in a real browser (issue 13):
 * "Invite Member", each person's email and roles, "Review the details",
 * "Send Invitation", by keyboard alone; a CSV of 50 people refused line by
 * line, then sent when fixed; the page of a link that Resend replaced; the
 * Billing page saying when the plan's limit starts during the trial.
 */
import type { Browser, Page } from "playwright-core";
import { expect, it } from "vitest";
import { formatDate, zoneLabel } from "#shared/time/format";
import { localeCookie, timeZoneCookie } from "#shared/time/hints";
import { callerAs, createUser, createWorkspaceOwnedBy, type TestUser } from "../helpers/fixtures";
import { endTrialOn, roleIdsByKey, tokenFromMailbox } from "../helpers/invitations";
import type { TestServer } from "../helpers/server";
import { hydrated, screenshot, pageSignedInAs, liveConnected, serverAndBrowserForFile, openPage } from "./browser";

let server: TestServer;
let browser: Browser;
serverAndBrowserForFile((started) => ({ server, browser } = started));

const signedInPage = (user: TestUser, options: { timezoneId?: string; locale?: string } = {}) => pageSignedInAs(browser, server, user, { viewport: { width: 1280, height: 900 }, ...options });

/** What the focused element is, in words: its label (with its group's legend), or its text. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return "";
    const legend = el.closest("fieldset")?.querySelector("legend")?.textContent ?? "";
    const label = (el as HTMLInputElement).labels?.[0]?.textContent ?? el.getAttribute("aria-label") ?? el.textContent ?? "";
    return `${legend ? `${legend.trim()} › ` : ""}${label.trim()}`;
  });
}

/** Presses Tab until the focused element's name is `name` (keyboard only: no clicks). */
async function tabTo(page: Page, name: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if ((await focusedName(page)) === name) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached "${name}" (last: "${await focusedName(page)}")`);
}

function selectedLabel(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLSelectElement;
    return el.selectedOptions?.[0]?.textContent ?? "";
  });
}

/** Moves a focused <select> to `label` with the arrow keys. */
async function chooseWithArrows(page: Page, label: string): Promise<void> {
  for (const key of ["ArrowUp", "ArrowDown"] as const) {
    for (let i = 0; i < 8; i += 1) {
      if ((await selectedLabel(page)) === label) return;
      await page.keyboard.press(key);
    }
  }
  expect(await selectedLabel(page)).toBe(label);
}

it("an owner invites three people with different roles in one send, by keyboard alone: review with seats, answers per row, focus back on the button", async () => {
  const owner = await createUser(server.deps, { name: "Olivia Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Keyboard Works");
  await endTrialOn(server.deps, ws.id, "starter");
  const { page, context, problems } = await signedInPage(owner);
  await page.goto(`/w/${ws.slug}/members`);
  await hydrated(page);
  await liveConnected(page);

  await tabTo(page, "Invite Member");
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Invite Member" });
  await expect.poll(() => dialog.count()).toBe(1);
  expect(await dialog.getAttribute("aria-modal")).toBe("true");
  await expect.poll(() => focusedName(page)).toBe("Email address 1");

  const people = [
    { email: "ana.admin@keyboard.example", primary: "Admin", more: [] as string[] },
    { email: "ben.member@keyboard.example", primary: "Member", more: ["Viewer"] },
    { email: "cy.manager@keyboard.example", primary: "Manager", more: ["Member"] },
  ];
  for (const [index, person] of people.entries()) {
    const n = index + 1;
    if (n > 1) {
      await tabTo(page, "+ Add another");
      await page.keyboard.press("Enter");
      // The new row's address takes the focus.
      await expect.poll(() => focusedName(page)).toBe(`Email address ${n}`);
    }
    await tabTo(page, `Email address ${n}`);
    await page.keyboard.type(person.email);
    await tabTo(page, `Primary role ${n}`);
    await chooseWithArrows(page, person.primary);
    for (const role of person.more) {
      await tabTo(page, `More roles for person ${n} (optional) › ${role}`);
      await page.keyboard.press("Space");
    }
  }
  // Tab goes round inside the dialog: the page behind never gets the focus.
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest("dialog")))).toBe(true);
  }
  await screenshot(page, "invite-dialog-01-rows");

  await tabTo(page, "Review the details");
  await page.keyboard.press("Enter");
  await expect.poll(() => focusedName(page)).toBe("Review the details");
  const review = dialog.getByTestId("invite-review-row");
  expect(await review.allInnerTexts()).toEqual(["ana.admin@keyboard.example\tAdmin (primary)", "ben.member@keyboard.example\tMember (primary), Viewer", "cy.manager@keyboard.example\tManager (primary), Member"]);
  // The owner holds one of Starter's five seats; three more make four.
  expect(await dialog.getByTestId("invite-seats").innerText()).toBe("4 of 5 seats used after sending.");
  await screenshot(page, "invite-dialog-02-review");

  await tabTo(page, "Send Invitation");
  await page.keyboard.press("Enter");
  await expect.poll(() => dialog.getByTestId("invite-result").count()).toBe(3);
  expect(await dialog.getByTestId("invite-result").allInnerTexts()).toEqual(["Invited Successfully", "Invited Successfully", "Invited Successfully"]);
  await screenshot(page, "invite-dialog-03-results");
  await expect.poll(() => focusedName(page)).toBe("Done");
  await page.keyboard.press("Enter");
  await expect.poll(() => dialog.isVisible()).toBe(false);
  await expect.poll(() => focusedName(page)).toBe("Invite Member");

  // Each person got their own roles, primary first.
  const invited = await server.deps.db
    .selectFrom("invitations as i")
    .innerJoin("invitation_roles as ir", "ir.invitation_id", "i.id")
    .innerJoin("roles as r", "r.id", "ir.role_id")
    .select(["i.email", "r.name", "ir.is_primary"])
    .where("i.workspace_id", "=", ws.id)
    .orderBy("i.email")
    .orderBy("ir.is_primary", "desc")
    .execute();
  expect(invited.map((r) => `${r.email}:${r.name}${r.is_primary ? "*" : ""}`)).toEqual([
    "ana.admin@keyboard.example:Admin*",
    "ben.member@keyboard.example:Member*",
    "ben.member@keyboard.example:Viewer",
    "cy.manager@keyboard.example:Manager*",
    "cy.manager@keyboard.example:Member",
  ]);
  // The pending list shows them live.
  await expect.poll(() => page.locator('[data-testid="invitation-row"]').count()).toBe(3);

  // Escape closes the dialog too, and the focus comes back to the button.
  await page.keyboard.press("Enter");
  await expect.poll(() => dialog.isVisible()).toBe(true);
  await page.keyboard.press("Escape");
  await expect.poll(() => dialog.isVisible()).toBe(false);
  await expect.poll(() => focusedName(page)).toBe("Invite Member");

  // Inviting the same person again is answered in the documents' words.
  await page.keyboard.press("Enter");
  await expect.poll(() => focusedName(page)).toBe("Email address 1");
  await page.keyboard.type("ana.admin@keyboard.example");
  await tabTo(page, "Review the details");
  await page.keyboard.press("Enter");
  await tabTo(page, "Send Invitation");
  await page.keyboard.press("Enter");
  await expect.poll(() => dialog.getByTestId("invite-result").allInnerTexts()).toEqual(["User already Invited"]);

  expect(problems).toEqual([]);
  await context.close();
});

it("a CSV of 50 people with two bad lines is refused line by line, nothing is sent, and it goes once fixed", async () => {
  const owner = await createUser(server.deps, { name: "Olivia Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Spreadsheet Co");
  await (await callerAs(server.deps, owner)).departments.create({ workspaceSlug: ws.slug, name: "Sales" });
  const { page, context, problems } = await signedInPage(owner);
  await page.goto(`/w/${ws.slug}/members`);
  await hydrated(page);

  const line = (i: number) => `person${i}@sheet.example,${i % 5 === 0 ? "Manager;Member" : "Member"},${i % 2 === 0 ? "Sales" : ""},${i % 5 === 0 ? owner.email : ""}`;
  const lines = Array.from({ length: 50 }, (_, i) => line(i));
  const broken = [...lines];
  broken[10] = "person10@sheet.example,Memberr,,"; // file line 12
  broken[38] = "person38 at sheet.example,Member,,"; // file line 40
  const file = `\uFEFFemail,roles,department,manager\r\n${broken.join("\r\n")}\r\n`;

  await page.getByRole("button", { name: "Invite Member" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite Member" });
  await dialog.getByRole("tab", { name: "Import a CSV" }).click();
  expect(await dialog.getByTestId("csv-example").innerText()).toContain("ben@company.com,Member;Viewer,Sales,lead@company.com");
  await dialog.getByLabel("CSV file").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(file, "utf8") });
  await expect.poll(() => dialog.getByLabel("Or paste the CSV").inputValue()).toContain("person49@sheet.example");
  await dialog.getByRole("button", { name: "Check file" }).click();
  const problemsListed = dialog.getByTestId("csv-problem");
  await expect.poll(() => problemsListed.count()).toBe(2);
  expect(await problemsListed.allInnerTexts()).toEqual([
    'Line 12: unknown role "Memberr". Roles in this workspace: Owner, Admin, Manager, Member, Viewer.',
    'Line 40: "person38 at sheet.example" is not a valid email address.',
  ]);
  expect(await dialog.getByRole("button", { name: "Send Invitation" }).count()).toBe(0);
  await screenshot(page, "invite-dialog-04-csv-refused");
  expect(await server.deps.db.selectFrom("invitations").select("id").where("workspace_id", "=", ws.id).execute()).toEqual([]);

  // Fixed by pasting the corrected file.
  await dialog.getByLabel("Or paste the CSV").fill(`email,roles,department,manager\n${lines.join("\n")}\n`);
  await dialog.getByRole("button", { name: "Check file" }).click();
  await expect.poll(() => dialog.getByTestId("csv-check").getAttribute("data-ok")).toBe("true");
  expect(await dialog.getByTestId("csv-person").count()).toBe(50);
  expect(await dialog.getByTestId("csv-person").nth(0).innerText()).toBe(`2\tperson0@sheet.example\tManager (primary), Member\tSales\tOlivia Owner (${owner.email})`);
  expect(await dialog.getByTestId("invite-seats").innerText()).toBe("No seat limit during the trial: 51 seats in use after sending.");
  await screenshot(page, "invite-dialog-05-csv-review");
  await dialog.getByRole("button", { name: "Send Invitation" }).click();
  await expect.poll(() => dialog.getByTestId("csv-sent").innerText()).toContain("50 invitations sent.");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect.poll(() => page.locator('[data-testid="invitation-row"]').count(), { timeout: 10_000 }).toBe(50);

  expect(problems).toEqual([]);
  await context.close();
});

it("a link replaced by Resend says so, and that the newest email holds the working link", async () => {
  const owner = await createUser(server.deps, { name: "Olivia Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Resent Ltd");
  const roles = await roleIdsByKey(server.deps, ws.id);
  const caller = await callerAs(server.deps, owner);
  const email = "twice@resent.example";
  const { results } = await caller.invitations.invitePeople({ workspaceSlug: ws.slug, people: [{ email, roleIds: [roles.member!], primaryRoleId: roles.member! }] });
  const oldToken = await tokenFromMailbox(server, email);
  await caller.invitations.resend({ workspaceSlug: ws.slug, invitationId: results[0]!.invitationId! });

  const context = await browser.newContext({ baseURL: server.origin });
  const { page, problems } = await openPage(context);
  await page.goto(`/invite/${oldToken}`);
  await expect.poll(() => page.getByRole("heading", { name: "This invitation link was replaced" }).count()).toBe(1);
  const text = await page.getByTestId("invitation-dead-end").innerText();
  expect(text).toContain("Resent Ltd");
  expect(text).toContain("It was replaced by a newer invitation on");
  expect(text).toContain("The newest invitation email holds the working link");
  await screenshot(page, "invite-dialog-06-replaced-link");

  const newToken = await tokenFromMailbox(server, email);
  await page.goto(`/invite/${newToken}`);
  await expect.poll(() => page.getByRole("heading", { name: "Join Resent Ltd" }).count()).toBe(1);
  expect(problems).toEqual([]);
  await context.close();
});

it("during the trial, Billing says the plan's member limit starts on the trial's last day, with the date and time in the owner's zone", async () => {
  const owner = await createUser(server.deps, { name: "Olivia Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Trial Things");
  // Late in the UTC day: in Tokyo it is already the next day.
  const trialEndsAt = new Date(Date.UTC(2030, 0, 14, 20, 30));
  await server.deps.db.updateTable("workspaces").set({ plan: "starter", trial_ends_at: trialEndsAt }).where("id", "=", ws.id).execute();
  const hints = { timeZone: "Asia/Tokyo", locale: "en-GB" };
  const { page, context, problems } = await signedInPage(owner, { timezoneId: hints.timeZone, locale: hints.locale });
  // A returning visitor: the browser has already told the server its zone (the first-visit reload is tests/e2e/time-zones.test.ts's story).
  await context.addCookies([
    { name: timeZoneCookie, value: encodeURIComponent(hints.timeZone), url: server.origin },
    { name: localeCookie, value: encodeURIComponent(hints.locale), url: server.origin },
  ]);
  await page.goto(`/w/${ws.slug}/settings/billing`);
  await page.getByRole("heading", { name: "Billing" }).first().waitFor();
  await page.waitForLoadState("load");
  const words = page.getByTestId("trial-limit-start");
  await expect
    .poll(() => words.innerText())
    .toBe(
      `No member limit during the trial. The Starter plan's limit of 5 members starts on ${formatDate(trialEndsAt, hints, "date")}, the trial's last day, at ${formatDate(trialEndsAt, hints, "time")} (${zoneLabel(hints.timeZone)}). From then on, no one new can be invited while 5 or more seats are in use.`,
    );
  expect(await words.innerText()).toContain("15 Jan 2030");
  await screenshot(page, "invite-dialog-07-billing-trial");
  expect(problems).toEqual([]);
  await context.close();
});
