import { createDepartmentInput, deleteDepartmentInput, renameDepartmentInput } from "../schemas/departments";
import { createDepartment, deleteDepartment, departmentReport, listDepartments, renameDepartment } from "../services/departments/departments";
import { router, workspaceProcedure } from "../trpc/trpc";

export const departmentsRouter = router({
  list: workspaceProcedure("member").query(({ ctx }) => listDepartments(ctx.deps, ctx.caller)),
  /** Members and records per department, records counted within the viewer's scope. */
  report: workspaceProcedure("members.view").query(({ ctx }) => departmentReport(ctx.deps, ctx.caller)),
  create: workspaceProcedure("departments.manage")
    .input(createDepartmentInput)
    .mutation(({ ctx, input }) => createDepartment(ctx.deps, ctx.caller, input)),
  rename: workspaceProcedure("departments.manage")
    .input(renameDepartmentInput)
    .mutation(({ ctx, input }) => renameDepartment(ctx.deps, ctx.caller, input)),
  delete: workspaceProcedure("departments.manage")
    .input(deleteDepartmentInput)
    .mutation(({ ctx, input }) => deleteDepartment(ctx.deps, ctx.caller, input)),
});
