/**
 * The real side of the model-based test: one workspace per sequence on the
 * test's own server, with a cast of eight people (six members, two with
 * accounts but no membership), each with a session, a tRPC client over
 * HTTP and a live Socket.IO connection; and the checks of the invariants
 * against that real system after every step.
 */
import { sql } from "kysely";
import { TRPCClientError } from "@trpc/client";
import { expect } from "vitest";
import type { Plan } from "#db/schema";
import type { BuiltInRoleKey } from "#shared/permissions/builtinRoles";
import { rooms } from "#shared/realtime/events";
import { addMember, createUser, createWorkspaceOwnedBy, httpClient, sessionCookie, type TestUser } from "../../helpers/fixtures";
import { roleIdsByKey } from "../../helpers/invitations";
import type { TestServer } from "../../helpers/server";
import { connectSocket, type LiveSocket, roomsOf } from "../../helpers/sockets";
import { builtInGrants, builtInKeysOf, effectivePermissions, identityOf, isActive, type Model, rolePermissions, seatLimits, seats, sortedEntries, workspacePermissionsOf } from "./spec";

export interface RealPerson extends TestUser {
  key: number;
  cookie: string;
  http: ReturnType<typeof httpClient>;
  socket: LiveSocket;
  membershipId: string | null;
}

export interface Real {
  server: TestServer;
  ws: { id: string; slug: string };
  people: RealPerson[];
  /** Sockets to close when the sequence ends. */
  sockets: LiveSocket[];
}

/** Who starts where: two Owners, an Admin, a Manager with a Member and a Viewer reporting to him, and two people not yet in the workspace. */
export const cast: Array<{ name: string; roles: BuiltInRoleKey[] | null; reportsTo?: number }> = [
  { name: "Olivia Owner", roles: ["owner"] },
  { name: "Amara Owner", roles: ["owner"] },
  { name: "Adam Admin", roles: ["admin"] },
  { name: "Max Manager", roles: ["manager"] },
  { name: "Mia Member", roles: ["member"], reportsTo: 3 },
  { name: "Vic Viewer", roles: ["viewer"], reportsTo: 3 },
  { name: "Ivy Outsider", roles: null },
  { name: "Noah Outsider", roles: null },
];

let sequence = 0;

export async function setUp(server: TestServer, plan: Plan): Promise<{ model: Model; real: Real }> {
  sequence += 1;
  const users = [];
  for (const person of cast) users.push(await createUser(server.deps, { name: person.name }));
  const [creator] = users as [TestUser];
  const ws = await createWorkspaceOwnedBy(server.deps, creator, `Model ${sequence} ${crypto.randomUUID().slice(0, 6)}`);
  // The trial is over: the plan's seat limit applies from the first step.
  await server.deps.db
    .updateTable("workspaces")
    .set({ plan, trial_ends_at: new Date(Date.now() - 86_400_000) })
    .where("id", "=", ws.id)
    .execute();
  const roleIds = await roleIdsByKey(server.deps, ws.id);
  const people: RealPerson[] = [];
  const sockets: LiveSocket[] = [];
  for (const [key, user] of users.entries()) {
    const spec = cast[key];
    let membershipId: string | null = null;
    if (key === 0) {
      const row = await server.deps.db.selectFrom("memberships").select("id").where("workspace_id", "=", ws.id).where("user_id", "=", user.id).executeTakeFirstOrThrow();
      membershipId = row.id;
    } else if (spec?.roles) {
      const managerId = spec.reportsTo === undefined ? null : (people[spec.reportsTo]?.membershipId ?? null);
      membershipId = await addMember(server.deps, ws.id, user, spec.roles, { managerId });
    }
    const cookie = await sessionCookie(server.deps, user);
    const socket = await connectSocket(server, { cookie });
    sockets.push(socket);
    people.push({ ...user, key, cookie, http: httpClient(server, cookie), socket, membershipId });
  }
  const model: Model = {
    plan,
    roles: (Object.entries(roleIds) as Array<[BuiltInRoleKey, string]>).map(([key, id]) => ({ id, name: key, builtinKey: key, grants: builtInGrants(key) })),
    people: cast.map((c, key) => ({
      key,
      name: c.name,
      status: c.roles ? "active" : "never",
      roleIds: (c.roles ?? []).map((r) => roleIds[r] ?? ""),
    })),
    grants: [],
    invitations: [],
    links: [],
    views: new Map(),
    managerOf: new Map(cast.map((c, key) => [key, c.reportsTo ?? null])),
    stats: { steps: 0, allowed: 0, refused: 0 },
  };
  return { model, real: { server, ws, people, sockets } };
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: string };

/** A call's answer as allowed (with its value) or refused (with its stable code); anything else fails the test. */
export async function outcomeOf<T>(call: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    if (error instanceof TRPCClientError) {
      const data = error.data as { appCode?: string; httpStatus?: number } | undefined;
      if ((data?.httpStatus ?? 500) >= 500) throw error;
      return { ok: false, code: String(data?.appCode) };
    }
    throw error;
  }
}

/** The model and the server must agree on whether an action is allowed. */
export function expectAgreement(m: Model, what: string, expected: boolean, outcome: Outcome<unknown>): void {
  if (process.env.RAILS_MODEL_DEBUG) process.stdout.write(`  ${outcome.ok ? "ok " : "no "} ${what}${outcome.ok ? "" : ` (${outcome.code})`}\n`);
  if (outcome.ok) m.stats.allowed += 1;
  else m.stats.refused += 1;
  if (outcome.ok !== expected) {
    throw new Error(`${what}: the model says ${expected ? "allowed" : "refused"}, the server ${outcome.ok ? "allowed it" : `refused it (${outcome.code})`}`);
  }
}

/**
 * After every step:
 * 1. Nobody holds a permission that no one with the right to give it gave them: every person's access, over
 *    HTTP with their own session (as the member they view, while viewing), is exactly what the model allows.
 * 2. A removed person has no access on any channel: HTTP (NOT_FOUND), view-as (their session no longer carries
 *    anyone's access), and their live socket sits in none of the workspace's rooms.
 * 3. Seats in use never grow past the plan's limit (the trial is over), except by a plan change.
 * 4. The workspace always has an Owner.
 */
export async function checkInvariants(m: Model, r: Real, before: { active: number; used: number }, planChanged: boolean): Promise<void> {
  // View-as lives on the session row: only the views the model still allows are there, before any request
  // of the viewer could end one lazily (removal and role changes must end them at once).
  const views = await r.server.deps.db.selectFrom("sessions as s").innerJoin("impersonations as i", "i.id", "s.impersonation_id").select(["s.user_id", "i.member_user_id"]).where("i.workspace_id", "=", r.ws.id).execute();
  const userKey = new Map(r.people.map((p) => [p.id, p.key]));
  const real = views.map((v) => [userKey.get(v.user_id), userKey.get(v.member_user_id)]).sort();
  expect(real, "views as members still open").toEqual([...m.views.entries()].sort());

  await Promise.all(
    r.people.map(async (person) => {
      const identity = identityOf(m, person.key);
      const answer = await outcomeOf(person.http.workspaces.current.query({ workspaceSlug: r.ws.slug }));
      const who = `${person.name}${identity !== person.key ? ` (viewing as ${m.people[identity]?.name})` : ""}`;
      if (!isActive(m, identity)) {
        expect(answer, `${who} must have no access over HTTP`).toEqual({ ok: false, code: "NOT_FOUND" });
      } else {
        if (!answer.ok) throw new Error(`${who} should be in the workspace, got ${answer.code}`);
        expect(answer.value.membershipId, `${who}: whose access the session carries`).toBe(r.people[identity]?.membershipId);
        expect(sortedEntries(answer.value.access.permissions), `${who}: permissions`).toEqual(sortedEntries(effectivePermissions(m, identity)));
        expect(sortedEntries(answer.value.access.heldThroughRoles), `${who}: permissions held through roles`).toEqual(sortedEntries(rolePermissions(m, identity)));
        expect([...answer.value.access.builtInRoles].sort(), `${who}: built-in roles`).toEqual([...builtInKeysOf(m, identity)].sort());
      }
      // The socket follows the person's own access (never the viewed member's).
      const wsRooms = (await roomsOf(r.server, person.socket)).filter((room) => room.startsWith(rooms.workspace(r.ws.id))).sort();
      const expected = isActive(m, person.key) ? [rooms.workspace(r.ws.id), ...workspacePermissionsOf(m, person.key).map((p) => `${rooms.workspace(r.ws.id)}:p:${p}`)].sort() : [];
      expect(wsRooms, `${person.name}: socket rooms`).toEqual(expected);
    }),
  );

  const db = r.server.deps.db;
  const counts = await db
    .selectNoFrom((eb) => [
      eb.selectFrom("memberships").select(eb.fn.countAll<number>().as("n")).where("workspace_id", "=", r.ws.id).where("status", "=", "active").as("active"),
      // A seat is a person: an invitation to someone already an active member holds no second seat.
      sql<number>`(select count(*) from invitations i where i.workspace_id = ${r.ws.id} and i.status = 'pending'
        and not exists (select 1 from memberships m join users u on u.id = m.user_id
                        where m.workspace_id = i.workspace_id and m.status = 'active' and lower(u.email) = i.email))`.as("pending"),
      eb
        .selectFrom("membership_roles as mr")
        .innerJoin("roles as ro", "ro.id", "mr.role_id")
        .innerJoin("memberships as mm", "mm.id", "mr.membership_id")
        .select(eb.fn.countAll<number>().as("n"))
        .where("mr.workspace_id", "=", r.ws.id)
        .where("ro.builtin_key", "=", "owner")
        .where("mm.status", "=", "active")
        .as("owners"),
      eb.selectFrom("workspaces").select("plan").where("id", "=", r.ws.id).as("plan"),
    ])
    .executeTakeFirstOrThrow();
  const active = Number(counts.active);
  const used = active + Number(counts.pending);
  const limit = seatLimits[counts.plan as Plan];
  expect({ active, used }, "seats as the model counts them").toEqual({ active: seats(m).active, used: seats(m).used });
  if (!planChanged && limit !== null) {
    expect(used, "seats in use grew past the plan's limit").toBeLessThanOrEqual(Math.max(limit, before.used));
    expect(active, "members grew past the plan's limit").toBeLessThanOrEqual(Math.max(limit, before.active));
  }
  expect(Number(counts.owners), "the workspace has an Owner").toBeGreaterThanOrEqual(1);
}
