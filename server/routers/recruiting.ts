import {
  candidateExportInput,
  candidateListInput,
  createCandidateInput,
  createJobInput,
  recordExportInput,
  recordIdInput,
  recordListInput,
  updateCandidateInput,
  updateJobInput,
} from "../schemas/records";
import { createCandidate, deleteCandidate, exportCandidates, getCandidate, listCandidates, updateCandidate } from "../services/recruiting/candidates";
import { createJob, deleteJob, exportJobs, getJob, listJobs, updateJob } from "../services/recruiting/jobs";
import { recordCaller } from "../trpc/recordCaller";
import { router, workspaceProcedure } from "../trpc/trpc";

export const recruitingRouter = router({
  jobs: router({
    list: workspaceProcedure("recruiting.jobs.read").input(recordListInput).query(({ ctx, input }) => listJobs(ctx.deps, recordCaller(ctx), input)),
    get: workspaceProcedure("recruiting.jobs.read").input(recordIdInput).query(({ ctx, input }) => getJob(ctx.deps, recordCaller(ctx), input.id)),
    create: workspaceProcedure("recruiting.jobs.create").input(createJobInput).mutation(({ ctx, input }) => createJob(ctx.deps, recordCaller(ctx), input)),
    update: workspaceProcedure("recruiting.jobs.update").input(updateJobInput).mutation(({ ctx, input }) => updateJob(ctx.deps, recordCaller(ctx), input)),
    delete: workspaceProcedure("recruiting.jobs.delete").input(recordIdInput).mutation(({ ctx, input }) => deleteJob(ctx.deps, recordCaller(ctx), input.id)),
    export: workspaceProcedure("recruiting.jobs.export").input(recordExportInput).query(({ ctx, input }) => exportJobs(ctx.deps, recordCaller(ctx), input)),
  }),
  candidates: router({
    list: workspaceProcedure("recruiting.candidates.read").input(candidateListInput).query(({ ctx, input }) => listCandidates(ctx.deps, recordCaller(ctx), input)),
    get: workspaceProcedure("recruiting.candidates.read").input(recordIdInput).query(({ ctx, input }) => getCandidate(ctx.deps, recordCaller(ctx), input.id)),
    create: workspaceProcedure("recruiting.candidates.create")
      .input(createCandidateInput)
      .mutation(({ ctx, input }) => createCandidate(ctx.deps, recordCaller(ctx), input)),
    update: workspaceProcedure("recruiting.candidates.update")
      .input(updateCandidateInput)
      .mutation(({ ctx, input }) => updateCandidate(ctx.deps, recordCaller(ctx), input)),
    delete: workspaceProcedure("recruiting.candidates.delete").input(recordIdInput).mutation(({ ctx, input }) => deleteCandidate(ctx.deps, recordCaller(ctx), input.id)),
    export: workspaceProcedure("recruiting.candidates.export")
      .input(candidateExportInput)
      .query(({ ctx, input }) => exportCandidates(ctx.deps, recordCaller(ctx), input)),
  }),
});
