/** Recruiting candidates: list, get, create, edit, delete and export, each within the caller's scope. */
import { sql } from "kysely";
import type { CandidateStage } from "../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import { scopeFor } from "../../permissions/access";
import type { RecordListInput } from "../../schemas/records";
import { toCsv } from "../csv";
import { exportRowLimit, likePattern, lockRecordForWrite, type RecordCaller, type RecordPage, rowActionFlags, toPage, ownedRecordFields } from "../records/owned";
import { ownerCondition, recordScopeSql } from "../records/scope";
import { inTransaction, type Tx } from "../transaction";

export interface Candidate {
  id: string;
  mayUpdate: boolean;
  mayDelete: boolean;
  name: string;
  email: string | null;
  stage: CandidateStage;
  job: { id: string; title: string } | null;
  owner: { membershipId: string; name: string };
  department: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface CandidateFields {
  name: string;
  email: string | null;
  jobId: string | null;
  stage: CandidateStage;
}

type CandidateFilters = Omit<RecordListInput, "page" | "pageSize"> & { jobId?: string };

function scopedCandidates(deps: Pick<AppDeps, "db">, caller: RecordCaller, filters: CandidateFilters) {
  let query = deps.db
    .selectFrom("candidates as x")
    .innerJoin("memberships as o", "o.id", "x.owner_id")
    .innerJoin("users as ou", "ou.id", "o.user_id")
    .leftJoin("departments as d", "d.id", "o.department_id")
    .leftJoin("jobs as j", "j.id", "x.job_id")
    .where("x.workspace_id", "=", caller.workspaceId)
    .where(recordScopeSql(caller.scope, sql.ref("x.owner_id"), caller.membershipId));
  if (filters.departmentId) query = query.where("o.department_id", "=", filters.departmentId);
  if (filters.jobId) query = query.where("x.job_id", "=", filters.jobId);
  if (filters.query) {
    const pattern = likePattern(filters.query);
    query = query.where((eb) => eb.or([eb(sql`lower(x.name)`, "like", pattern), eb(sql`lower(coalesce(x.email, ''))`, "like", pattern)]));
  }
  const flags = rowActionFlags(caller, "recruiting.candidates");
  return query.select([
    "x.id",
    "x.name",
    "x.email",
    "x.stage",
    "j.id as job_id",
    "j.title as job_title",
    "x.owner_id",
    "ou.name as owner_name",
    "d.id as department_id",
    "d.name as department_name",
    "x.created_at",
    "x.updated_at",
    flags.mayUpdate.as("may_update"),
    flags.mayDelete.as("may_delete"),
  ]);
}

type CandidateRow = Awaited<ReturnType<ReturnType<typeof scopedCandidates>["execute"]>>[number];

function toCandidate(r: CandidateRow): Candidate {
  return {
    ...ownedRecordFields(r),
    name: r.name,
    email: r.email,
    stage: r.stage,
    job: r.job_id && r.job_title ? { id: r.job_id, title: r.job_title } : null,
  };
}

export async function listCandidates(deps: Pick<AppDeps, "db">, caller: RecordCaller, input: RecordListInput & { jobId?: string }): Promise<RecordPage<Candidate>> {
  // Scope and department become one condition on the owner, applied inside the query.
  const owners = await ownerCondition(deps.db, caller, input.departmentId);
  const rows = await scopedCandidates(deps, { ...caller, scope: "all" }, { ...input, departmentId: undefined })
    .where(owners)
    .orderBy("x.created_at", "desc")
    .orderBy("x.id", "desc")
    .limit(input.pageSize + 1)
    .offset((input.page - 1) * input.pageSize)
    .execute();
  return toPage(rows.map(toCandidate), input.page, input.pageSize);
}

export async function getCandidate(deps: AppDeps, caller: RecordCaller, id: string): Promise<Candidate> {
  const row = await scopedCandidates(deps, caller, {}).where("x.id", "=", id).executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", "We couldn't find that candidate. It may have been deleted, or you may not have access to it.");
  return toCandidate(row);
}

/** A candidate may be attached only to a job of this workspace that the caller can see. */
async function assertJobVisible(tx: Tx, caller: RecordCaller, jobId: string | null): Promise<void> {
  if (!jobId) return;
  const scope = scopeFor(caller.access, "recruiting.jobs.read");
  const job = scope
    ? await tx.db
        .selectFrom("jobs as x")
        .select("x.id")
        .where("x.workspace_id", "=", caller.workspaceId)
        .where("x.id", "=", jobId)
        .where(recordScopeSql(scope, sql.ref("x.owner_id"), caller.membershipId))
        .executeTakeFirst()
    : undefined;
  if (!job) throw new AppError("NOT_FOUND", "We couldn't find that job.");
}

export async function createCandidate(deps: AppDeps, caller: RecordCaller, input: CandidateFields): Promise<{ id: string }> {
  return inTransaction(deps, async (tx) => {
    await assertJobVisible(tx, caller, input.jobId);
    return tx.db
      .insertInto("candidates")
      .values({ workspace_id: caller.workspaceId, owner_id: caller.membershipId, name: input.name, email: input.email, job_id: input.jobId, stage: input.stage })
      .returning("id")
      .executeTakeFirstOrThrow();
  });
}

export async function updateCandidate(deps: AppDeps, caller: RecordCaller, input: CandidateFields & { id: string }): Promise<{ id: string }> {
  return inTransaction(deps, async (tx) => {
    await lockRecordForWrite(tx, "recruiting.candidates", caller, input.id);
    await assertJobVisible(tx, caller, input.jobId);
    await tx.db
      .updateTable("candidates")
      .set({ name: input.name, email: input.email, job_id: input.jobId, stage: input.stage, updated_at: new Date() })
      .where("id", "=", input.id)
      .execute();
    return { id: input.id };
  });
}

export async function deleteCandidate(deps: AppDeps, caller: RecordCaller, id: string): Promise<{ id: string }> {
  return inTransaction(deps, async (tx) => {
    await lockRecordForWrite(tx, "recruiting.candidates", caller, id);
    await tx.db.deleteFrom("candidates").where("id", "=", id).execute();
    return { id };
  });
}

export async function exportCandidates(deps: AppDeps, caller: RecordCaller, filters: CandidateFilters) {
  const rows = await scopedCandidates(deps, caller, filters).orderBy("x.created_at", "desc").orderBy("x.id", "desc").limit(exportRowLimit).execute();
  const csv = toCsv(
    ["Name", "Email", "Stage", "Job", "Owner", "Department", "Created"],
    rows.map((r) => [r.name, r.email, r.stage, r.job_title, r.owner_name, r.department_name, r.created_at.toISOString()]),
  );
  return { filename: `candidates-${new Date().toISOString().slice(0, 10)}.csv`, csv, rows: rows.length };
}
