/**
 * Scope, applied inside SQL: a record is in reach when its owner is the
 * caller (`own`), anyone in the caller's team (`team`, a recursive query
 * down the manager chain), or anyone at all (`all`).
 */
import { type RawBuilder, sql } from "kysely";
import type { Scope } from "../../permissions/catalogue";
import { teamMemberIdsSql } from "../../permissions/team";

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
