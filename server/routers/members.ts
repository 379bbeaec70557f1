import type { Access } from "#shared/permissions/access";
import type { Actor } from "../services/audit";
import { lookupMembersInput, membershipIdInput, searchMembersInput, setDepartmentInput, setManagerInput, setMemberModulesInput, setRolesInput, transferOwnershipInput } from "../schemas/members";
import { listMembers } from "../services/members/list";
import { type ManagerContext, removeMember, setMemberDepartment, setMemberManager, setMemberModules, setMemberRoles } from "../services/members/manage";
import { leaveWorkspace } from "../services/members/leave";
import { transferOwnership } from "../services/members/ownership";
import { lookupMembers, searchMembers } from "../services/members/search";
import { AppError } from "../errors";
import { ownerProcedure } from "../trpc/ownerProcedure";
import { router, workspaceProcedure } from "../trpc/trpc";

const manage = workspaceProcedure("members.manage");
const managerContext = (ctx: { workspace: { id: string }; actor: Actor; access: Access; membershipId: string }): ManagerContext => ({
  workspaceId: ctx.workspace.id,
  actor: ctx.actor,
  access: ctx.access,
  membershipId: ctx.membershipId,
});

export const membersRouter = router({
  list: workspaceProcedure("members.view").query(({ ctx }) => listMembers(ctx.deps, ctx.workspace.id)),
  /** The Members page: search, filters, sorting, one page at a time. */
  search: workspaceProcedure("members.view")
    .input(searchMembersInput)
    .query(({ ctx, input }) => searchMembers(ctx.deps, ctx.workspace.id, input)),
  /** A few members by name or email, for pickers. */
  lookup: workspaceProcedure("members.view")
    .input(lookupMembersInput)
    .query(({ ctx, input }) => lookupMembers(ctx.deps, ctx.workspace.id, input)),
  setRoles: manage.input(setRolesInput).mutation(({ ctx, input }) => setMemberRoles(ctx.deps, managerContext(ctx), input)),
  setManager: manage.input(setManagerInput).mutation(({ ctx, input }) => setMemberManager(ctx.deps, managerContext(ctx), input)),
  setDepartment: manage.input(setDepartmentInput).mutation(({ ctx, input }) => setMemberDepartment(ctx.deps, managerContext(ctx), input)),
  setModules: manage.input(setMemberModulesInput).mutation(({ ctx, input }) => setMemberModules(ctx.deps, managerContext(ctx), input)),
  remove: manage.input(membershipIdInput).mutation(({ ctx, input }) => removeMember(ctx.deps, managerContext(ctx), input)),
  /** The caller leaves the workspace (the last Owner can't). */
  leave: workspaceProcedure("member").mutation(({ ctx }) => {
    // An owner viewing as a member can't make them leave.
    if (ctx.impersonating) throw new AppError("IMPERSONATION_NOT_ALLOWED");
    return leaveWorkspace(ctx.deps, { workspaceId: ctx.workspace.id, membershipId: ctx.membershipId, actor: ctx.actor });
  }),
  /** Makes another member an Owner; the caller stays an Owner or becomes an Admin. */
  transferOwnership: ownerProcedure("workspace.transfer")
    .input(transferOwnershipInput)
    .mutation(({ ctx, input }) => transferOwnership(ctx.deps, { workspaceId: ctx.workspace.id, membershipId: ctx.membershipId, actor: ctx.actor }, input)),
});
