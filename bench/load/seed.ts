/**
 * The bench's workspace: an owner signed up through the API, a workspace
 * created through the API, and members (with sessions for their sockets)
 * inserted in bulk, respecting the same rules the app does.
 */
import { randomBytes } from "node:crypto";
import { sessionIdOf } from "#server/auth/sessions";
import type { Kysely } from "kysely";
import type { Database } from "#db/schema";

export interface BenchWorkspace {
  slug: string;
  workspaceId: string;
  ownerCookie: string;
  ownerRoleId: string;
  memberRoleId: string;
  /** Cookies of members holding admin (they see invitations live) and of plain members. */
  adminCookies: string[];
  memberCookies: string[];
}

async function postJson(url: string, origin: string, path: string, body: unknown, cookie?: string): Promise<Response> {
  return fetch(`${url}/trpc/${path}`, {
    method: "POST",
    headers: { origin, "content-type": "application/json", ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

export async function seedBenchWorkspace(db: Kysely<Database>, server: { url: string; origin: string }, people: { admins: number; members: number }): Promise<BenchWorkspace> {
  const suffix = randomBytes(3).toString("hex");
  const signUp = await postJson(server.url, server.origin, "auth.signUp", { name: "Bench Owner", email: `bench.owner.${suffix}@example.com`, password: "bench password 123" });
  if (signUp.status !== 200) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
  const ownerCookie = (signUp.headers.get("set-cookie") ?? "").split(";")[0] as string;
  // The owner confirms their address with the emailed link (creating a workspace and inviting need it).
  const confirmation = await db.selectFrom("email_outbox").select("text_body").where("to_address", "=", `bench.owner.${suffix}@example.com`).where("kind", "=", "email_verification").executeTakeFirstOrThrow();
  const token = /\/verify-email\/([A-Za-z0-9_-]+)/.exec(confirmation.text_body)?.[1] ?? "";
  const confirmed = await postJson(server.url, server.origin, "account.confirmEmail", { token });
  if (confirmed.status !== 200) throw new Error(`confirming the owner's address failed: ${confirmed.status} ${await confirmed.text()}`);
  const created = await postJson(server.url, server.origin, "workspaces.create", { name: `Bench ${suffix}` }, ownerCookie);
  const { slug, id: workspaceId } = ((await created.json()) as { result: { data: { slug: string; id: string } } }).result.data;

  const roles = await db.selectFrom("roles").select(["id", "builtin_key"]).where("workspace_id", "=", workspaceId).execute();
  const roleId = (key: string) => {
    const role = roles.find((r) => r.builtin_key === key);
    if (!role) throw new Error(`no ${key} role`);
    return role.id;
  };

  async function addPeople(count: number, role: "admin" | "member"): Promise<string[]> {
    if (count === 0) return [];
    const users = await db
      .insertInto("users")
      .values(Array.from({ length: count }, (_, i) => ({ email: `bench.${role}.${i}.${suffix}@example.com`, name: `Bench ${role} ${i}` })))
      .returning("id")
      .execute();
    const memberships = await db
      .insertInto("memberships")
      .values(users.map((u) => ({ workspace_id: workspaceId, user_id: u.id })))
      .returning("id")
      .execute();
    await db
      .insertInto("membership_roles")
      .values(memberships.map((m) => ({ workspace_id: workspaceId, membership_id: m.id, role_id: roleId(role), is_primary: true })))
      .execute();
    // The cookie carries the token; the row only its hash.
    const tokens = users.map(() => randomBytes(32).toString("base64url"));
    const sessions = users.map((u, i) => ({ id: sessionIdOf(tokens[i] ?? ""), user_id: u.id, expires_at: new Date(Date.now() + 3_600_000), ip: "127.0.0.1", user_agent: "bench" }));
    await db.insertInto("sessions").values(sessions).execute();
    return tokens.map((token) => `ta_session=${token}`);
  }

  return {
    slug,
    workspaceId,
    ownerCookie,
    ownerRoleId: roleId("owner"),
    memberRoleId: roleId("member"),
    adminCookies: await addPeople(people.admins, "admin"),
    memberCookies: await addPeople(people.members, "member"),
  };
}
