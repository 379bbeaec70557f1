/**
 * The database's promises, checked in SQL after hostile traffic:
 * - no row points at a row of another workspace (every single-column foreign
 *   key between two tables that both carry workspace_id, found generically);
 * - every active member holds a role, and at most one primary role;
 * - every workspace has an active owner;
 * - at most one pending invitation per email and workspace (once invitations exist);
 * - every email in the outbox belongs to a workspace that exists (or none).
 * Returns the broken promises in words; empty means intact.
 */
import { sql } from "kysely";
import type { Kysely } from "kysely";
import type { Database } from "#db/schema";

interface ForeignKey {
  table_name: string;
  column_name: string;
  foreign_table: string;
  foreign_column: string;
}

async function tableColumns(db: Kysely<Database>): Promise<Map<string, Set<string>>> {
  const rows = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns where table_schema = 'public'
  `.execute(db);
  const map = new Map<string, Set<string>>();
  for (const row of rows.rows) {
    const set = map.get(row.table_name) ?? new Set<string>();
    set.add(row.column_name);
    map.set(row.table_name, set);
  }
  return map;
}

async function count(db: Kysely<Database>, query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  const result = await query.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

export async function integrityProblems(db: Kysely<Database>): Promise<string[]> {
  const problems: string[] = [];
  const columns = await tableColumns(db);

  const foreignKeys = await sql<ForeignKey>`
    select cl.relname as table_name, a.attname as column_name, fcl.relname as foreign_table, fa.attname as foreign_column
    from pg_constraint con
    join pg_class cl on cl.oid = con.conrelid
    join pg_namespace ns on ns.oid = cl.relnamespace and ns.nspname = 'public'
    join pg_class fcl on fcl.oid = con.confrelid
    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = con.conkey[1]
    join pg_attribute fa on fa.attrelid = con.confrelid and fa.attnum = con.confkey[1]
    where con.contype = 'f' and array_length(con.conkey, 1) = 1
  `.execute(db);
  for (const fk of foreignKeys.rows) {
    const own = columns.get(fk.table_name);
    const other = columns.get(fk.foreign_table);
    if (!own?.has("workspace_id") || !other?.has("workspace_id") || fk.foreign_table === "workspaces") continue;
    if (fk.column_name === "workspace_id") continue;
    const n = await count(
      db,
      sql<{
        n: number;
      }>`select count(*)::int as n from ${sql.table(fk.table_name)} t join ${sql.table(fk.foreign_table)} f on f.${sql.ref(fk.foreign_column)} = t.${sql.ref(fk.column_name)} where t.workspace_id is distinct from f.workspace_id`,
    );
    if (n > 0) problems.push(`${n} ${fk.table_name} row(s) point through ${fk.column_name} at ${fk.foreign_table} of another workspace`);
  }

  const roleless = await count(
    db,
    sql<{ n: number }>`select count(*)::int as n from memberships m where m.status = 'active'
      and not exists (select 1 from membership_roles mr where mr.membership_id = m.id)`,
  );
  if (roleless > 0) problems.push(`${roleless} active member(s) without a role`);

  const manyPrimary = await count(db, sql<{ n: number }>`select count(*)::int as n from (select membership_id from membership_roles where is_primary group by membership_id having count(*) > 1) x`);
  if (manyPrimary > 0) problems.push(`${manyPrimary} member(s) with more than one primary role`);

  const ownerless = await count(
    db,
    sql<{ n: number }>`select count(*)::int as n from workspaces w where not exists (
      select 1 from memberships m join membership_roles mr on mr.membership_id = m.id join roles r on r.id = mr.role_id
      where m.workspace_id = w.id and m.status = 'active' and r.builtin_key = 'owner')`,
  );
  if (ownerless > 0) problems.push(`${ownerless} workspace(s) without an active owner`);

  const managerElsewhere = await count(db, sql<{ n: number }>`select count(*)::int as n from memberships m join memberships mgr on mgr.id = m.manager_id where mgr.workspace_id <> m.workspace_id`);
  if (managerElsewhere > 0) problems.push(`${managerElsewhere} member(s) whose manager is in another workspace`);

  const invitations = columns.get("invitations");
  if (invitations?.has("email") && invitations.has("status") && invitations.has("workspace_id")) {
    const duplicates = await count(
      db,
      sql<{ n: number }>`select count(*)::int as n from (select 1 from invitations where status = 'pending'
        group by workspace_id, lower(email) having count(*) > 1) x`,
    );
    if (duplicates > 0) problems.push(`${duplicates} email(s) with more than one pending invitation in a workspace`);
  }

  const strayMail = await count(db, sql<{ n: number }>`select count(*)::int as n from email_outbox o where o.workspace_id is not null and not exists (select 1 from workspaces w where w.id = o.workspace_id)`);
  if (strayMail > 0) problems.push(`${strayMail} queued email(s) for workspaces that no longer exist`);

  return problems;
}
