import { createDepartmentInput, deleteDepartmentInput, renameDepartmentInput } from "../schemas/departments";
import { createDepartment, deleteDepartment, departmentReport, listDepartments, renameDepartment } from "../services/departments/departments";
import { router, workspaceProcedure } from "../trpc/trpc";

export const departmentsRouter = router({
  list: workspaceProcedure("member").query(({ ctx }) => listDepartments(ctx.deps, ctx.workspace.id)),
  /** Members and records per department, records counted within the viewer's scope. */
  report: workspaceProcedure("members.view").query(({ ctx }) => departmentReport(ctx.deps, ctx.workspace.id, ctx.membershipId, ctx.access)),
  create: workspaceProcedure("departments.manage")
    .input(createDepartmentInput)
    .mutation(({ ctx, input }) => createDepartment(ctx.deps, { workspaceId: ctx.workspace.id, actor: ctx.actor }, input)),
  rename: workspaceProcedure("departments.manage")
    .input(renameDepartmentInput)
    .mutation(({ ctx, input }) => renameDepartment(ctx.deps, { workspaceId: ctx.workspace.id, actor: ctx.actor }, input)),
  delete: workspaceProcedure("departments.manage")
    .input(deleteDepartmentInput)
    .mutation(({ ctx, input }) => deleteDepartment(ctx.deps, { workspaceId: ctx.workspace.id, actor: ctx.actor }, input)),
});
