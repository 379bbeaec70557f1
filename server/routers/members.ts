import { lookupMembersInput, membershipIdInput, searchMembersInput, setDepartmentInput, setManagerInput, setMemberModulesInput, setRolesInput, transferOwnershipInput } from "../schemas/members";
import { listMembers } from "../services/members/list";
import { removeMember, setMemberDepartment, setMemberManager, setMemberModules, setMemberRoles } from "../services/members/manage";
import { leaveWorkspace } from "../services/members/leave";
import { transferOwnership } from "../services/members/ownership";
import { lookupMembers, searchMembers } from "../services/members/search";
import { memberFilterOptions } from "../services/members/filterOptions";
import { AppError } from "../errors";
import { ownerProcedure } from "../trpc/ownerProcedure";
import { router, workspaceProcedure } from "../trpc/trpc";

const manage = workspaceProcedure("members.manage");

export const membersRouter = router({
  list: workspaceProcedure("members.view").query(({ ctx }) => listMembers(ctx.deps, ctx.caller)),
  /** The Members page: search, filters, sorting, one page at a time. */
  search: workspaceProcedure("members.view")
    .input(searchMembersInput)
    .query(({ ctx, input }) => searchMembers(ctx.deps, ctx.caller, input)),
  /** The Members page's filter choices: every role and department, id and name (one statement). */
  filterOptions: workspaceProcedure("members.view").query(({ ctx }) => memberFilterOptions(ctx.deps, ctx.caller)),
  /** A few members by name or email, for pickers. */
  lookup: workspaceProcedure("members.view")
    .input(lookupMembersInput)
    .query(({ ctx, input }) => lookupMembers(ctx.deps, ctx.caller, input)),
  setRoles: manage.input(setRolesInput).mutation(({ ctx, input }) => setMemberRoles(ctx.deps, ctx.caller, input)),
  setManager: manage.input(setManagerInput).mutation(({ ctx, input }) => setMemberManager(ctx.deps, ctx.caller, input)),
  setDepartment: manage.input(setDepartmentInput).mutation(({ ctx, input }) => setMemberDepartment(ctx.deps, ctx.caller, input)),
  setModules: manage.input(setMemberModulesInput).mutation(({ ctx, input }) => setMemberModules(ctx.deps, ctx.caller, input)),
  remove: manage.input(membershipIdInput).mutation(({ ctx, input }) => removeMember(ctx.deps, ctx.caller, input)),
  /** The caller leaves the workspace (the last Owner can't). */
  leave: workspaceProcedure("member").mutation(({ ctx }) => {
    // An owner viewing as a member can't make them leave.
    if (ctx.impersonating) throw new AppError("IMPERSONATION_NOT_ALLOWED");
    return leaveWorkspace(ctx.deps, ctx.caller);
  }),
  /** Makes another member an Owner; the caller stays an Owner or becomes an Admin. */
  transferOwnership: ownerProcedure("workspace.transfer")
    .input(transferOwnershipInput)
    .mutation(({ ctx, input }) => transferOwnership(ctx.deps, ctx.caller, input)),
});
