/**
 * `team` scope: a member and everyone who reports to them, directly or
 * through others, to any depth. PostgreSQL keeps the answer in
 * `team_closure` (triggers on memberships maintain it and refuse cycles),
 * so a team is one index lookup used inside the SQL of the list or write
 * that needs it, never a filter over rows in JavaScript.
 */
import { type Expression, type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../../db/schema";

/** A subquery yielding the membership ids in the team rooted at `membershipId`. */
export function teamMemberIdsSql(membershipId: string | Expression<string>): RawBuilder<{ id: string }> {
  return sql<{ id: string }>`(
    select tc.descendant_id as id from team_closure tc where tc.ancestor_id = ${membershipId}::uuid
  )`;
}

export async function teamMemberIds(db: Kysely<Database>, membershipId: string): Promise<string[]> {
  const result = await sql<{ id: string }>`select id from ${teamMemberIdsSql(membershipId)} as team`.execute(db);
  return result.rows.map((r) => r.id);
}
