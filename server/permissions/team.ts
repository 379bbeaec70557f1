/**
 * `team` scope and the manager chain: a member and everyone who reports to
 * them, directly or through others, to any depth. PostgreSQL keeps the
 * answer in `team_closure` (triggers on memberships maintain it and refuse
 * cycles), so a team, a chain of managers or "is X under Y?" is one index
 * lookup used inside the SQL that needs it, never a recursive query or a
 * filter over rows in JavaScript. Every chain question is asked here.
 */
import { type Expression, type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "#db/schema";

/** A subquery yielding the membership ids in the team rooted at `membershipId` (itself included). */
export function teamMemberIdsSql(membershipId: string | Expression<string>): RawBuilder<{ id: string }> {
  return sql<{ id: string }>`(
    select tc.descendant_id as id from team_closure tc where tc.ancestor_id = ${membershipId}::uuid
  )`;
}

/** A subquery yielding the member's managers up the chain, at any depth (not the member). */
export function managersOfSql(membershipId: string): RawBuilder<{ id: string }> {
  return sql<{ id: string }>`(
    select tc.ancestor_id as id from team_closure tc where tc.descendant_id = ${membershipId}::uuid and tc.depth > 0
  )`;
}

export async function teamMemberIds(db: Kysely<Database>, membershipId: string): Promise<string[]> {
  const result = await sql<{ id: string }>`select id from ${teamMemberIdsSql(membershipId)} as team`.execute(db);
  return result.rows.map((r) => r.id);
}

/** Is `memberId` in the team rooted at `rootId` (the root itself included)? */
export async function isInTeam(db: Kysely<Database>, rootId: string, memberId: string): Promise<boolean> {
  const result = await sql<{ found: boolean }>`
    select exists (select 1 from team_closure where ancestor_id = ${rootId}::uuid and descendant_id = ${memberId}::uuid) as found
  `.execute(db);
  return result.rows[0]?.found === true;
}
