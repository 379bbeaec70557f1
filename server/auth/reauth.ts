/**
 * Re-authentication: the password again before a consequential action
 * (deleting a workspace, viewing as a member, changing the password or the
 * email). Checks are counted per account before the password is verified,
 * so a stolen session cannot be used to guess the password.
 */
import type { AppDeps } from "../deps";
import { AppError } from "../errors";
import { verifyPassword } from "./password";
import { enforceRateLimit } from "./rateLimit";

export async function confirmPassword(deps: Pick<AppDeps, "db" | "rateLimits">, userId: string, password: string | null | undefined): Promise<void> {
  if (!password) throw new AppError("REAUTH_REQUIRED");
  await enforceRateLimit(deps.db, deps.rateLimits.passwordCheck, { user: userId });
  const row = await deps.db.selectFrom("passwords").select("hash").where("user_id", "=", userId).executeTakeFirst();
  if (!(await verifyPassword(row?.hash ?? null, password))) throw new AppError("PASSWORD_INCORRECT");
}
