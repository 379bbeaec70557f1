/**
 * `npm run bench:permission-requests`: what permission requests cost on the
 * paths that run often, at a realistic size (600 members, a chain five
 * deep, 3,000 grants of which two thirds have ended, 2,000 requests):
 *   - resolving a member's effective permissions (every request does it;
 *     grants are now part of that query),
 *   - routing a request to its approvers,
 *   - the triage list for an admin and for a manager (approver rule in SQL).
 * Uses DATABASE_URL's server when set (creates and drops its own database),
 * otherwise a throwaway embedded PostgreSQL. Last line: one JSON object.
 */
import { sql } from "kysely";
import { loadWorkspaceAccess } from "#server/permissions/resolve";
import { approversFor } from "#server/permissions/approve";
import { listRequestsToDecide } from "#server/services/requests/list";
import { createBuiltInRoles } from "#server/services/roles/builtin";
import { openMigratedDatabase } from "../migratedDatabase";
import { sortedSamples } from "../timing";
import { benchCaller, queryOnlyDeps } from "../callers";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timeIt(runs: number, work: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const times = await sortedSamples(runs, 20, work);
  return { p50: Number(percentile(times, 50).toFixed(2)), p99: Number(percentile(times, 99).toFixed(2)) };
}

const database = await openMigratedDatabase("ta_bench_requests");
const db = database.handle.db;

try {
  // People: one owner, 5 admins, 60 managers in chains, the rest members.
  const memberCount = 600;
  const users = await sql<{ id: string }>`
    insert into users (email, name)
    select 'bench' || g || '@example.com', 'Bench Person ' || g from generate_series(1, ${memberCount}) g
    returning id`.execute(db);
  const workspace = await db
    .insertInto("workspaces")
    .values({ slug: "bench", name: "Bench", trial_ends_at: new Date(Date.now() + 86_400_000) })
    .returning("id")
    .executeTakeFirstOrThrow();
  const roles = await createBuiltInRoles(db, workspace.id);
  const membershipIds: string[] = [];
  for (const [index, user] of users.rows.entries()) {
    // Managers 1..65 form chains five deep; members report to the last manager of a chain.
    const managerId = index === 0 ? null : index <= 65 ? (membershipIds[index <= 5 ? 0 : index - 5] ?? null) : (membershipIds[61 + (index % 5)] ?? null);
    const row = await db
      .insertInto("memberships")
      .values({ workspace_id: workspace.id, user_id: user.id, manager_id: managerId, joined_at: new Date(Date.now() - 60 * 86_400_000) })
      .returning("id")
      .executeTakeFirstOrThrow();
    membershipIds.push(row.id);
    const role = index === 0 ? roles.owner : index <= 5 ? roles.admin : index <= 65 ? roles.manager : roles.member;
    await db.insertInto("membership_roles").values({ workspace_id: workspace.id, membership_id: row.id, role_id: role, is_primary: true }).execute();
  }
  const members = membershipIds.slice(66);
  const permissions = ["crm.contacts.export", "crm.contacts.delete", "recruiting.jobs.export", "recruiting.candidates.export", "members.invite"];

  // 2,000 requests (a quarter pending) and 3,000 grants (two thirds ended).
  await sql`
    insert into permission_requests (workspace_id, requester_membership_id, permission, scope, reason, duration, status, created_at)
    select ${workspace.id}, m.id, p.permission, 'own', 'Bench', '7d',
      case when (row_number() over ()) % 4 = 0 then 'pending' else 'approved' end,
      now() - (random() * interval '10 days')
    from unnest(${members}::uuid[]) m(id)
    cross join unnest(${permissions}::text[]) p(permission)
    limit 2000
    on conflict do nothing`.execute(db);
  await sql`
    insert into permission_grants (workspace_id, membership_id, permission, scope, starts_at, ends_at)
    select ${workspace.id}, m.id, p.permission, 'own', now() - interval '40 days',
      case when g % 3 = 0 then now() + interval '5 days' else now() - interval '1 day' end
    from unnest(${members}::uuid[]) m(id)
    cross join unnest(${permissions}::text[]) p(permission)
    cross join generate_series(1, 2) g
    limit 3000`.execute(db);
  await sql`analyze`.execute(db);

  const userIds = users.rows.map((u) => u.id);
  const resolve = await timeIt(1000, (i) => loadWorkspaceAccess(db, userIds[66 + (i % members.length)] ?? "", "bench"));
  const route = await timeIt(300, (i) => approversFor(db, { workspaceId: workspace.id, requesterMembershipId: members[i % members.length] ?? "", permission: "crm.contacts.export", scope: "own" }));
  const adminAccess = await loadWorkspaceAccess(db, userIds[1] ?? "", "bench");
  const managerAccess = await loadWorkspaceAccess(db, userIds[61] ?? "", "bench");
  if (!adminAccess || !managerAccess) throw new Error("bench setup failed");
  const triageAdmin = await timeIt(100, () => listRequestsToDecide(queryOnlyDeps(db), benchCaller(adminAccess, userIds[1] ?? ""), { status: "all" }));
  const triageManager = await timeIt(100, () => listRequestsToDecide(queryOnlyDeps(db), benchCaller(managerAccess, userIds[61] ?? ""), { status: "pending" }));

  console.log(`effective permissions (roles + grants): p50 ${resolve.p50} ms, p99 ${resolve.p99} ms`);
  console.log(`approver routing:                       p50 ${route.p50} ms, p99 ${route.p99} ms`);
  console.log(`triage list, admin (all, 200 rows):     p50 ${triageAdmin.p50} ms, p99 ${triageAdmin.p99} ms`);
  console.log(`triage list, manager (pending):         p50 ${triageManager.p50} ms, p99 ${triageManager.p99} ms`);
  console.log(
    JSON.stringify({
      figures: {
        resolve_access_p99_ms: resolve.p99,
        approver_routing_p99_ms: route.p99,
        triage_admin_p99_ms: triageAdmin.p99,
        triage_manager_p99_ms: triageManager.p99,
      },
      targets: {
        resolve_access_p99_ms: { max: 20 },
        approver_routing_p99_ms: { max: 50 },
        triage_admin_p99_ms: { max: 150 },
        triage_manager_p99_ms: { max: 100 },
      },
    }),
  );
} finally {
  await database.close();
}
