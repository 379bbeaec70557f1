/**
 * A workspace of named people for the access-rails stories, each with a
 * session cookie and a tRPC client over real HTTP (as a browser would call
 * the API), so every hole is reproduced the way an attacker would use it.
 */
import type { BuiltInRoleKey } from "#shared/permissions/builtinRoles";
import type { Permission } from "#shared/permissions/catalogue";
import { addMember, createUser, createWorkspaceOwnedBy, httpClient, sessionCookie, sessionIdOfCookie, type TestUser, uniqueEmail } from "../helpers/fixtures";
import { roleIdsByKey, tokenFromMailbox } from "../helpers/invitations";
import type { TestServer } from "../helpers/server";

export interface Person extends TestUser {
  membershipId: string;
  cookie: string;
  http: ReturnType<typeof httpClient>;
}

export interface RailsWorkspace<K extends string> {
  ws: { id: string; slug: string };
  roleIds: Record<BuiltInRoleKey, string>;
  owner: Person;
  people: Record<K, Person>;
}

/** The creator is the first Owner (Olivia); everyone else joins with the built-in roles given. */
export async function railsWorkspace<K extends string>(server: TestServer, name: string, people: Record<K, { name: string; roles: BuiltInRoleKey[]; reportsTo?: NoInfer<K> }>): Promise<RailsWorkspace<K>> {
  const ownerUser = await createUser(server.deps, { name: "Olivia Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, ownerUser, name);
  const ownerMembership = await server.deps.db.selectFrom("memberships").select("id").where("workspace_id", "=", ws.id).where("user_id", "=", ownerUser.id).executeTakeFirstOrThrow();
  const owner = await withClient(server, ownerUser, ownerMembership.id);
  const made = {} as Record<K, Person>;
  // Managers first, so a report can name theirs.
  const keys = (Object.keys(people) as K[]).sort((a, b) => Number(Boolean(people[a].reportsTo)) - Number(Boolean(people[b].reportsTo)));
  for (const key of keys) {
    const spec = people[key];
    const user = await createUser(server.deps, { name: spec.name });
    const managerId = spec.reportsTo ? made[spec.reportsTo].membershipId : null;
    const membershipId = await addMember(server.deps, ws.id, user, spec.roles, { managerId });
    made[key] = await withClient(server, user, membershipId);
  }
  const roleIds = (await roleIdsByKey(server.deps, ws.id)) as Record<BuiltInRoleKey, string>;
  return { ws, roleIds, owner, people: made };
}

async function withClient(server: TestServer, user: TestUser, membershipId: string): Promise<Person> {
  const cookie = await sessionCookie(server.deps, user);
  return { ...user, membershipId, cookie, http: httpClient(server, cookie) };
}

/** A page or download fetched over HTTP with a person's cookie (GET), or a form posted as the browser would. */
export async function fetchAs(server: TestServer, cookie: string | null, path: string, form?: Record<string, string>): Promise<Response> {
  const headers: Record<string, string> = { origin: server.origin };
  if (cookie) headers.cookie = cookie;
  if (!form) return fetch(`${server.url}${path}`, { headers, redirect: "manual" });
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
    redirect: "manual",
  });
}

export async function auditRows(server: TestServer, workspaceId: string, actions: string[]) {
  return server.deps.db
    .selectFrom("audit_events")
    .select(["action", "actor_user_id", "impersonator_user_id", "target_id", "target_label", "after"])
    .where("workspace_id", "=", workspaceId)
    .where("action", "in", actions)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** `by` invites one address to these roles (the first primary); its id, address and the token from the mailbox. */
export async function inviteAs(server: TestServer, by: Person, workspaceSlug: string, roleIds: string[], email = uniqueEmail("invitee")) {
  const answer = await by.http.invitations.invite.mutate({ workspaceSlug, emails: [email], roleIds, primaryRoleId: roleIds[0] ?? "" });
  const id = answer.results[0]?.invitationId;
  if (!id) throw new Error(`Not invited: ${answer.results[0]?.message}`);
  return { id, email, token: await tokenFromMailbox(server, email) };
}

export async function impersonationRow(server: TestServer, id: string) {
  return server.deps.db.selectFrom("impersonations").select(["ended_at", "end_reason"]).where("id", "=", id).executeTakeFirstOrThrow();
}

/** The view the session behind this cookie is in; the session must exist (a missing row would prove nothing). */
export async function sessionImpersonation(server: TestServer, cookie: string) {
  const row = await server.deps.db.selectFrom("sessions").select("impersonation_id").where("id", "=", sessionIdOfCookie(cookie)).executeTakeFirstOrThrow();
  return row.impersonation_id;
}

/** A custom role written straight into the database, as one made before a rule existed would be: each permission at scope "all". */
export async function legacyRole(server: TestServer, workspaceId: string, name: string, permissions: Permission[]): Promise<{ id: string }> {
  const role = await server.deps.db.insertInto("roles").values({ workspace_id: workspaceId, name, description: "" }).returning("id").executeTakeFirstOrThrow();
  await server.deps.db
    .insertInto("role_permissions")
    .values(permissions.map((permission) => ({ role_id: role.id, permission, scope: "all" as const })))
    .execute();
  return role;
}
