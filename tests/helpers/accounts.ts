/** Account steps for stories that are about something else: confirming a new account's address the way its owner would. */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
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
