/** Departments: admins create, rename and delete them; members belong to at most one. */
import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import { AppError, isUniqueViolation } from "../../errors";
import { can } from "#shared/permissions/access";
import type { Permission } from "#shared/permissions/catalogue";
import { recordAudit } from "../audit";
import { recordScopeSql } from "../records/scope";
import { inTransaction, nowIso, type Tx } from "../transaction";
import type { WorkspaceCaller } from "../caller";

export async function listDepartments(deps: AppDeps, caller: WorkspaceCaller) {
  const workspaceId = caller.workspace.id;
  const rows = await deps.db
    .selectFrom("departments as d")
    .select(["d.id", "d.name", sql<number>`(select count(*)::int from memberships m where m.department_id = d.id and m.status = 'active')`.as("memberCount")])
    .where("d.workspace_id", "=", workspaceId)
    .orderBy(sql`lower(d.name)`)
    .execute();
  return rows;
}

function announce(tx: Tx, workspaceId: string): void {
  tx.emit({ kind: "workspace", workspaceId }, { type: "workspace.changed", workspaceId, at: nowIso() });
}

function translateNameConflict(error: unknown): never {
  if (isUniqueViolation(error, "departments_name_unique")) throw new AppError("DEPARTMENT_NAME_TAKEN");
  throw error;
}

export async function createDepartment(deps: AppDeps, caller: WorkspaceCaller, input: { name: string }): Promise<{ id: string }> {
  return inTransaction(deps, async (tx) => {
    const row = await tx.db.insertInto("departments").values({ workspace_id: caller.workspace.id, name: input.name }).returning("id").executeTakeFirstOrThrow();
    await recordAudit(tx, { workspaceId: caller.workspace.id, actor: caller.actor, action: "department.created", targetType: "department", targetId: row.id, targetLabel: input.name, after: { name: input.name } });
    announce(tx, caller.workspace.id);
    return { id: row.id };
  }).catch(translateNameConflict);
}

async function loadDepartment(tx: Tx, workspaceId: string, departmentId: string) {
  const row = await tx.db.selectFrom("departments").select(["id", "name"]).where("workspace_id", "=", workspaceId).where("id", "=", departmentId).forUpdate().executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", "We couldn't find that department.");
  return row;
}

export async function renameDepartment(deps: AppDeps, caller: WorkspaceCaller, input: { departmentId: string; name: string }): Promise<{ id: string }> {
  return inTransaction(deps, async (tx) => {
    const department = await loadDepartment(tx, caller.workspace.id, input.departmentId);
    if (department.name === input.name) return { id: department.id };
    await tx.db.updateTable("departments").set({ name: input.name }).where("id", "=", department.id).execute();
    await recordAudit(tx, {
      workspaceId: caller.workspace.id,
      actor: caller.actor,
      action: "department.renamed",
      targetType: "department",
      targetId: department.id,
      targetLabel: input.name,
      before: { name: department.name },
      after: { name: input.name },
    });
    announce(tx, caller.workspace.id);
    return { id: department.id };
  }).catch(translateNameConflict);
}

/** Deleting a department leaves its members without one (they are not removed). */
export async function deleteDepartment(deps: AppDeps, caller: WorkspaceCaller, input: { departmentId: string }): Promise<{ id: string; membersUnassigned: number }> {
  return inTransaction(deps, async (tx) => {
    const department = await loadDepartment(tx, caller.workspace.id, input.departmentId);
    const members = await tx.db.updateTable("memberships").set({ department_id: null }).where("department_id", "=", department.id).returning(["id"]).execute();
    await tx.db.deleteFrom("departments").where("id", "=", department.id).execute();
    await recordAudit(tx, {
      workspaceId: caller.workspace.id,
      actor: caller.actor,
      action: "department.deleted",
      targetType: "department",
      targetId: department.id,
      targetLabel: department.name,
      before: { name: department.name, members: members.map((m) => m.id) },
    });
    announce(tx, caller.workspace.id);
    const at = nowIso();
    for (const m of members) {
      tx.emit({ kind: "workspace", workspaceId: caller.workspace.id, permission: "members.view" }, { type: "member.changed", change: "department_changed", workspaceId: caller.workspace.id, membershipId: m.id, at });
    }
    return { id: department.id, membersUnassigned: members.length };
  });
}

export interface DepartmentReportRow {
  departmentId: string | null;
  name: string;
  members: number;
  contacts: number | null;
  jobs: number | null;
  candidates: number | null;
}

/**
 * Members and records per department (a record counts for its owner's
 * department). Record counts are limited to what the viewer may read, in
 * SQL; a module the viewer can't read shows no count at all.
 */
export async function departmentReport(deps: AppDeps, caller: WorkspaceCaller): Promise<DepartmentReportRow[]> {
  const { access, membershipId } = caller;
  const workspaceId = caller.workspace.id;
  const counted = (table: "contacts" | "jobs" | "candidates", permission: Permission) => {
    if (!can(access, permission)) return sql<number | null>`null::int`;
    const scope = access.permissions[permission] ?? "own";
    return sql<number>`(select count(*)::int from ${sql.table(table)} x join memberships o on o.id = x.owner_id
      where x.workspace_id = ${workspaceId} and o.department_id is not distinct from dep.id
      and ${recordScopeSql(scope, sql.ref("x.owner_id"), membershipId)})`;
  };
  const result = await sql<DepartmentReportRow>`
    with dep as (
      select d.id, d.name, 0 as unassigned from departments d where d.workspace_id = ${workspaceId}
      union all select null::uuid, 'No department', 1
    )
    select dep.id as "departmentId", dep.name,
      (select count(*)::int from memberships m where m.workspace_id = ${workspaceId} and m.status = 'active' and m.department_id is not distinct from dep.id) as members,
      ${counted("contacts", "crm.contacts.read")} as contacts,
      ${counted("jobs", "recruiting.jobs.read")} as jobs,
      ${counted("candidates", "recruiting.candidates.read")} as candidates
    from dep
    order by dep.unassigned, lower(dep.name)
  `.execute(deps.db);
  return result.rows;
}
