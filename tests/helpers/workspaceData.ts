/**
 * A workspace with at least one row in every table that holds workspace
 * data, for the deletion story. Each table's filler is one entry below;
 * when a feature adds a table, add its filler here (the deletion test
 * names any workspace table left empty).
 */
import { sql } from "kysely";
import { enqueueEmail } from "#emails/outbox";
import type { AppDeps } from "#server/deps";
import { changePlan } from "#server/services/billing/billing";
import { callerInWorkspace } from "#server/services/caller";
import { endImpersonation } from "#server/services/impersonation/active";
import { startImpersonation } from "#server/services/impersonation/start";
import { notify } from "#server/services/notifications";
import { inTransaction } from "#server/services/transaction";
import { addMember, callerAs, createUser, createWorkspaceOwnedBy, sessionCookie, type TestUser, uniqueEmail } from "./fixtures";

export interface FilledWorkspace {
  id: string;
  slug: string;
  name: string;
  owner: TestUser;
  people: TestUser[];
}

interface FillContext {
  deps: AppDeps;
  ws: { id: string; slug: string; name: string };
  owner: TestUser;
  ownerMembershipId: string;
  manager: { user: TestUser; membershipId: string };
  member: { user: TestUser; membershipId: string };
  /** Someone who also belongs to another workspace (their account must survive). */
  shared: TestUser | null;
}

type Filler = (c: FillContext) => Promise<void>;

/** Fillers per table; tables filled as a side effect of others (memberships, roles, …) are listed for clarity. */
export const workspaceFillers: Record<string, Filler> = {
  departments: async ({ deps, ws, member }) => {
    const dept = await deps.db.insertInto("departments").values({ workspace_id: ws.id, name: "Sales" }).returning("id").executeTakeFirstOrThrow();
    await deps.db.updateTable("memberships").set({ department_id: dept.id }).where("id", "=", member.membershipId).execute();
  },
  roles: async ({ deps, ws, member }) => {
    const role = await deps.db.insertInto("roles").values({ workspace_id: ws.id, name: "Contact auditors", description: "Reads every contact" }).returning("id").executeTakeFirstOrThrow();
    await deps.db.insertInto("role_permissions").values({ role_id: role.id, permission: "crm.contacts.read", scope: "all" }).execute();
    await deps.db.insertInto("membership_roles").values({ workspace_id: ws.id, membership_id: member.membershipId, role_id: role.id, is_primary: false }).execute();
  },
  audit_events: async ({ deps, ws, owner }) => {
    await changePlan(deps, await callerInWorkspace(deps, owner, ws.id), { plan: "professional" });
  },
  notifications: async ({ deps, ws, member }) => {
    await inTransaction(deps, (tx) => notify(tx, { userId: member.user.id, workspaceId: ws.id, kind: "member.roles_changed", title: "Your roles changed" }));
  },
  email_outbox: async ({ deps, ws, member }) => {
    await inTransaction(deps, (tx) =>
      enqueueEmail(tx, {
        workspaceId: ws.id,
        kind: "test",
        referenceId: null,
        to: member.user.email,
        from: "Team Access <invites@example.com>",
        message: { subject: `About ${ws.name}`, html: "<p>Hello</p>", text: "Hello" },
      }),
    );
  },
  // Access (#3): module records, owned by members.
  contacts: async ({ deps, ws, member }) => {
    await (await callerAs(deps, member.user)).crm.contacts.create({ workspaceSlug: ws.slug, name: "Ada Contact", email: "ada@contact.example" });
  },
  companies: async ({ deps, ws, member }) => {
    await (await callerAs(deps, member.user)).crm.companies.create({ workspaceSlug: ws.slug, name: "Analytical Engines" });
  },
  jobs: async ({ deps, ws, manager }) => {
    const recruiter = await callerAs(deps, manager.user);
    const job = await recruiter.recruiting.jobs.create({ workspaceSlug: ws.slug, title: "Sales engineer" });
    // candidates
    await recruiter.recruiting.candidates.create({ workspaceSlug: ws.slug, name: "Carl Candidate", jobId: job.id });
  },
  // team_closure is kept by triggers on memberships (the manager chain above fills it).
  // Invitations (#4): a pending invitation with its roles.
  invitations: async ({ deps, ws, owner }) => {
    const member = await deps.db.selectFrom("roles").select("id").where("workspace_id", "=", ws.id).where("builtin_key", "=", "member").executeTakeFirstOrThrow();
    await (await callerAs(deps, owner)).invitations.invite({ workspaceSlug: ws.slug, emails: [uniqueEmail("invitee")], roleIds: [member.id], primaryRoleId: member.id });
  },
  // The invite dialog (#13): a link that Resend replaced is remembered until the retention sweep.
  invitation_replaced_tokens: async ({ deps, ws, owner }) => {
    const viewer = await deps.db.selectFrom("roles").select("id").where("workspace_id", "=", ws.id).where("builtin_key", "=", "viewer").executeTakeFirstOrThrow();
    const caller = await callerAs(deps, owner);
    const { results } = await caller.invitations.invitePeople({ workspaceSlug: ws.slug, people: [{ email: uniqueEmail("resent"), roleIds: [viewer.id], primaryRoleId: viewer.id }] });
    await caller.invitations.resend({ workspaceSlug: ws.slug, invitationId: results[0]?.invitationId ?? "" });
  },
  // Joining (issue 13): an invite link that requires approval, one request waiting through it, and a domain being verified.
  invite_links: async ({ deps, ws, owner }) => {
    const roles = await deps.db.selectFrom("roles").select(["id", "builtin_key"]).where("workspace_id", "=", ws.id).execute();
    const member = roles.find((r) => r.builtin_key === "member")?.id ?? "";
    const asOwner = await callerAs(deps, owner);
    const link = await asOwner.inviteLinks.create({ workspaceSlug: ws.slug, roleId: member, expiresInDays: 7, maxUses: 10, requiresApproval: true });
    // join_requests
    const asker = await createUser(deps, { name: `${ws.name} Asker` });
    await (await callerAs(deps, asker)).inviteLinks.join({ token: link.url.split("/join/").pop() ?? "" });
    // workspace_domains
    const domain = `${ws.slug.replace(/[^a-z0-9]/g, "")}.test`;
    await asOwner.domains.add({ workspaceSlug: ws.slug, domain, localPart: "it", mode: "request", roleId: member });
  },
  // Permission requests (#6): one approved (with its grant), one pending.
  permission_requests: async ({ deps, ws, owner, member }) => {
    const asMember = await callerAs(deps, member.user);
    const approved = await asMember.requests.create({ workspaceSlug: ws.slug, permission: "crm.contacts.export", scope: "own", reason: "Quarterly list", duration: "7d" });
    // permission_grants
    await (await callerAs(deps, owner)).requests.approve({ workspaceSlug: ws.slug, requestId: approved.id });
    await asMember.requests.create({ workspaceSlug: ws.slug, permission: "crm.contacts.delete", scope: "own", reason: "Clean-up", duration: "1d" });
  },
  // Modules are closed last, so the records above could be created.
  workspace_modules: async ({ deps, ws }) => {
    await deps.db.insertInto("workspace_modules").values({ workspace_id: ws.id, module: "recruiting", enabled: false }).execute();
  },
  member_modules: async ({ deps, member }) => {
    await deps.db.insertInto("member_modules").values({ membership_id: member.membershipId, module: "crm", enabled: false }).execute();
  },
  impersonations: async ({ deps, ws, owner, member }) => {
    const cookie = await sessionCookie(deps, owner);
    const sessionId = cookie.split("=")[1] ?? "";
    const started = await startImpersonation(deps, await callerInWorkspace(deps, owner, ws.id), { sessionId, replacingId: null, membershipId: member.membershipId });
    await endImpersonation(deps, started.impersonationId, "stopped", { userId: owner.id, impersonatorUserId: null });
  },
};

export async function fillWorkspace(deps: AppDeps, name: string, shared: TestUser | null = null): Promise<FilledWorkspace> {
  const owner = await createUser(deps, { name: `${name} Owner` });
  const ws = await createWorkspaceOwnedBy(deps, owner, name);
  const row = await deps.db.selectFrom("workspaces").select("name").where("id", "=", ws.id).executeTakeFirstOrThrow();
  const ownerMembership = await deps.db.selectFrom("memberships").select("id").where("workspace_id", "=", ws.id).where("user_id", "=", owner.id).executeTakeFirstOrThrow();
  const managerUser = await createUser(deps, { name: `${name} Manager` });
  const managerMembershipId = await addMember(deps, ws.id, managerUser, ["manager"], { managerId: ownerMembership.id });
  const memberUser = await createUser(deps, { name: `${name} Member` });
  const memberMembershipId = await addMember(deps, ws.id, memberUser, ["member"], { managerId: managerMembershipId });
  if (shared) await addMember(deps, ws.id, shared, ["viewer"]);
  const context: FillContext = {
    deps,
    ws: { ...ws, name: row.name },
    owner,
    ownerMembershipId: ownerMembership.id,
    manager: { user: managerUser, membershipId: managerMembershipId },
    member: { user: memberUser, membershipId: memberMembershipId },
    shared,
  };
  for (const fill of Object.values(workspaceFillers)) await fill(context);
  return { id: ws.id, slug: ws.slug, name: row.name, owner, people: [managerUser, memberUser, ...(shared ? [shared] : [])] };
}

/**
 * Tables that hold no one's data, only messages in flight between server
 * processes (the Socket.IO adapter's oversized payloads, swept after 30 s).
 */
export const transientTables: ReadonlySet<string> = new Set(["socket_io_attachments"]);

/** Every base table of the schema except the migration bookkeeping and transient tables. */
export async function allTables(deps: AppDeps): Promise<string[]> {
  const result = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
    order by table_name
  `.execute(deps.db);
  return result.rows.map((r) => r.table_name).filter((t) => !transientTables.has(t));
}

/** Tables whose rows belong to a workspace: those with a chain of ON DELETE CASCADE keys up to `workspaces`. */
export async function workspaceTables(deps: AppDeps): Promise<string[]> {
  const result = await sql<{ child: string; parent: string }>`
    select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
    from pg_constraint c
    where c.contype = 'f' and c.connamespace = 'public'::regnamespace and c.confdeltype = 'c'
  `.execute(deps.db);
  const reached = new Set(["workspaces"]);
  for (let grew = true; grew;) {
    grew = false;
    for (const edge of result.rows) {
      if (reached.has(edge.parent) && !reached.has(edge.child) && edge.child !== "users") {
        reached.add(edge.child);
        grew = true;
      }
    }
  }
  return [...reached].sort();
}

export type Snapshot = Map<string, string[]>;

/** Every row of every table, as JSON text. */
export async function snapshot(deps: AppDeps): Promise<Snapshot> {
  const tables = await allTables(deps);
  const snap: Snapshot = new Map();
  for (const table of tables) {
    const result = await sql<{ row: string }>`select row_to_json(t)::text as row from ${sql.table(table)} t`.execute(deps.db);
    snap.set(table, result.rows.map((r) => r.row).sort());
  }
  return snap;
}

/**
 * The rows that belong to a workspace: those that mention its id, or the id
 * of a row that does, and so on (role_permissions mention a role, which
 * mentions the workspace).
 */
export function rowsOfWorkspace(snap: Snapshot, workspaceId: string): Map<string, Set<string>> {
  const ids = new Set([workspaceId]);
  const owned = new Map<string, Set<string>>();
  for (let grew = true; grew;) {
    grew = false;
    for (const [table, rows] of snap) {
      if (table === "users") continue;
      for (const row of rows) {
        if (owned.get(table)?.has(row)) continue;
        if (![...ids].some((id) => row.includes(id))) continue;
        if (!owned.has(table)) owned.set(table, new Set());
        owned.get(table)?.add(row);
        grew = true;
        const id = (JSON.parse(row) as { id?: unknown }).id;
        if (typeof id === "string") ids.add(id);
      }
    }
  }
  return owned;
}
