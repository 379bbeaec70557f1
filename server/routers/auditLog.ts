import { auditFiltersSchema, auditListInput } from "../schemas/auditLog";
import { exportAuditCsv } from "../services/auditLog/csv";
import { auditFilterChoices, listAuditEntries } from "../services/auditLog/query";
import { router, workspaceProcedure } from "../trpc/trpc";
import { z } from "zod";

export const auditLogRouter = router({
  list: workspaceProcedure("audit.view")
    .input(auditListInput)
    .query(({ ctx, input }) => listAuditEntries(ctx.deps, ctx.caller, input)),

  filterChoices: workspaceProcedure("audit.view").query(({ ctx }) => auditFilterChoices(ctx.deps, ctx.caller)),

  exportCsv: workspaceProcedure("audit.view")
    .input(z.object({ filters: auditFiltersSchema.default({}) }))
    .query(({ ctx, input }) => exportAuditCsv(ctx.deps, ctx.caller, input)),
});
