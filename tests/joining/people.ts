/** Newcomers for the joining stories: an account (confirmed unless said otherwise) with a session and an HTTP client. */
import { createHash } from "node:crypto";
import { createUser, httpClient, sessionCookie, uniqueEmail, appCodeOf } from "../helpers/fixtures";
import type { TestServer } from "../helpers/server";

export async function newcomer(server: TestServer, init: { name?: string; email?: string; verified?: boolean } = {}) {
  const user = await createUser(server.deps, { name: init.name ?? "Nina Newcomer", email: init.email ?? uniqueEmail("newcomer"), verified: init.verified });
  const cookie = await sessionCookie(server.deps, user);
  return { ...user, cookie, http: httpClient(server, cookie) };
}

export type Newcomer = Awaited<ReturnType<typeof newcomer>>;

/** Everyone uses the link at once: for each, "joined" or the code of the refusal. */
export async function joinAllAtOnce(people: Newcomer[], linkUrl: string): Promise<string[]> {
  return Promise.all(
    people.map((p) =>
      p.http.inviteLinks.join.mutate({ token: tokenOfLink(linkUrl) }).then(
        () => "joined",
        (e: unknown) => appCodeOf(Promise.reject(e)),
      ),
    ),
  );
}

export function tokenOfLink(url: string): string {
  return url.split("/join/").pop() ?? "";
}

export function sha256(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

export async function activeMembers(server: TestServer, workspaceId: string): Promise<number> {
  const row = await server.deps.db
    .selectFrom("memberships")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .where("status", "=", "active")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function rolesOf(server: TestServer, workspaceId: string, userId: string): Promise<string[]> {
  const rows = await server.deps.db
    .selectFrom("memberships as m")
    .innerJoin("membership_roles as mr", "mr.membership_id", "m.id")
    .innerJoin("roles as r", "r.id", "mr.role_id")
    .select("r.builtin_key")
    .where("m.workspace_id", "=", workspaceId)
    .where("m.user_id", "=", userId)
    .where("m.status", "=", "active")
    .execute();
  return rows.map((r) => r.builtin_key ?? "custom");
}
