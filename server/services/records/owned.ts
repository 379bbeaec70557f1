/**
 * What every module record shares: an owner (a member of the same
 * workspace), scope applied in SQL, and writes that check ownership or team
 * membership on the locked row in the same transaction as the write.
 */
import { sql } from "kysely";
import { AppError } from "../../errors";
import { scopeFor } from "#shared/permissions/access";
import { type Permission, type RecordResource, scopeCovers } from "#shared/permissions/catalogue";
import type { Tx } from "../transaction";
import { procedureScope, type WorkspaceCaller } from "../caller";
import { recordScopeSql } from "./scope";

/**
 * Locks a record for update or delete. Answers NOT_FOUND when it does not
 * exist in this workspace or the caller may not even read it, and
 * RECORD_NOT_YOURS when they can read it but it is outside their scope for
 * this change.
 */
export async function lockRecordForWrite(tx: Tx, resource: RecordResource, table: string, caller: WorkspaceCaller, id: string): Promise<{ ownerId: string }> {
  const readScope = scopeFor(caller.access, `${resource}.read` as Permission);
  const result = await sql<{ owner_id: string; readable: boolean; writable: boolean }>`
    select x.owner_id,
      ${readScope ? recordScopeSql(readScope, sql.ref("x.owner_id"), caller.membershipId) : sql`false`} as readable,
      ${recordScopeSql(procedureScope(caller), sql.ref("x.owner_id"), caller.membershipId)} as writable
    from ${sql.table(table)} x
    where x.workspace_id = ${caller.workspace.id} and x.id = ${id}
    for update
  `.execute(tx.db);
  const row = result.rows[0];
  if (!row || (!row.readable && !row.writable)) throw new AppError("NOT_FOUND", "We couldn't find that record. It may have been deleted, or you may not have access to it.");
  if (!row.writable) throw new AppError("RECORD_NOT_YOURS");
  return { ownerId: row.owner_id };
}

export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Rows per page plus one, to know whether there is a next page without counting everything. */
export interface RecordPage<T> {
  rows: T[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

export function toPage<T>(rows: T[], page: number, pageSize: number): RecordPage<T> {
  return { rows: rows.slice(0, pageSize), page, pageSize, hasMore: rows.length > pageSize };
}

/** The most a single export returns; larger exports are narrowed with filters. */
export const exportRowLimit = 100_000;

/**
 * Per row, may the caller edit or delete it? Computed in the same SQL as the
 * list, with the same scope rules the write will check, so the page offers
 * exactly the actions that would succeed.
 */
export function rowActionFlags(caller: WorkspaceCaller, resource: RecordResource) {
  // Rows in a list or get are already within the read scope; when the change's
  // scope covers it, the answer is simply yes (no per-row team lookup).
  const readScope = scopeFor(caller.access, `${resource}.read` as Permission);
  const flag = (action: "update" | "delete") => {
    const scope = scopeFor(caller.access, `${resource}.${action}` as Permission);
    if (!scope) return sql<boolean>`false`;
    if (readScope && scopeCovers(scope, readScope)) return sql<boolean>`true`;
    return recordScopeSql(scope, sql.ref("x.owner_id"), caller.membershipId);
  };
  return { mayUpdate: flag("update"), mayDelete: flag("delete") };
}

/** The columns every owned record's query selects, under these names. */
export interface OwnedRecordRow {
  id: string;
  may_update: boolean;
  may_delete: boolean;
  owner_id: string;
  owner_name: string;
  department_id: string | null;
  department_name: string | null;
  created_at: Date;
  updated_at: Date;
}

/** What every record shown in a list carries besides its own fields. */
export function ownedRecordFields(r: OwnedRecordRow) {
  return {
    id: r.id,
    mayUpdate: r.may_update,
    mayDelete: r.may_delete,
    owner: { membershipId: r.owner_id, name: r.owner_name },
    department: r.department_id && r.department_name ? { id: r.department_id, name: r.department_name } : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
