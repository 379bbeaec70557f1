/**
 * Confirming an email address: the link sent at sign-up (or on "resend"),
 * and opening it. The same page opens a link to confirm a new address
 * (see emailChange.ts), so both kinds are handled here.
 */
import { enqueueEmail } from "#emails/outbox";
import { renderEmailChanged } from "#emails/templates/account/emailChange";
import { renderVerifyEmail } from "#emails/templates/account/verifyEmail";
import { accountLink, accountTokenLifetimeMinutes, accountTokenState, endOpenAccountTokens, findAccountToken, issueAccountToken, markAccountTokenUsed, usableAccountToken } from "../../auth/accountTokens";
import { enforceRateLimit } from "../../auth/rateLimit";
import type { AppDeps } from "../../deps";
import { AppError, isUniqueViolation } from "../../errors";
import type { RequestInfo } from "../requestInfo";
import { inTransaction, type Tx } from "../transaction";

/** Queues the confirmation email in the caller's transaction (a newer link replaces an older one). */
export async function queueVerificationEmail(tx: Tx, deps: AppDeps, user: { id: string; name: string; email: string }): Promise<void> {
  const issued = await issueAccountToken(tx.db, { userId: user.id, purpose: "verify_email", email: user.email });
  await enqueueEmail(tx, {
    workspaceId: null,
    kind: "email_verification",
    referenceId: issued.id,
    to: user.email,
    from: deps.config.email.from,
    message: renderVerifyEmail({
      name: user.name,
      confirmUrl: accountLink(deps.config.publicOrigin, "verify_email", issued.token),
      hours: accountTokenLifetimeMinutes.verify_email / 60,
    }),
  });
}

export async function resendVerification(deps: AppDeps, userId: string, request: RequestInfo): Promise<{ sentTo: string | null; alreadyVerified: boolean }> {
  await enforceRateLimit(deps.db, deps.rateLimits.verificationResend, { user: userId, client: request.ip });
  return inTransaction(deps, async (tx) => {
    const user = await tx.db.selectFrom("users").select(["id", "name", "email", "email_verified_at"]).where("id", "=", userId).forUpdate().executeTakeFirstOrThrow();
    if (user.email_verified_at) return { sentTo: null, alreadyVerified: true };
    await queueVerificationEmail(tx, deps, user);
    return { sentTo: user.email, alreadyVerified: false };
  });
}

export type EmailLinkOutcome = { kind: "verified"; email: string; alreadyConfirmed: boolean } | { kind: "email_changed"; email: string; previousEmail: string };

async function lockUser(tx: Tx, userId: string) {
  return tx.db.selectFrom("users").select(["id", "name", "email", "email_verified_at"]).where("id", "=", userId).forUpdate().executeTakeFirstOrThrow();
}

/** Opens a confirmation link: confirms the address, or moves the account to its new address. */
export async function openEmailLink(deps: AppDeps, token: string): Promise<EmailLinkOutcome> {
  try {
    return await inTransaction(deps, async (tx) => {
      const row = await findAccountToken(tx.db, token, ["verify_email", "change_email"], { lock: true });
      // Opening a confirmation link twice (a reload, a second click) is not an error once the address is confirmed.
      if (row && row.purpose === "verify_email" && accountTokenState(row) === "used") {
        const user = await lockUser(tx, row.userId);
        if (user.email_verified_at && user.email === row.email) return { kind: "verified" as const, email: user.email, alreadyConfirmed: true };
      }
      const link = usableAccountToken(row);
      const user = await lockUser(tx, link.userId);
      if (link.purpose === "verify_email") {
        // The address changed since this link was sent: it proves nothing about the current one.
        if (user.email !== link.email) throw new AppError("ACCOUNT_LINK_REPLACED");
        await tx.db.updateTable("users").set({ email_verified_at: new Date() }).where("id", "=", user.id).where("email_verified_at", "is", null).execute();
        await markAccountTokenUsed(tx.db, link.id);
        return { kind: "verified" as const, email: user.email, alreadyConfirmed: user.email_verified_at !== null };
      }
      const taken = await tx.db.selectFrom("users").select("id").where("email", "=", link.email).where("id", "<>", user.id).executeTakeFirst();
      if (taken) throw new AppError("EMAIL_CHANGE_UNAVAILABLE");
      await tx.db.updateTable("users").set({ email: link.email, email_verified_at: new Date() }).where("id", "=", user.id).execute();
      await markAccountTokenUsed(tx.db, link.id);
      // Links sent to the old address (a reset, a confirmation) must not work any more.
      await endOpenAccountTokens(tx.db, user.id, ["verify_email", "reset_password", "change_email"], "replaced");
      await enqueueEmail(tx, {
        workspaceId: null,
        kind: "email_changed",
        referenceId: link.id,
        to: user.email,
        from: deps.config.email.from,
        message: renderEmailChanged({ name: user.name, newEmail: link.email }),
      });
      return { kind: "email_changed" as const, email: link.email, previousEmail: user.email };
    });
  } catch (error) {
    // Someone took the address between our check and the update.
    if (isUniqueViolation(error, "users_email_unique")) throw new AppError("EMAIL_CHANGE_UNAVAILABLE");
    throw error;
  }
}
