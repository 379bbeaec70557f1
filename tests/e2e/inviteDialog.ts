/** The "Invite Member" dialog, driven as a person would: rows, review, send, read the answers. */
import type { Page } from "playwright-core";
import { expect } from "vitest";

export interface PersonToType {
  email: string;
  /** The primary role's name (default: what the dialog offers, Member). */
  primary?: string;
  /** More roles, by name. */
  more?: string[];
}

export async function openInviteDialog(page: Page) {
  await page.getByRole("button", { name: "Invite Member" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite Member" });
  await expect.poll(() => dialog.getByLabel("Email address 1").count()).toBe(1);
  return dialog;
}

/** Opens the dialog, fills one row per person, reviews, sends; returns each row's answer and leaves the dialog closed. */
export async function inviteThroughDialog(page: Page, people: PersonToType[], message?: string): Promise<string[]> {
  const dialog = await openInviteDialog(page);
  for (const [index, person] of people.entries()) {
    const n = index + 1;
    if (n > 1) await dialog.getByRole("button", { name: "+ Add another" }).click();
    await dialog.getByLabel(`Email address ${n}`).fill(person.email);
    if (person.primary) await dialog.getByLabel(`Primary role ${n}`).selectOption({ label: person.primary });
    for (const role of person.more ?? []) {
      await dialog
        .getByRole("group", { name: `More roles for person ${n} (optional)` })
        .getByRole("checkbox", { name: role, exact: true })
        .check();
    }
  }
  if (message) await dialog.getByLabel("Personal message").fill(message);
  await dialog.getByRole("button", { name: "Review the details" }).click();
  await expect.poll(() => dialog.getByTestId("invite-review-row").count()).toBe(people.length);
  await dialog.getByRole("button", { name: "Send Invitation" }).click();
  const results = dialog.getByTestId("invite-result");
  await expect.poll(() => results.count()).toBe(people.length);
  const answers = await results.allInnerTexts();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect.poll(() => dialog.isVisible()).toBe(false);
  return answers;
}
