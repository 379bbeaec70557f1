/** The signed-in person's account as their settings pages show it. */
import { sql } from "kysely";
import type { AppDeps } from "../../deps";

export interface AccountOverview {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  /** A new address waiting for its link to be opened, if any. */
  pendingEmail: { email: string; expiresAt: string } | null;
  createdAt: string;
  passwordChangedAt: string | null;
}

export async function accountOverview(deps: AppDeps, userId: string): Promise<AccountOverview> {
  const row = await deps.db
    .selectFrom("users as u")
    .leftJoin("passwords as p", "p.user_id", "u.id")
    .leftJoin("account_tokens as t", (join) =>
      join
        .onRef("t.user_id", "=", "u.id")
        .on("t.purpose", "=", "change_email")
        .on("t.ended_at", "is", null)
        .on("t.expires_at", ">", sql<Date>`now()`),
    )
    .select(["u.id", "u.name", "u.email", "u.email_verified_at", "u.created_at", "p.updated_at as password_changed_at", "t.email as pending_email", "t.expires_at as pending_expires_at"])
    .where("u.id", "=", userId)
    .orderBy("t.created_at", "desc")
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    emailVerified: row.email_verified_at !== null,
    pendingEmail: row.pending_email && row.pending_expires_at ? { email: row.pending_email, expiresAt: row.pending_expires_at.toISOString() } : null,
    createdAt: row.created_at.toISOString(),
    passwordChangedAt: row.password_changed_at ? row.password_changed_at.toISOString() : null,
  };
}
