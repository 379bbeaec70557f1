/**
 * Sign up, sign in, sign out. The same words answer a wrong password and an
 * unknown email; repeated failures are slowed down, then refused for a while.
 */
import type { Session, User } from "lucia";
import { endImpersonation } from "../impersonation/active";
import type { AppDeps } from "../../deps";
import { AppError, isUniqueViolation } from "../../errors";
import { hashPassword, verifyPassword } from "../../auth/password";
import { activeLock, minutesUntil, recordFailure, recordSuccess } from "../../auth/throttle";
import type { SignInInput, SignUpInput } from "../../schemas/auth";
import type { RequestInfo, ResponseControl } from "../../trpc/context";
import { inTransaction } from "../transaction";

async function startSession(deps: AppDeps, userId: string, request: RequestInfo, response: ResponseControl): Promise<Session> {
  const session = await deps.auth.createSession(userId, {
    ip: request.ip,
    user_agent: request.userAgent?.slice(0, 300) ?? null,
  });
  response.setCookie(deps.auth.createSessionCookie(session.id).serialize());
  // Emails to this person give times in the zone their browser reported (server/time/hints.ts).
  if (request.timeZone) await deps.db.updateTable("users").set({ time_zone: request.timeZone }).where("id", "=", userId).execute();
  return session;
}

export async function signUp(
  deps: AppDeps,
  input: SignUpInput,
  request: RequestInfo,
  response: ResponseControl,
): Promise<{ userId: string }> {
  const existing = await deps.db.selectFrom("users").select("id").where("email", "=", input.email).executeTakeFirst();
  if (existing) throw new AppError("EMAIL_TAKEN");
  const passwordHash = await hashPassword(input.password);
  let userId: string;
  try {
    userId = await inTransaction(deps, async (tx) => {
      const user = await tx.db
        .insertInto("users")
        .values({ email: input.email, name: input.name })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx.db.insertInto("passwords").values({ user_id: user.id, hash: passwordHash }).execute();
      return user.id;
    });
  } catch (error) {
    // Two sign-ups with one email at once: the unique index decides.
    if (isUniqueViolation(error)) throw new AppError("EMAIL_TAKEN");
    throw error;
  }
  await startSession(deps, userId, request, response);
  return { userId };
}

function lockedError(until: Date): AppError {
  const minutes = minutesUntil(until);
  return new AppError(
    "SIGN_IN_LOCKED",
    `Too many failed sign-in attempts. Please wait ${minutes} minute${minutes === 1 ? "" : "s"} before trying again.`,
    { retryAfterSeconds: Math.ceil((until.getTime() - Date.now()) / 1000) },
  );
}

export async function signIn(
  deps: AppDeps,
  input: SignInInput,
  request: RequestInfo,
  response: ResponseControl,
): Promise<{ userId: string }> {
  const lock = await activeLock(deps.db, input.email, request.ip);
  if (lock) throw lockedError(lock);

  const row = await deps.db
    .selectFrom("users")
    .leftJoin("passwords", "passwords.user_id", "users.id")
    .select(["users.id", "passwords.hash"])
    .where("users.email", "=", input.email)
    .executeTakeFirst();
  const valid = await verifyPassword(row?.hash ?? null, input.password);
  if (!row || !valid) {
    const { delayMs, lockedUntil } = await recordFailure(deps.db, input.email, request.ip, deps.throttle);
    if (lockedUntil) throw lockedError(lockedUntil);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    throw new AppError("INVALID_CREDENTIALS");
  }
  await recordSuccess(deps.db, input.email, request.ip);
  await startSession(deps, row.id, request, response);
  return { userId: row.id };
}

export async function signOut(deps: AppDeps, session: Session, response: ResponseControl): Promise<void> {
  // Signing out while viewing as a member ends that view (recorded), rather than leaving it open until its hour is up.
  if (session.impersonationId) {
    await endImpersonation(deps, session.impersonationId, "stopped", { userId: session.userId, impersonatorUserId: null });
  }
  await deps.auth.invalidateSession(session.id);
  response.setCookie(deps.auth.createBlankSessionCookie().serialize());
  await deps.realtime.publish({ endSessionIds: [session.id], refreshUserIds: [], events: [] });
}

export interface Me {
  id: string;
  name: string;
  email: string;
}

export function toMe(user: User): Me {
  return { id: user.id, name: user.name, email: user.email };
}
