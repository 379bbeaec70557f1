/**
 * The one way an account comes to exist: the user row and its password,
 * written together in the caller's transaction. Sign-up, accepting an
 * invitation with a new account, the demo seed and the test fixtures all
 * make accounts here; hash the password first (`hashPassword`, outside the
 * transaction: it is slow on purpose).
 */
import { sql } from "kysely";
import type { Db } from "../transaction";

export interface NewAccount {
  email: string;
  name: string;
  passwordHash: string;
  /** When the address was proven: now for invitations, seeds and most tests; null until a sign-up opens its link (decision 17). */
  emailVerifiedAt: Date | null;
}

export interface AccountRow {
  id: string;
  name: string;
  email: string;
}

/**
 * Creates the account. An address already taken fails with the unique
 * violation (`users_email_unique`), for the caller to answer EMAIL_TAKEN;
 * `existing: "keep"` (seeding again) instead keeps that account and its
 * password, only marking the address confirmed if it was not.
 */
export async function createAccount(db: Db, account: NewAccount, options: { existing?: "fail" | "keep" } = {}): Promise<AccountRow> {
  const values = { email: account.email, name: account.name, email_verified_at: account.emailVerifiedAt };
  const user =
    options.existing === "keep"
      ? await db
          .insertInto("users")
          .values(values)
          .onConflict((oc) => oc.expression(sql`lower(email)`).doUpdateSet({ email_verified_at: sql`coalesce(users.email_verified_at, excluded.email_verified_at)` }))
          .returning(["id", "name", "email"])
          .executeTakeFirstOrThrow()
      : await db.insertInto("users").values(values).returning(["id", "name", "email"]).executeTakeFirstOrThrow();
  await db
    .insertInto("passwords")
    .values({ user_id: user.id, hash: account.passwordHash })
    .onConflict((oc) => oc.column("user_id").doNothing())
    .execute();
  return user;
}
