/** Recruiting jobs: a record resource (see ../records/resource.ts). */
import { sql } from "kysely";
import type { JobStatus } from "#db/schema";
import { jobFields } from "../../schemas/records";
import { defineRecordResource } from "../records/resource";

export const jobs = defineRecordResource({
  resource: "recruiting.jobs",
  table: "jobs",
  noun: "job",
  fields: jobFields,
  columns: (f) => ({ title: f.title, location: f.location, status: f.status }),
  select: {
    title: sql<string>`x.title`,
    location: sql<string | null>`x.location`,
    status: sql<JobStatus>`x.status`,
    candidate_count: sql<number>`(select count(*)::int from candidates c where c.job_id = x.id)`,
  },
  search: [sql`x.title`, sql`x.location`],
  toRecord: (r) => ({ title: r.title, location: r.location, status: r.status, candidateCount: r.candidate_count }),
  csv: { headers: ["Title", "Location", "Status", "Candidates"], row: (r) => [r.title, r.location, r.status, r.candidate_count] },
});
export type Job = Awaited<ReturnType<typeof jobs.get>>;
