/** Changing the password from the account settings: the current one first; every other session ends. */
import { hashPassword } from "../../auth/password";
import { confirmPassword } from "../../auth/reauth";
import { endOpenAccountTokens } from "../../auth/accountTokens";
import type { AppDeps } from "../../deps";
import { inTransaction } from "../transaction";
import { queuePasswordChangedEmail } from "./passwordReset";
import { endOtherSessionsWithin } from "../auth/sessions";

export async function changePassword(deps: AppDeps, account: { userId: string; sessionId: string }, input: { currentPassword: string; newPassword: string }): Promise<{ otherSessionsEnded: number }> {
  await confirmPassword(deps, account.userId, input.currentPassword);
  const hash = await hashPassword(input.newPassword);
  return inTransaction(deps, async (tx) => {
    const user = await tx.db.selectFrom("users").select(["id", "name", "email"]).where("id", "=", account.userId).forUpdate().executeTakeFirstOrThrow();
    await tx.db
      .insertInto("passwords")
      .values({ user_id: user.id, hash })
      .onConflict((oc) => oc.column("user_id").doUpdateSet({ hash, updated_at: new Date() }))
      .execute();
    // A reset link asked for earlier must not undo this.
    await endOpenAccountTokens(tx.db, user.id, ["reset_password"], "replaced");
    const ended = await endOtherSessionsWithin(tx, deps, user.id, account.sessionId);
    await queuePasswordChangedEmail(tx, deps, user, "changed");
    return { otherSessionsEnded: ended.length };
  });
}
