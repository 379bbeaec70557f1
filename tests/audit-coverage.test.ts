/**
 * Every kind of change writes its audit entry in the same transaction as
 * the change. Proof: PostgreSQL stamps each row version with the id of the
 * transaction that wrote it (xmin); the audit row and the changed row must
 * carry the same one. To cover a new kind of change, add a case below: do
 * the change, and say which row it changed.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/schema";
import { addMember, callerAs, createUser, createWorkspaceOwnedBy, sessionCookie, type TestUser } from "./helpers/fixtures";
import { callerWithCookie } from "./helpers/owner";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
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

interface AuditCase {
  action: string;
  /** Does the change; returns the transaction id (xmin) of the row it wrote. */
  change(scene: Scene): Promise<string>;
  /** Who the entry must name as actor and impersonator. */
  actor(scene: Scene): { userId: string | null; impersonatorUserId: string | null };
}

async function xminOf(db: Kysely<Database>, table: string, column: string, value: string): Promise<string> {
  const result = await sql<{ xmin: string }>`select xmin::text as xmin from ${sql.table(table)} where ${sql.ref(column)} = ${value}`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error(`no ${table} row with ${column} = ${value}`);
  return row.xmin;
}

const cases: AuditCase[] = [
  {
    action: "workspace.created",
    change: async (s) => {
      const ws = await createWorkspaceOwnedBy(server.deps, s.owner, "Another One");
      return xminOf(server.deps.db, "workspaces", "id", ws.id);
    },
    actor: (s) => ({ userId: s.owner.id, impersonatorUserId: null }),
  },
  {
    action: "plan.changed",
    change: async (s) => {
      await callerWithCookie(server.deps, s.ownerCookie).billing.changePlan({ workspaceSlug: s.ws.slug, plan: "enterprise" });
      return xminOf(server.deps.db, "workspaces", "id", s.ws.id);
    },
    actor: (s) => ({ userId: s.owner.id, impersonatorUserId: null }),
  },
  {
    action: "impersonation.started",
    change: async (s) => {
      const started = await callerWithCookie(server.deps, s.ownerCookie).impersonation.start({
        workspaceSlug: s.ws.slug,
        membershipId: s.memberMembershipId,
      });
      return xminOf(server.deps.db, "impersonations", "id", started.impersonationId);
    },
    actor: (s) => ({ userId: s.owner.id, impersonatorUserId: null }),
  },
  {
    action: "impersonation.ended",
    change: async (s) => {
      const caller = callerWithCookie(server.deps, s.ownerCookie);
      const started = await caller.impersonation.start({ workspaceSlug: s.ws.slug, membershipId: s.memberMembershipId });
      await caller.impersonation.stop();
      return xminOf(server.deps.db, "impersonations", "id", started.impersonationId);
    },
    actor: (s) => ({ userId: s.owner.id, impersonatorUserId: null }),
  },
];

/** Actions whose proof is of another shape, and where it lives. */
const coveredElsewhere: Record<string, string> = {
  "workspace.deleted": "the workspace row is gone; the test below ties the entry to the deleting transaction",
  "impersonation.action":
    "a trail of every attempt, written after the call by design; the change's own entry names both people (tests/impersonation.test.ts)",
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

describe("audit entries, in the same transaction as the change", () => {
  it("has a case for every kind of change the server records", () => {
    const covered = new Set([...cases.map((c) => c.action), ...Object.keys(coveredElsewhere)]);
    const written = actionsWrittenByTheServer();
    expect(written.length).toBeGreaterThan(4);
    expect(written.filter((a) => !covered.has(a)), "actions without a case in tests/audit-coverage.test.ts").toEqual([]);
  });

  it.each(cases.map((c) => [c.action, c] as const))("%s", async (action, auditCase) => {
    const s = await scene();
    const changeXmin = await auditCase.change(s);
    const entries = await sql<{ xmin: string; actor_user_id: string | null; impersonator_user_id: string | null }>`
      select xmin::text as xmin, actor_user_id, impersonator_user_id from audit_events where action = ${action}
    `.execute(server.deps.db);
    const same = entries.rows.filter((e) => e.xmin === changeXmin);
    expect(same, "an entry written by the change's own transaction").toHaveLength(1);
    expect({ userId: same[0]?.actor_user_id, impersonatorUserId: same[0]?.impersonator_user_id }).toEqual(auditCase.actor(s));
  });

  it("workspace.deleted: the surviving entry is written by the deleting transaction", async () => {
    const s = await scene();
    await (await callerAs(server.deps, s.owner)).workspaceDeletion.delete({ workspaceSlug: s.ws.slug, confirmName: "Audited Co" });
    const result = await sql<{ same: boolean }>`
      select a.xmin = n.xmin as same
      from audit_events a, notifications n
      where a.action = 'workspace.deleted' and a.target_id = ${s.ws.id} and n.user_id = ${s.member.id} and n.kind = 'workspace.deleted'
    `.execute(server.deps.db);
    expect(result.rows).toEqual([{ same: true }]);
  });

  it("a refused change leaves no entry", async () => {
    const s = await scene();
    const before = await server.deps.db.selectFrom("audit_events").select("id").execute();
    await callerWithCookie(server.deps, s.ownerCookie)
      .workspaceDeletion.delete({ workspaceSlug: s.ws.slug, confirmName: "Wrong" })
      .catch(() => null);
    const after = await server.deps.db.selectFrom("audit_events").select("id").execute();
    expect(after).toHaveLength(before.length);
  });
});
