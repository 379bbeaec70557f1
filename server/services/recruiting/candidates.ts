/** Recruiting candidates: a record resource (see ../records/resource.ts), linked to a job the caller can see. */
import { sql } from "kysely";
import type { CandidateStage } from "#db/schema";
import { AppError } from "../../errors";
import { scopeFor } from "#shared/permissions/access";
import { uuidSchema } from "../../schemas/common";
import { candidateFields } from "../../schemas/records";
import { recordScopeSql } from "../records/scope";
import { defineRecordResource } from "../records/resource";

export const candidates = defineRecordResource({
  resource: "recruiting.candidates",
  table: "candidates",
  noun: "candidate",
  fields: candidateFields,
  columns: (f) => ({ name: f.name, email: f.email, job_id: f.jobId, stage: f.stage }),
  select: {
    name: sql<string>`x.name`,
    email: sql<string | null>`x.email`,
    stage: sql<CandidateStage>`x.stage`,
    job_id: sql<string | null>`j.id`,
    job_title: sql<string | null>`j.title`,
  },
  joins: sql`left join jobs j on j.id = x.job_id`,
  search: [sql`x.name`, sql`x.email`],
  filters: { shape: { jobId: uuidSchema.optional() }, where: (f) => (f.jobId ? [sql<boolean>`x.job_id = ${f.jobId}::uuid`] : []) },
  toRecord: (r) => ({ name: r.name, email: r.email, stage: r.stage, job: r.job_id && r.job_title ? { id: r.job_id, title: r.job_title } : null }),
  csv: { headers: ["Name", "Email", "Stage", "Job"], row: (r) => [r.name, r.email, r.stage, r.job_title] },
  /** A candidate may be attached only to a job of this workspace that the caller can see. */
  async beforeWrite(tx, caller, fields) {
    if (!fields.jobId) return;
    const scope = scopeFor(caller.access, "recruiting.jobs.read");
    const job = scope
      ? await tx.db
          .selectFrom("jobs as x")
          .select("x.id")
          .where("x.workspace_id", "=", caller.workspace.id)
          .where("x.id", "=", fields.jobId)
          .where(recordScopeSql(scope, sql.ref("x.owner_id"), caller.membershipId))
          .executeTakeFirst()
      : undefined;
    if (!job) throw new AppError("NOT_FOUND", "We couldn't find that job.");
  },
});
export type Candidate = Awaited<ReturnType<typeof candidates.get>>;
