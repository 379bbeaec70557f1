/**
 * Building blocks for test stories: people, workspaces, memberships and
 * signed-in clients, created through the same services the app uses
 * (or, for bulk data, with plain inserts that respect the same rules).
 */
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { randomBytes } from "node:crypto";
import type { AppDeps } from "#server/deps";
import { hashPassword } from "#server/auth/password";
import { sessionIdOf } from "#server/auth/sessions";
import { createAccount } from "#server/services/auth/newAccount";
import type { BuiltInRoleKey } from "#shared/permissions/builtinRoles";
import { createWorkspace } from "#server/services/workspaces/workspaces";
import { createContext } from "#server/trpc/context";
import { describeError } from "#server/trpc/describeError";
import { type AppRouter, createCaller } from "#server/router";

export const defaultPassword = "correct horse battery staple";
let defaultHash: Promise<string> | null = null;

let counter = 0;
export function uniqueEmail(prefix = "person"): string {
  counter += 1;
  return `${prefix}.${counter}.${randomBytes(3).toString("hex")}@example.com`;
}

export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
}

/**
 * A person with an account. Confirmed (their address proven) unless the
 * story is about an unconfirmed account: `verified: false`.
 */
export async function createUser(deps: AppDeps, init: { name?: string; email?: string; verified?: boolean } = {}): Promise<TestUser> {
  defaultHash ??= hashPassword(defaultPassword);
  const email = (init.email ?? uniqueEmail()).toLowerCase();
  const name = init.name ?? `Person ${counter}`;
  const row = await createAccount(deps.db, { email, name, passwordHash: await defaultHash, emailVerifiedAt: init.verified === false ? null : new Date() });
  return { id: row.id, email, name, password: defaultPassword };
}

/** A session for the user, as the Cookie header a browser would send. */
export async function sessionCookie(deps: AppDeps, user: { id: string }): Promise<string> {
  const { token } = await deps.auth.createSession(user.id, { ip: "127.0.0.1", userAgent: "vitest" });
  return `${deps.auth.sessionCookieName}=${token}`;
}

/** The session id (the row's key: the SHA-256 of the token) behind a `name=token` Cookie header. */
export function sessionIdOfCookie(cookie: string): string {
  return sessionIdOf(cookie.slice(cookie.indexOf("=") + 1).split(";")[0] ?? "");
}

export async function createWorkspaceOwnedBy(deps: AppDeps, owner: TestUser, name = "Acme Inc."): Promise<{ id: string; slug: string }> {
  return createWorkspace(deps, { userId: owner.id, impersonatorUserId: null }, { name });
}

/** Adds an active member holding the given built-in roles (the first is primary). */
export async function addMember(deps: AppDeps, workspaceId: string, user: TestUser, roles: BuiltInRoleKey[], options: { managerId?: string | null; departmentId?: string | null } = {}): Promise<string> {
  const membership = await deps.db
    .insertInto("memberships")
    .values({ workspace_id: workspaceId, user_id: user.id, manager_id: options.managerId ?? null, department_id: options.departmentId ?? null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const roleRows = await deps.db.selectFrom("roles").select(["id", "builtin_key"]).where("workspace_id", "=", workspaceId).where("builtin_key", "in", roles).execute();
  await deps.db
    .insertInto("membership_roles")
    .values(
      roles.map((key, index) => {
        const role = roleRows.find((r) => r.builtin_key === key);
        if (!role) throw new Error(`No built-in role ${key}`);
        return { workspace_id: workspaceId, membership_id: membership.id, role_id: role.id, is_primary: index === 0 };
      }),
    )
    .execute();
  return membership.id;
}

/**
 * The tRPC router called in-process, as the given user (or signed out).
 * Cookies a procedure sets go to `cookies` when given (the caller itself is
 * a proxy of procedure names, so it cannot carry them).
 */
export async function callerAs(deps: AppDeps, user: { id: string } | null, cookies: string[] = []) {
  const cookieHeader = user ? await sessionCookie(deps, user) : null;
  const ctx = await createContext({
    deps,
    request: { ip: "127.0.0.1", userAgent: "vitest", cookieHeader },
    response: { setCookie: (c) => cookies.push(c) },
  });
  return createCaller(ctx);
}

/** A tRPC client over HTTP, like the browser's, with a session cookie and the app's Origin. */
export function httpClient(server: { url: string; origin: string }, cookie: string | null, extraHeaders: Record<string, string> = {}) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${server.url}/trpc`,
        headers: () => ({ origin: server.origin, ...(cookie ? { cookie } : {}), ...extraHeaders }),
      }),
    ],
  });
}

/** The stable product code of a refused call, whichever way it was made. */
export async function appCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCClientError) return String((error.data as { appCode?: string } | undefined)?.appCode);
    if (error instanceof Error && "code" in error) return describeError(error, false).appCode;
    throw error;
  }
  throw new Error("Expected the call to be refused, but it succeeded");
}
