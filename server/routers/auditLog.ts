import { auditFiltersSchema, auditListInput } from "../schemas/auditLog";
import { auditCsv, auditCsvFilename, csvExportLimit } from "../services/auditLog/csv";
import { allAuditEntries, auditFilterChoices, listAuditEntries } from "../services/auditLog/query";
import { router, workspaceProcedure } from "../trpc/trpc";
import { z } from "zod";

export const auditLogRouter = router({
  list: workspaceProcedure("audit.view")
    .input(auditListInput)
    .query(({ ctx, input }) => listAuditEntries(ctx.deps.db, ctx.workspace.id, input.filters, input.page, input.pageSize)),

  filterChoices: workspaceProcedure("audit.view").query(({ ctx }) => auditFilterChoices(ctx.deps.db, ctx.workspace.id)),

  exportCsv: workspaceProcedure("audit.view")
    .input(z.object({ filters: auditFiltersSchema.default({}) }))
    .query(async ({ ctx, input }) => {
      const entries = await allAuditEntries(ctx.deps.db, ctx.workspace.id, input.filters, csvExportLimit);
      return {
        filename: auditCsvFilename(ctx.workspace.slug),
        csv: auditCsv(entries),
        rows: entries.length,
        truncated: entries.length >= csvExportLimit,
      };
    }),
});
