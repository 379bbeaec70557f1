/**
 * Forgot password, following the OWASP cheat sheet:
 * - the request gets the same answer whether or not the address has an
 *   account, and the email (if any) is prepared after the answer has gone,
 *   so the answer takes as long either way;
 * - requests are counted per address and per client before anything else;
 * - the link is single-use, stored hashed, and works for one hour;
 * - the new password ends every session of the account, and the address
 *   is told.
 */
import { enqueueEmail } from "#emails/outbox";
import { renderPasswordChangedEmail } from "#emails/templates/account/passwordChanged";
import { renderPasswordResetEmail } from "#emails/templates/account/passwordReset";
import {
  accountLink,
  accountTokenLifetimeMinutes,
  type AccountTokenState,
  accountTokenState,
  endOpenAccountTokens,
  findAccountToken,
  issueAccountToken,
  markAccountTokenUsed,
  usableAccountToken,
} from "../../auth/accountTokens";
import { hashPassword } from "../../auth/password";
import { enforceRateLimit } from "../../auth/rateLimit";
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import type { RequestInfo } from "../requestInfo";
import { inTransaction, type Tx } from "../transaction";
import { endOtherSessionsWithin } from "../auth/sessions";

/** The answer to every reset request that is not refused for being too frequent. */
export const resetRequestAnswer = { accepted: true as const };

export async function requestPasswordReset(deps: AppDeps, email: string, request: RequestInfo): Promise<typeof resetRequestAnswer> {
  await enforceRateLimit(deps.db, deps.rateLimits.passwordReset, { address: email, client: request.ip });
  deps.background.run("password reset email", () => sendPasswordReset(deps, email), deps.log);
  return resetRequestAnswer;
}

/** Queues the reset email if the address has an account; does nothing otherwise. */
export async function sendPasswordReset(deps: AppDeps, email: string): Promise<boolean> {
  return inTransaction(deps, async (tx) => {
    const user = await tx.db.selectFrom("users").select(["id", "email"]).where("email", "=", email).forUpdate().executeTakeFirst();
    if (!user) return false;
    const issued = await issueAccountToken(tx.db, { userId: user.id, purpose: "reset_password", email: user.email });
    await enqueueEmail(tx, {
      workspaceId: null,
      kind: "password_reset",
      referenceId: issued.id,
      to: user.email,
      from: deps.config.email.from,
      message: renderPasswordResetEmail({
        resetUrl: accountLink(deps.config.publicOrigin, "reset_password", issued.token),
        minutes: accountTokenLifetimeMinutes.reset_password,
      }),
    });
    return true;
  });
}

/** What the reset page shows for a link: the form (with the address), or why it can't be used. */
export async function passwordResetLink(deps: AppDeps, token: string): Promise<{ state: AccountTokenState; email: string | null }> {
  const row = await findAccountToken(deps.db, token, ["reset_password"]);
  const state = accountTokenState(row);
  return { state, email: state === "valid" && row ? row.email : null };
}

/** Queues "your password was changed" to the account's address. */
export async function queuePasswordChangedEmail(tx: Tx, deps: AppDeps, user: { id: string; name: string; email: string }, how: "reset" | "changed"): Promise<void> {
  await enqueueEmail(tx, {
    workspaceId: null,
    kind: "password_changed",
    referenceId: null,
    to: user.email,
    from: deps.config.email.from,
    message: renderPasswordChangedEmail({ name: user.name, how, forgotUrl: `${deps.config.publicOrigin}/forgot-password` }),
  });
}

export async function resetPassword(deps: AppDeps, input: { token: string; password: string }): Promise<{ email: string }> {
  const hash = await hashPassword(input.password);
  return inTransaction(deps, async (tx) => {
    const link = usableAccountToken(await findAccountToken(tx.db, input.token, ["reset_password"], { lock: true }));
    const user = await tx.db.selectFrom("users").select(["id", "name", "email"]).where("id", "=", link.userId).forUpdate().executeTakeFirstOrThrow();
    if (user.email !== link.email) throw new AppError("ACCOUNT_LINK_REPLACED");
    await tx.db
      .insertInto("passwords")
      .values({ user_id: user.id, hash })
      .onConflict((oc) => oc.column("user_id").doUpdateSet({ hash, updated_at: new Date() }))
      .execute();
    await markAccountTokenUsed(tx.db, link.id);
    await endOpenAccountTokens(tx.db, user.id, ["reset_password"], "replaced");
    // The link reached this inbox: the address is proven.
    await tx.db.updateTable("users").set({ email_verified_at: new Date() }).where("id", "=", user.id).where("email_verified_at", "is", null).execute();
    // Whoever was signed in (perhaps the reason for the reset) is signed out everywhere.
    await endOtherSessionsWithin(tx, deps, user.id, null);
    await queuePasswordChangedEmail(tx, deps, user, "reset");
    return { email: user.email };
  });
}
