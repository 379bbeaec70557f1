/**
 * `npm run bench:permissions`: how fast access is decided on a large
 * workspace (10,000 members, a manager tree 12 deep, 100,000 contacts).
 *   (a) effective-permission resolution, as every request does it
 *   (b) the team member set of the top manager
 *   (c) the first page of a team-scoped contact list with a department filter
 *   (d) record-level allow/deny decisions, ours vs CASL's on the same policy
 * The last line is one JSON object with the figures and the targets.
 */
import { sql } from "kysely";
import type { Permission } from "#shared/permissions/catalogue";
import { loadWorkspaceAccess } from "#server/permissions/resolve";
import { teamMemberIds } from "#server/permissions/team";
import { contacts } from "#server/services/crm/contacts";
import { searchMembers } from "#server/services/members/search";
import { benchCaller, queryOnlyDeps } from "../callers";
import { searchMembersInput } from "#server/schemas/members";
import { openMigratedDatabase } from "../migratedDatabase";
import { sortedSamples } from "../timing";
import { caslAbilityFor, caslDecision, type Decider, ourDecision } from "./decisions";
import { generateWorkspace } from "./generate";

const sizes = { members: 10_000, depth: 12, contacts: 100_000 };

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? 0;
}

async function timed(label: string, runs: number, warmup: number, fn: (i: number) => Promise<unknown>) {
  const samples = await sortedSamples(runs, warmup, fn);
  const result = { median: percentile(samples, 50), p99: percentile(samples, 99) };
  console.log(`${label.padEnd(58)} median ${result.median.toFixed(2)} ms   p99 ${result.p99.toFixed(2)} ms   (${runs} runs)`);
  return result;
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

const database = await openMigratedDatabase("ta_bench");
const db = database.handle.db;
const deps = queryOnlyDeps(db);
try {
  const started = performance.now();
  const ws = await generateWorkspace(db, sizes);
  const depth = await sql<{ depth: number }>`
    with recursive chain(id, depth) as (
      select id, 1 from memberships where workspace_id = ${ws.workspaceId} and manager_id is null
      union all select m.id, c.depth + 1 from memberships m join chain c on m.manager_id = c.id
    ) select max(depth)::int as depth from chain`.execute(db);
  console.log(`Generated ${ws.membershipIds.length} members (tree ${depth.rows[0]?.depth} deep), ${sizes.contacts} contacts in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // (a) Resolution per request, for members across all levels.
  const a = await timed("(a) effective permissions per request", 1000, 100, (i) => loadWorkspaceAccess(db, ws.userIds[(i * 7919) % ws.userIds.length] ?? "", ws.slug));

  // (b) The whole team below the top manager (everyone).
  let teamSize = 0;
  const b = await timed("(b) team member set of the top manager", 200, 20, async () => {
    teamSize = (await teamMemberIds(db, ws.topManager.membershipId)).length;
  });
  console.log(`    team size ${teamSize}`);

  // (c) What the top manager's CRM page loads, filtered to one department.
  const top = await loadWorkspaceAccess(db, ws.topManager.userId, ws.slug);
  if (!top) throw new Error("the top manager has no access");
  const caller = benchCaller(top, ws.topManager.userId, "team");
  let firstPage = 0;
  const c = await timed("(c) team-scoped contacts, department filter, first page", 500, 50, async (i) => {
    const page = await contacts.list(deps, caller, { departmentId: ws.departmentIds[i % ws.departmentIds.length], page: 1, pageSize: 25 });
    firstPage = page.rows.length;
  });
  console.log(`    rows on the first page ${firstPage}`);
  // A mid-level manager too (a team of a few hundred), for contrast.
  const midIndex = ws.levels.findIndex((l) => l === 4);
  const mid = await loadWorkspaceAccess(db, ws.userIds[midIndex] ?? "", ws.slug);
  if (mid) {
    const midCaller = benchCaller(mid, ws.userIds[midIndex] ?? "", "team");
    await timed("    same, for a level-5 manager", 300, 30, (i) => contacts.list(deps, midCaller, { departmentId: ws.departmentIds[i % ws.departmentIds.length], page: 1, pageSize: 25 }));
  }

  // The Members page at 10,000 members: first page by name, a later page, a search, a department filter.
  const pages = [
    searchMembersInput.parse({}),
    searchMembersInput.parse({ page: 200 }),
    searchMembersInput.parse({ query: "person12" }),
    searchMembersInput.parse({ departmentId: ws.departmentIds[2], sort: "joined", direction: "desc" }),
  ];
  const e = await timed("(e) Members page at 10,000 members (mixed filters)", 200, 20, (i) => searchMembers(deps, benchCaller(top, ws.topManager.userId), pages[i % pages.length] ?? pages[0]!));

  // (d) Decisions: 300 members from every level, each asked about 200 contacts and every record action.
  const deciderIndexes = Array.from({ length: 300 }, (_, i) => (i * 33 + (i % 3 === 0 ? 0 : 17)) % ws.membershipIds.length);
  deciderIndexes[0] = 0; // the top manager, whose team is everyone
  const deciders: Decider[] = [];
  for (const i of deciderIndexes) {
    const resolved = await loadWorkspaceAccess(db, ws.userIds[i] ?? "", ws.slug);
    if (!resolved) continue;
    deciders.push({ membershipId: resolved.membershipId, access: resolved.access, team: new Set(await teamMemberIds(db, resolved.membershipId)) });
  }
  const owners = (await sql<{ owner_id: string }>`select owner_id from contacts tablesample system (2) limit 200`.execute(db)).rows.map((r) => r.owner_id);
  const permissions: Permission[] = ["crm.contacts.read", "crm.contacts.update", "crm.contacts.delete", "crm.contacts.export"];
  const abilities = deciders.map(caslAbilityFor);
  const decisionsPerPass = deciders.length * owners.length * permissions.length;

  let mismatches = 0;
  let allowed = 0;
  deciders.forEach((decider, d) => {
    const ability = abilities[d];
    if (!ability) return;
    for (const owner of owners)
      for (const permission of permissions) {
        const ours = ourDecision(decider, permission, owner);
        if (ours) allowed += 1;
        if (ours !== caslDecision(ability, permission, owner)) mismatches += 1;
      }
  });
  console.log(`(d) ${decisionsPerPass} decisions per pass, ${allowed} allowed; ours and CASL's differ on ${mismatches}`);
  if (mismatches > 0) throw new Error("Our decisions and CASL's disagree: the comparison is not on the same policy");

  const throughput = (decide: (d: number, owner: string, permission: Permission) => boolean) => {
    let sink = 0;
    const start = performance.now();
    let passes = 0;
    while (performance.now() - start < 3_000) {
      for (let d = 0; d < deciders.length; d += 1) for (const owner of owners) for (const permission of permissions) if (decide(d, owner, permission)) sink += 1;
      passes += 1;
    }
    const seconds = (performance.now() - start) / 1000;
    if (sink < 0) console.log(sink);
    return (passes * decisionsPerPass) / seconds;
  };
  const ourRate = throughput((d, owner, permission) => ourDecision(deciders[d] as Decider, permission, owner));
  const caslRate = throughput((d, owner, permission) => caslDecision(abilities[d] as ReturnType<typeof caslAbilityFor>, permission, owner));
  console.log(`(d) ours ${Math.round(ourRate).toLocaleString("en")} decisions/s, CASL ${Math.round(caslRate).toLocaleString("en")} decisions/s, ratio ${(ourRate / caslRate).toFixed(2)}`);

  console.log(
    JSON.stringify({
      figures: {
        a_resolve_median_ms: round(a.median),
        a_resolve_p99_ms: round(a.p99),
        b_team_set_median_ms: round(b.median),
        b_team_set_p99_ms: round(b.p99),
        c_team_contacts_page_median_ms: round(c.median),
        c_team_contacts_page_p99_ms: round(c.p99),
        d_our_decisions_per_s: Math.round(ourRate),
        d_casl_decisions_per_s: Math.round(caslRate),
        d_throughput_ratio: round(ourRate / caslRate),
        e_members_page_median_ms: round(e.median),
        e_members_page_p99_ms: round(e.p99),
      },
      targets: { c_team_contacts_page_p99_ms: { max: 20 }, d_throughput_ratio: { min: 1 } },
    }),
  );
} finally {
  await database.close();
}
