/**
 * Sign up, sign in, sign out. The same words answer a wrong password and an
 * unknown email; every attempt is counted before its password is checked,
 * and past the limits refused with the time to try again (decision 16).
 * Sign-up is counted per address and per client, and sends the link that
 * confirms the address.
 */
import type { Session, SessionUser } from "../../auth/sessions";
import type { AppDeps } from "../../deps";
import { AppError, isUniqueViolation } from "../../errors";
import { hashPassword, verifyPassword } from "../../auth/password";
import { enforceRateLimit } from "../../auth/rateLimit";
import { beginSignInAttempt, failureDelayMs, minutesUntil, signInSucceeded } from "../../auth/throttle";
import type { SignInInput, SignUpInput } from "../../schemas/auth";
import type { RequestInfo } from "../requestInfo";
import { queueVerificationEmail } from "../account/verification";
import { inTransaction } from "../transaction";
import { createAccount } from "./newAccount";
import { signOutSession, startSession, type WithCookie } from "./sessions";

export async function signUp(deps: AppDeps, input: SignUpInput, request: RequestInfo): Promise<{ userId: string } & WithCookie> {
  // Counted before anything else, so probing addresses or flooding inboxes is slowed the same way.
  await enforceRateLimit(deps.db, deps.rateLimits.signUp, { address: input.email, client: request.ip });
  const existing = await deps.db.selectFrom("users").select("id").where("email", "=", input.email).executeTakeFirst();
  if (existing) throw new AppError("EMAIL_TAKEN");
  const passwordHash = await hashPassword(input.password);
  let userId: string;
  try {
    userId = await inTransaction(deps, async (tx) => {
      // Unconfirmed until the emailed link is opened (decision 17).
      const user = await createAccount(tx.db, { email: input.email, name: input.name, passwordHash, emailVerifiedAt: null });
      await queueVerificationEmail(tx, deps, user);
      return user.id;
    });
  } catch (error) {
    // Two sign-ups with one email at once: the unique index decides.
    if (isUniqueViolation(error)) throw new AppError("EMAIL_TAKEN");
    throw error;
  }
  const { cookie } = await startSession(deps, userId, request);
  return { userId, cookie };
}

function lockedError(until: Date, now: Date): AppError {
  const minutes = minutesUntil(until, now);
  return new AppError("SIGN_IN_LOCKED", `Too many failed sign-in attempts. Please wait ${minutes} minute${minutes === 1 ? "" : "s"} before trying again.`, {
    retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
    retryAt: until.toISOString(),
  });
}

export async function signIn(deps: AppDeps, input: SignInInput, request: RequestInfo): Promise<{ userId: string } & WithCookie> {
  const attempt = await beginSignInAttempt(deps.db, input.email, request.ip, deps.throttle, deps.auth.now());
  // "Now" once decided: an attempt that queued behind the one that started the lock has less to wait.
  if (!attempt.allowed) throw lockedError(attempt.retryAt, deps.auth.now());

  const row = await deps.db.selectFrom("users").leftJoin("passwords", "passwords.user_id", "users.id").select(["users.id", "passwords.hash"]).where("users.email", "=", input.email).executeTakeFirst();
  const valid = await verifyPassword(row?.hash ?? null, input.password);
  if (!row || !valid) {
    const delayMs = failureDelayMs(attempt.failuresBefore, deps.throttle);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    throw new AppError("INVALID_CREDENTIALS");
  }
  await signInSucceeded(deps.db, input.email, request.ip);
  const { cookie } = await startSession(deps, row.id, request);
  return { userId: row.id, cookie };
}

export async function signOut(deps: AppDeps, session: Session): Promise<{ signedOut: true } & WithCookie> {
  const { cookie } = await signOutSession(deps, session);
  return { signedOut: true as const, cookie };
}

export interface Me {
  id: string;
  name: string;
  email: string;
}

export function toMe(user: SessionUser): Me {
  return { id: user.id, name: user.name, email: user.email };
}
