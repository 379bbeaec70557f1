/**
 * One record resource, declared once: its table, its editable fields, the
 * columns a list shows and a CSV exports. From the declaration come the six
 * operations every module record has (list, get, create, update, delete,
 * export), each within the caller's scope, applied inside SQL; the router
 * (server/routers/records.ts) turns them into procedures and the pages read
 * the same resource from the catalogue (shared/records.ts).
 */
import { type RawBuilder, sql } from "kysely";
import type { z } from "zod";
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import type { RecordResource } from "#shared/permissions/catalogue";
import { type RecordListInput, recordExportInput, recordIdInput, recordListInput } from "../../schemas/records";
import { type CsvValue, toCsv } from "../csv";
import { inTransaction, type Tx } from "../transaction";
import { exportRowLimit, likePattern, lockRecordForWrite, type OwnedRecordRow, ownedRecordFields, type RecordPage, rowActionFlags, toPage } from "./owned";
import { ownerCondition, recordScopeSql } from "./scope";
import { procedureScope, type WorkspaceCaller } from "../caller";

type Selected<C> = { [K in keyof C]: C[K] extends RawBuilder<infer V> ? V : never };
export type RecordRow<C> = Selected<C> & OwnedRecordRow;

export interface RecordResourceDefinition<F extends z.AnyZodObject, C extends Record<string, RawBuilder<unknown>>, Out, S extends z.ZodRawShape> {
  resource: RecordResource;
  /** The table (created by a migration, with id, workspace_id, owner_id, created_at, updated_at). */
  table: string;
  /** "contact": in the not-found message and the export's file name. */
  noun: string;
  /** The fields a person edits (zod: the create input; update adds the id). */
  fields: F;
  /** Table columns written from the fields. */
  columns: (fields: z.output<F>) => Record<string, string | number | boolean | null>;
  /** Columns a list selects besides the owner's, over `x` (the record) and `joins`. */
  select: C;
  joins?: RawBuilder<unknown>;
  /** Text columns the search box looks in. */
  search: Array<RawBuilder<unknown>>;
  /** Filters of this resource's list and export besides search and department (zod shape), as conditions. */
  filters?: { shape: S; where: (filters: Partial<z.output<z.ZodObject<S>>>) => Array<RawBuilder<boolean>> };
  toRecord: (row: RecordRow<C>) => Out;
  csv: { headers: string[]; row: (row: RecordRow<C>) => CsvValue[] };
  /** Checks inside the write's transaction (e.g. that a linked record is visible to the caller). */
  beforeWrite?: (tx: Tx, caller: WorkspaceCaller, fields: z.output<F>) => Promise<void>;
}

export function defineRecordResource<F extends z.AnyZodObject, C extends Record<string, RawBuilder<unknown>>, Out, S extends z.ZodRawShape = Record<never, never>>(def: RecordResourceDefinition<F, C, Out, S>) {
  type X = Partial<z.output<z.ZodObject<S>>>;
  type Filters = Omit<RecordListInput, "page" | "pageSize"> & X;
  type Row = RecordRow<C>;
  type Fields = z.output<F>;
  const ownColumns = Object.entries(def.select).map(([name, expression]) => sql`${expression} as ${sql.ref(name)}`);

  function scoped(caller: WorkspaceCaller, owners: RawBuilder<boolean>, filters: Filters): RawBuilder<Row> {
    const flags = rowActionFlags(caller, def.resource);
    const conditions = [owners, ...(def.filters?.where(filters) ?? [])];
    if (filters.query) {
      const pattern = likePattern(filters.query);
      conditions.push(
        sql<boolean>`(${sql.join(
          def.search.map((column) => sql`lower(coalesce(${column}, '')) like ${pattern}`),
          sql` or `,
        )})`,
      );
    }
    return sql<Row>`
      select x.id, ${sql.join(ownColumns)}, x.owner_id, ou.name as owner_name, d.id as department_id, d.name as department_name,
        x.created_at, x.updated_at, ${flags.mayUpdate} as may_update, ${flags.mayDelete} as may_delete
      from ${sql.table(def.table)} x
        join memberships o on o.id = x.owner_id
        join users ou on ou.id = o.user_id
        left join departments d on d.id = o.department_id
        ${def.joins ?? sql``}
      where x.workspace_id = ${caller.workspace.id}::uuid and ${sql.join(conditions, sql` and `)}`;
  }

  /** The caller's own scope (get, export), narrowed to a department when asked. */
  function inScope(caller: WorkspaceCaller, departmentId?: string): RawBuilder<boolean> {
    const scope = recordScopeSql(procedureScope(caller), sql.ref("x.owner_id"), caller.membershipId);
    return departmentId ? sql<boolean>`${scope} and o.department_id = ${departmentId}::uuid` : scope;
  }

  const toRecord = (row: Row) => ({ ...ownedRecordFields(row), ...def.toRecord(row) });
  const newestFirst = sql`order by x.created_at desc, x.id desc`;

  async function writeColumns(tx: Tx, caller: WorkspaceCaller, fields: Fields) {
    await def.beforeWrite?.(tx, caller, fields);
    return Object.entries(def.columns(fields));
  }

  const shape = (def.filters?.shape ?? {}) as S;
  return {
    definition: def,
    /** The procedures' inputs (zod), besides the workspace. */
    inputs: { list: recordListInput.extend(shape), export: recordExportInput.extend(shape), create: def.fields, update: def.fields.extend(recordIdInput.shape), id: recordIdInput },
    async list(deps: AppDeps, caller: WorkspaceCaller, input: RecordListInput & X): Promise<RecordPage<ReturnType<typeof toRecord>>> {
      // Scope and department become one condition on the owner, applied inside the query.
      const owners = await ownerCondition(deps.db, caller, input.departmentId);
      const { rows } = await sql<Row>`${scoped(caller, owners, input)} ${newestFirst}
        limit ${input.pageSize + 1} offset ${(input.page - 1) * input.pageSize}`.execute(deps.db);
      return toPage(rows.map(toRecord), input.page, input.pageSize);
    },

    async get(deps: AppDeps, caller: WorkspaceCaller, input: { id: string }) {
      const { rows } = await sql<Row>`${scoped(caller, inScope(caller), {})} and x.id = ${input.id}::uuid`.execute(deps.db);
      const row = rows[0];
      if (!row) throw new AppError("NOT_FOUND", `We couldn't find that ${def.noun}. It may have been deleted, or you may not have access to it.`);
      return toRecord(row);
    },

    async create(deps: AppDeps, caller: WorkspaceCaller, input: Fields): Promise<{ id: string }> {
      return inTransaction(deps, async (tx) => {
        const columns = await writeColumns(tx, caller, input);
        const names = ["workspace_id", "owner_id", ...columns.map(([name]) => name)].map((name) => sql.ref(name));
        const values = [caller.workspace.id, caller.membershipId, ...columns.map(([, value]) => value)].map((value) => sql`${value}`);
        const { rows } = await sql<{ id: string }>`insert into ${sql.table(def.table)} (${sql.join(names)}) values (${sql.join(values)}) returning id`.execute(tx.db);
        return { id: rows[0]!.id };
      });
    },

    async update(deps: AppDeps, caller: WorkspaceCaller, input: Fields & { id: string }): Promise<{ id: string }> {
      return inTransaction(deps, async (tx) => {
        await lockRecordForWrite(tx, def.resource, def.table, caller, input.id);
        const columns = await writeColumns(tx, caller, input);
        const assignments = [...columns, ["updated_at", new Date()] as const].map(([name, value]) => sql`${sql.ref(name)} = ${value}`);
        await sql`update ${sql.table(def.table)} set ${sql.join(assignments)} where id = ${input.id}::uuid`.execute(tx.db);
        return { id: input.id };
      });
    },

    async delete(deps: AppDeps, caller: WorkspaceCaller, input: { id: string }): Promise<{ id: string }> {
      return inTransaction(deps, async (tx) => {
        await lockRecordForWrite(tx, def.resource, def.table, caller, input.id);
        await sql`delete from ${sql.table(def.table)} where id = ${input.id}::uuid`.execute(tx.db);
        return { id: input.id };
      });
    },

    async export(deps: AppDeps, caller: WorkspaceCaller, filters: Filters): Promise<{ filename: string; csv: string; rows: number }> {
      const { rows } = await sql<Row>`${scoped(caller, inScope(caller, filters.departmentId), filters)} ${newestFirst} limit ${exportRowLimit}`.execute(deps.db);
      const csv = toCsv(
        [...def.csv.headers, "Owner", "Department", "Created"],
        rows.map((r) => [...def.csv.row(r), r.owner_name, r.department_name, r.created_at.toISOString()]),
      );
      return { filename: `${def.table}-${new Date().toISOString().slice(0, 10)}.csv`, csv, rows: rows.length };
    },
  };
}

export type RecordResourceService = ReturnType<typeof defineRecordResource>;
