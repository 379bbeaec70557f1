/**
 * Scope, applied inside SQL: a record is in reach when its owner is the
 * caller (`own`), anyone in the caller's team (`team`, one lookup in
 * `team_closure`, see permissions/team.ts), or anyone at all (`all`).
 */
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "#db/schema";
import type { Scope } from "#shared/permissions/catalogue";
import { teamMemberIdsSql } from "../../permissions/team";
import { procedureScope, type WorkspaceCaller } from "../caller";

export function recordScopeSql(scope: Scope, ownerColumn: RawBuilder<unknown> | ReturnType<typeof sql.ref>, membershipId: string): RawBuilder<boolean> {
  switch (scope) {
    case "all":
      return sql<boolean>`true`;
    case "team":
      return sql<boolean>`${ownerColumn} in ${teamMemberIdsSql(membershipId)}`;
    case "own":
      return sql<boolean>`${ownerColumn} = ${membershipId}::uuid`;
  }
}

/** Up to this many owners travel as an id list; a larger team is joined in SQL instead. */
const ownerListLimit = 1000;

/**
 * The owners whose records a list may show, narrowed to a department when
 * asked, as a condition on `x.owner_id` (with `o` the owner's membership).
 * A small owner set is read first and sent back as one array parameter, so
 * the planner sees its size and reads the owner index; a large one (a top
 * manager's team) stays a join on the team closure while PostgreSQL walks
 * the newest records. Both keep the first page fast, from a team of one to
 * 10,000 people.
 */
export async function ownerCondition(db: Kysely<Database>, caller: WorkspaceCaller, departmentId?: string): Promise<RawBuilder<boolean>> {
  const scope = procedureScope(caller);
  const department = departmentId ? sql<boolean>`o.department_id = ${departmentId}::uuid` : sql<boolean>`true`;
  if (scope !== "team") return sql<boolean>`${recordScopeSql(scope, sql.ref("x.owner_id"), caller.membershipId)} and ${department}`;
  // How big is the team? Counting at most limit+1 closure entries is an index-only peek.
  const size = await sql<{ n: number }>`
    select count(*)::int as n from (select 1 from team_closure where ancestor_id = ${caller.membershipId}::uuid limit ${ownerListLimit + 1}) t
  `.execute(db);
  if ((size.rows[0]?.n ?? 0) <= ownerListLimit) {
    let query = db.selectFrom("team_closure as tc").innerJoin("memberships as om", "om.id", "tc.descendant_id").select("om.id").where("tc.ancestor_id", "=", caller.membershipId);
    if (departmentId) query = query.where("om.department_id", "=", departmentId);
    const owners = (await query.execute()).map((r) => r.id);
    return sql<boolean>`x.owner_id = any(${owners}::uuid[])`;
  }
  return sql<boolean>`${recordScopeSql("team", sql.ref("x.owner_id"), caller.membershipId)} and ${department}`;
}
