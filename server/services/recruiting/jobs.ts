/** Recruiting jobs: list, get, create, edit, delete and export, each within the caller's scope. */
import { sql } from "kysely";
import type { JobStatus } from "../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import type { RecordListInput } from "../../schemas/records";
import { toCsv } from "../csv";
import { exportRowLimit, likePattern, lockRecordForWrite, type RecordCaller, type RecordPage, rowActionFlags, toPage, ownedRecordFields } from "../records/owned";
import { ownerCondition, recordScopeSql } from "../records/scope";
import { inTransaction } from "../transaction";

export interface Job {
  id: string;
  mayUpdate: boolean;
  mayDelete: boolean;
  title: string;
  location: string | null;
  status: JobStatus;
  candidateCount: number;
  owner: { membershipId: string; name: string };
  department: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface JobFields {
  title: string;
  location: string | null;
  status: JobStatus;
}

function scopedJobs(deps: Pick<AppDeps, "db">, caller: RecordCaller, filters: Omit<RecordListInput, "page" | "pageSize">) {
  let query = deps.db
    .selectFrom("jobs as x")
    .innerJoin("memberships as o", "o.id", "x.owner_id")
    .innerJoin("users as ou", "ou.id", "o.user_id")
    .leftJoin("departments as d", "d.id", "o.department_id")
    .where("x.workspace_id", "=", caller.workspaceId)
    .where(recordScopeSql(caller.scope, sql.ref("x.owner_id"), caller.membershipId));
  if (filters.departmentId) query = query.where("o.department_id", "=", filters.departmentId);
  if (filters.query) {
    const pattern = likePattern(filters.query);
    query = query.where((eb) => eb.or([eb(sql`lower(x.title)`, "like", pattern), eb(sql`lower(coalesce(x.location, ''))`, "like", pattern)]));
  }
  const flags = rowActionFlags(caller, "recruiting.jobs");
  return query.select([
    "x.id",
    "x.title",
    "x.location",
    "x.status",
    "x.owner_id",
    "ou.name as owner_name",
    "d.id as department_id",
    "d.name as department_name",
    "x.created_at",
    "x.updated_at",
    sql<number>`(select count(*)::int from candidates c where c.job_id = x.id)`.as("candidate_count"),
    flags.mayUpdate.as("may_update"),
    flags.mayDelete.as("may_delete"),
  ]);
}

type JobRow = Awaited<ReturnType<ReturnType<typeof scopedJobs>["execute"]>>[number];

function toJob(r: JobRow): Job {
  return {
    ...ownedRecordFields(r),
    title: r.title,
    location: r.location,
    status: r.status,
    candidateCount: r.candidate_count,
  };
}

export async function listJobs(deps: Pick<AppDeps, "db">, caller: RecordCaller, input: RecordListInput): Promise<RecordPage<Job>> {
  // Scope and department become one condition on the owner, applied inside the query.
  const owners = await ownerCondition(deps.db, caller, input.departmentId);
  const rows = await scopedJobs(deps, { ...caller, scope: "all" }, { ...input, departmentId: undefined })
    .where(owners)
    .orderBy("x.created_at", "desc")
    .orderBy("x.id", "desc")
    .limit(input.pageSize + 1)
    .offset((input.page - 1) * input.pageSize)
    .execute();
  return toPage(rows.map(toJob), input.page, input.pageSize);
}

export async function getJob(deps: AppDeps, caller: RecordCaller, id: string): Promise<Job> {
  const row = await scopedJobs(deps, caller, {}).where("x.id", "=", id).executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", "We couldn't find that job. It may have been deleted, or you may not have access to it.");
  return toJob(row);
}

export async function createJob(deps: AppDeps, caller: RecordCaller, input: JobFields): Promise<{ id: string }> {
  return inTransaction(deps, async (tx) =>
    tx.db.insertInto("jobs").values({ workspace_id: caller.workspaceId, owner_id: caller.membershipId, title: input.title, location: input.location, status: input.status }).returning("id").executeTakeFirstOrThrow(),
  );
}

export async function updateJob(deps: AppDeps, caller: RecordCaller, input: JobFields & { id: string }): Promise<{ id: string }> {
  return inTransaction(deps, async (tx) => {
    await lockRecordForWrite(tx, "recruiting.jobs", caller, input.id);
    await tx.db.updateTable("jobs").set({ title: input.title, location: input.location, status: input.status, updated_at: new Date() }).where("id", "=", input.id).execute();
    return { id: input.id };
  });
}

export async function deleteJob(deps: AppDeps, caller: RecordCaller, id: string): Promise<{ id: string }> {
  return inTransaction(deps, async (tx) => {
    await lockRecordForWrite(tx, "recruiting.jobs", caller, id);
    await tx.db.deleteFrom("jobs").where("id", "=", id).execute();
    return { id };
  });
}

export async function exportJobs(deps: AppDeps, caller: RecordCaller, filters: Omit<RecordListInput, "page" | "pageSize">) {
  const rows = await scopedJobs(deps, caller, filters).orderBy("x.created_at", "desc").orderBy("x.id", "desc").limit(exportRowLimit).execute();
  const csv = toCsv(
    ["Title", "Location", "Status", "Candidates", "Owner", "Department", "Created"],
    rows.map((r) => [r.title, r.location, r.status, r.candidate_count, r.owner_name, r.department_name, r.created_at.toISOString()]),
  );
  return { filename: `jobs-${new Date().toISOString().slice(0, 10)}.csv`, csv, rows: rows.length };
}
