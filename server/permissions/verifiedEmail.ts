/**
 * One rule for "may this account create workspaces and invite people?":
 * only once its email address is confirmed. Until then an account may sign
 * in, manage its own account, ask for a new confirmation link and accept
 * invitations sent to its address (which confirms it). Applied by the
 * `requireVerifiedEmail` middleware (server/trpc/trpc.ts); see decision 17.
 */
import type { Kysely } from "kysely";
import type { Database } from "#db/schema";
import { AppError } from "../errors";

export async function assertEmailVerified(db: Kysely<Database>, userId: string): Promise<void> {
  const row = await db.selectFrom("users").select("email_verified_at").where("id", "=", userId).executeTakeFirst();
  if (!row?.email_verified_at) throw new AppError("EMAIL_NOT_VERIFIED", undefined, { reason: "email_not_verified" });
}
