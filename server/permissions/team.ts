/**
 * `team` scope: a member and everyone who reports to them, directly or
 * through others, to any depth. Computed by a recursive query inside the
 * SQL of the list or write that needs it, never by filtering rows in
 * JavaScript. `union` (not `union all`) also stops at a cycle, although
 * setting a manager refuses cycles in the first place.
 */
import { type Expression, type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../../db/schema";

/** A subquery yielding the membership ids in the team rooted at `membershipId`. */
export function teamMemberIdsSql(membershipId: string | Expression<string>): RawBuilder<{ id: string }> {
  return sql<{ id: string }>`(
    with recursive team(id) as (
      select ${membershipId}::uuid
      union
      select m.id from memberships m join team t on m.manager_id = t.id
    )
    select id from team
  )`;
}

export async function teamMemberIds(db: Kysely<Database>, membershipId: string): Promise<string[]> {
  const result = await sql<{ id: string }>`select id from ${teamMemberIdsSql(membershipId)} as team`.execute(db);
  return result.rows.map((r) => r.id);
}
