/**
 * Emailed account links: confirm an address, reset a password, confirm a
 * new address. 256 random bits, sent only in the email; the database keeps
 * their SHA-256, so a copy of it cannot be used. Each works once, until it
 * expires, and a newer link of the same kind replaces the older one.
 */
import { createHash, randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { AccountTokenEndReason, AccountTokenPurpose, Database } from "#db/schema";
import { AppError } from "../errors";
import type { Db } from "../services/transaction";

/** How long each kind of link works, in minutes. A reset link works for one hour (OWASP). */
export const accountTokenLifetimeMinutes: Record<AccountTokenPurpose, number> = {
  verify_email: 48 * 60,
  reset_password: 60,
  change_email: 24 * 60,
};

/** The page each kind of link opens. */
export const accountLinkPaths: Record<AccountTokenPurpose, string> = {
  verify_email: "/verify-email/",
  reset_password: "/reset-password/",
  change_email: "/verify-email/",
};

export function hashAccountToken(token: string): Buffer {
  return createHash("sha256").update(token.trim(), "utf8").digest();
}

export function accountLink(publicOrigin: string, purpose: AccountTokenPurpose, token: string): string {
  return `${publicOrigin}${accountLinkPaths[purpose]}${token}`;
}

export interface IssuedToken {
  id: string;
  token: string;
  expiresAt: Date;
}

/** Ends the open links of these kinds for the user (a newer one replaces them, or they no longer apply). */
export async function endOpenAccountTokens(db: Db, userId: string, purposes: AccountTokenPurpose[], reason: AccountTokenEndReason): Promise<number> {
  if (purposes.length === 0) return 0;
  const result = await db
    .updateTable("account_tokens")
    .set({ ended_at: sql<Date>`now()`, end_reason: reason })
    .where("user_id", "=", userId)
    .where("purpose", "in", purposes)
    .where("ended_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A new link for the user; an older open link of the same kind stops working. */
export async function issueAccountToken(db: Db, input: { userId: string; purpose: AccountTokenPurpose; email: string }): Promise<IssuedToken> {
  await endOpenAccountTokens(db, input.userId, [input.purpose], "replaced");
  const token = randomBytes(32).toString("base64url");
  const row = await db
    .insertInto("account_tokens")
    .values({
      user_id: input.userId,
      purpose: input.purpose,
      token_hash: hashAccountToken(token),
      email: input.email,
      expires_at: sql<Date>`now() + ${`${accountTokenLifetimeMinutes[input.purpose]} minutes`}::interval`,
    })
    .returning(["id", "expires_at"])
    .executeTakeFirstOrThrow();
  return { id: row.id, token, expiresAt: row.expires_at };
}

export interface AccountTokenRow {
  id: string;
  userId: string;
  purpose: AccountTokenPurpose;
  email: string;
  expiresAt: Date;
  endedAt: Date | null;
  endReason: AccountTokenEndReason | null;
}

export type AccountTokenState = "valid" | "invalid" | "used" | "expired" | "replaced" | "cancelled";

/** The link's row, if the token is one of ours of one of these kinds; `lock` holds it for the rest of the transaction. */
export async function findAccountToken(db: Db, token: string, purposes: AccountTokenPurpose[], options: { lock?: boolean } = {}): Promise<AccountTokenRow | undefined> {
  let query = db.selectFrom("account_tokens").select(["id", "user_id", "purpose", "email", "expires_at", "ended_at", "end_reason"]).where("token_hash", "=", hashAccountToken(token)).where("purpose", "in", purposes);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    userId: row.user_id,
    purpose: row.purpose,
    email: row.email,
    expiresAt: row.expires_at,
    endedAt: row.ended_at,
    endReason: row.end_reason,
  };
}

export function accountTokenState(row: AccountTokenRow | undefined, now: Date = new Date()): AccountTokenState {
  if (!row) return "invalid";
  if (row.endReason) return row.endReason;
  return row.expiresAt.getTime() <= now.getTime() ? "expired" : "valid";
}

const refusals: Record<Exclude<AccountTokenState, "valid">, ConstructorParameters<typeof AppError>[0]> = {
  invalid: "ACCOUNT_LINK_INVALID",
  used: "ACCOUNT_LINK_USED",
  expired: "ACCOUNT_LINK_EXPIRED",
  replaced: "ACCOUNT_LINK_REPLACED",
  cancelled: "ACCOUNT_LINK_CANCELLED",
};

/** Throws the clear refusal for a link that cannot be used now; returns the row when it can. */
export function usableAccountToken(row: AccountTokenRow | undefined): AccountTokenRow {
  const state = accountTokenState(row);
  if (state !== "valid" || !row) throw new AppError(refusals[state === "valid" ? "invalid" : state]);
  return row;
}

/** Marks a link used (inside the transaction that did what it was for). */
export async function markAccountTokenUsed(db: Db, id: string): Promise<void> {
  await db
    .updateTable("account_tokens")
    .set({ ended_at: sql<Date>`now()`, end_reason: "used" })
    .where("id", "=", id)
    .execute();
}
