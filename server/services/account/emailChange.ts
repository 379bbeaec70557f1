/**
 * Changing the account's email address. The new address counts only once
 * the link sent to it is opened (verification.ts); the old address is told
 * when the change is asked for and when it happens. If the new address
 * already has an account, the requester sees the same answer as for a free
 * one, and the new address gets a notice instead of a link: only its owner
 * learns that it is taken.
 */
import { enqueueEmail } from "#emails/outbox";
import { renderConfirmNewEmail, renderEmailChangeRequested, renderNewEmailInUse } from "#emails/templates/account/emailChange";
import { accountLink, accountTokenLifetimeMinutes, endOpenAccountTokens, issueAccountToken } from "../../auth/accountTokens";
import { enforceRateLimit } from "../../auth/rateLimit";
import { confirmPassword } from "../../auth/reauth";
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import type { RequestInfo } from "../requestInfo";
import { inTransaction } from "../transaction";

export async function requestEmailChange(deps: AppDeps, userId: string, input: { newEmail: string; password: string }, request: RequestInfo): Promise<{ pendingEmail: string }> {
  const current = await deps.db.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirstOrThrow();
  if (current.email === input.newEmail) throw new AppError("EMAIL_CHANGE_SAME", undefined, { field: "newEmail" });
  await confirmPassword(deps, userId, input.password);
  await enforceRateLimit(deps.db, deps.rateLimits.emailChange, { user: userId, client: request.ip });
  return inTransaction(deps, async (tx) => {
    const user = await tx.db.selectFrom("users").select(["id", "name", "email"]).where("id", "=", userId).forUpdate().executeTakeFirstOrThrow();
    const taken = await tx.db.selectFrom("users").select("id").where("email", "=", input.newEmail).executeTakeFirst();
    // Recorded as pending either way, so the settings page looks the same whether or not the address is taken.
    const issued = await issueAccountToken(tx.db, { userId: user.id, purpose: "change_email", email: input.newEmail });
    const origin = deps.config.publicOrigin;
    await enqueueEmail(tx, {
      workspaceId: null,
      kind: taken ? "email_change_in_use" : "email_change",
      referenceId: issued.id,
      to: input.newEmail,
      from: deps.config.email.from,
      message: taken
        ? renderNewEmailInUse({ newEmail: input.newEmail, signInUrl: `${origin}/sign-in`, forgotUrl: `${origin}/forgot-password` })
        : renderConfirmNewEmail({
            name: user.name,
            newEmail: input.newEmail,
            confirmUrl: accountLink(origin, "change_email", issued.token),
            hours: accountTokenLifetimeMinutes.change_email / 60,
          }),
    });
    await enqueueEmail(tx, {
      workspaceId: null,
      kind: "email_change_notice",
      referenceId: issued.id,
      to: user.email,
      from: deps.config.email.from,
      message: renderEmailChangeRequested({ name: user.name, newEmail: input.newEmail, forgotUrl: `${origin}/forgot-password` }),
    });
    return { pendingEmail: input.newEmail };
  });
}

export async function cancelEmailChange(deps: AppDeps, userId: string): Promise<{ cancelled: boolean }> {
  const ended = await endOpenAccountTokens(deps.db, userId, ["change_email"], "cancelled");
  return { cancelled: ended > 0 };
}
