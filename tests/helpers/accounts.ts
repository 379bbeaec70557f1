/** Account steps for stories that are about something else: confirming a new account's address the way its owner would. */
import type { Kysely } from "kysely";
import type { Database } from "#db/schema";
import type { TestUser } from "./fixtures";
import { newestQueuedMail, tokenIn } from "./mailbox";

/**
 * Opens the confirmation link emailed at sign-up (read from the outbox, so
 * it works whatever the transport and whichever process sent it).
 */
export async function confirmAddressByLink(server: { url: string; origin: string }, db: Kysely<Database>, email: string): Promise<void> {
  const token = tokenIn(await newestQueuedMail(db, email, "email_verification"), "/verify-email/");
  const response = await fetch(`${server.url}/trpc/account.confirmEmail`, {
    method: "POST",
    headers: { origin: server.origin, "content-type": "application/json" },
    body: JSON.stringify({ token }),
  });
  if (response.status !== 200) throw new Error(`confirming ${email} failed: ${response.status} ${await response.text()}`);
}

/**
 * Someone signs up with this address over HTTP, as the browser would, and
 * never confirms it (a squatter, in the claim stories): the account and the
 * Cookie header of its session.
 */
export async function signUpUnconfirmed(server: { url: string; origin: string; deps: { db: Kysely<Database> } }, email: string, name = "Sam Squatter"): Promise<{ user: TestUser; cookie: string }> {
  const password = "squatter's password";
  const response = await fetch(`${server.url}/trpc/auth.signUp`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.origin },
    body: JSON.stringify({ name, email, password }),
  });
  if (response.status !== 200) throw new Error(`signing up ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const row = await server.deps.db.selectFrom("users").select(["id", "email", "name"]).where("email", "=", email).executeTakeFirstOrThrow();
  return { user: { ...row, password }, cookie };
}
