/**
 * Every kind of change writes its audit entry in the same transaction as
 * the change. Proof, for each kind: while the database refuses to store
 * that one audit action, the change must not happen at all; once it
 * accepts it, the change happens and exactly one entry names who did it.
 *
 * To cover a new kind of change, add a case: how to prepare, how to make
 * the change, and how to look at what it changes. The first test fails
 * while any action the server code records has no case.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../server/services/audit";
import { addMember, callerAs, createUser, createWorkspaceOwnedBy, sessionCookie, type TestUser } from "./helpers/fixtures";
import { callerWithCookie } from "./helpers/owner";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  // A switch for the proof: refuse to store one chosen action.
  await sql`
    create table audit_refusals (action text primary key);
    create function refuse_chosen_audit() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from audit_refusals where action = new.action) then
        raise exception 'test refuses to record %', new.action;
      end if;
      return new;
    end $$;
    create trigger refuse_chosen_audit before insert on audit_events for each row execute function refuse_chosen_audit();
  `.execute(server.deps.db);
});
afterAll(async () => {
  await server.stop();
});

interface Scene {
  owner: TestUser;
  ownerCookie: string;
  ws: { id: string; slug: string };
  member: TestUser;
  memberMembershipId: string;
}

interface AuditCase<P = unknown> {
  action: string;
  prepare?(scene: Scene): Promise<P>;
  change(scene: Scene, prepared: P): Promise<unknown>;
  /** What the change changes, in a form that compares equal when nothing changed. */
  observe(scene: Scene, prepared: P): Promise<unknown>;
  actor(scene: Scene): Actor;
}

function auditCase<P>(c: AuditCase<P>): AuditCase<unknown> {
  return c as AuditCase<unknown>;
}

const asOwner = (s: Scene) => callerWithCookie(server.deps, s.ownerCookie);
const ownerActor = (s: Scene): Actor => ({ userId: s.owner.id, impersonatorUserId: null });

const workspaceRow = (s: Scene) => server.deps.db.selectFrom("workspaces").selectAll().where("id", "=", s.ws.id).executeTakeFirst();
const impersonationsOf = (s: Scene) =>
  server.deps.db.selectFrom("impersonations").select(["id", "ended_at"]).where("workspace_id", "=", s.ws.id).orderBy("started_at").execute();

const cases: AuditCase[] = [
  auditCase({
    action: "workspace.created",
    change: (s) => createWorkspaceOwnedBy(server.deps, s.owner, "Another One"),
    observe: (s) => server.deps.db.selectFrom("workspaces").select("id").where("created_by", "=", s.owner.id).execute(),
    actor: ownerActor,
  }),
  auditCase({
    action: "plan.changed",
    change: (s) => asOwner(s).billing.changePlan({ workspaceSlug: s.ws.slug, plan: "enterprise" }),
    observe: workspaceRow,
    actor: ownerActor,
  }),
  auditCase({
    action: "impersonation.started",
    change: (s) => asOwner(s).impersonation.start({ workspaceSlug: s.ws.slug, membershipId: s.memberMembershipId }),
    observe: async (s) => ({
      impersonations: await impersonationsOf(s),
      session: await server.deps.db.selectFrom("sessions").select("impersonation_id").where("user_id", "=", s.owner.id).execute(),
    }),
    actor: ownerActor,
  }),
  auditCase({
    action: "impersonation.ended",
    prepare: (s) => asOwner(s).impersonation.start({ workspaceSlug: s.ws.slug, membershipId: s.memberMembershipId }),
    change: (s) => asOwner(s).impersonation.stop(),
    observe: impersonationsOf,
    actor: ownerActor,
  }),
  auditCase({
    action: "workspace.deleted",
    change: async (s) => (await callerAs(server.deps, s.owner)).workspaceDeletion.delete({ workspaceSlug: s.ws.slug, confirmName: "Audited Co" }),
    observe: async (s) => ({
      workspace: await workspaceRow(s),
      members: await server.deps.db.selectFrom("memberships").select("id").where("workspace_id", "=", s.ws.id).execute(),
    }),
    actor: ownerActor,
  }),
];

/** Actions whose proof is of another shape, and where it lives. */
const coveredElsewhere: Record<string, string> = {
  "impersonation.action":
    "a trail of every attempt while viewing as a member, written after the call by design; the change's own entry names both people (tests/impersonation.test.ts)",
};

/** Every `action: "area.verb"` literal in the server code. */
function actionsWrittenByTheServer(): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (file.endsWith(".ts")) {
        for (const match of readFileSync(file, "utf8").matchAll(/action: "([a-z_]+\.[a-z_]+)"/g)) if (match[1]) found.add(match[1]);
      }
    }
  };
  walk(path.resolve("server"));
  return [...found].sort();
}

async function scene(): Promise<Scene> {
  const owner = await createUser(server.deps, { name: "Audit Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Audited Co");
  const member = await createUser(server.deps, { name: "Audit Member" });
  const memberMembershipId = await addMember(server.deps, ws.id, member, ["member"]);
  return { owner, ownerCookie: await sessionCookie(server.deps, owner), ws, member, memberMembershipId };
}

async function entriesOf(action: string) {
  return server.deps.db.selectFrom("audit_events").select(["id", "actor_user_id", "impersonator_user_id"]).where("action", "=", action).execute();
}

describe("audit entries, in the same transaction as the change", () => {
  it("has a case for every kind of change the server records", () => {
    const covered = new Set([...cases.map((c) => c.action), ...Object.keys(coveredElsewhere)]);
    const written = actionsWrittenByTheServer();
    expect(written.length).toBeGreaterThan(4);
    expect(written.filter((a) => !covered.has(a)), "actions without a case in tests/audit-coverage.test.ts").toEqual([]);
  });

  it.each(cases.map((c) => [c.action, c] as const))("%s", async (action, auditCase) => {
    const s = await scene();
    const prepared = auditCase.prepare ? await auditCase.prepare(s) : undefined;
    const before = await auditCase.observe(s, prepared);
    const entriesBefore = await entriesOf(action);

    // The entry cannot be written: the change must not happen either.
    await sql`insert into audit_refusals (action) values (${action})`.execute(server.deps.db);
    try {
      await expect(auditCase.change(s, prepared)).rejects.toBeTruthy();
    } finally {
      await sql`delete from audit_refusals`.execute(server.deps.db);
    }
    expect(await auditCase.observe(s, prepared), "nothing changed without its audit entry").toEqual(before);
    expect(await entriesOf(action)).toEqual(entriesBefore);

    // The entry can be written: the change happens, with exactly one entry naming who did it.
    await auditCase.change(s, prepared);
    expect(await auditCase.observe(s, prepared), "the change happened").not.toEqual(before);
    const known = new Set(entriesBefore.map((e) => e.id));
    const added = (await entriesOf(action)).filter((e) => !known.has(e.id));
    expect(added).toHaveLength(1);
    expect({ userId: added[0]?.actor_user_id, impersonatorUserId: added[0]?.impersonator_user_id }).toEqual(auditCase.actor(s));
  });
});
