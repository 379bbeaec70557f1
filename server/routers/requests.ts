import { approveRequestInput, createRequestInput, denyRequestInput, grantIdInput, listRequestsInput, requestIdInput } from "../schemas/requests";
import type { RequestCaller } from "../services/requests/context";
import { createPermissionRequest } from "../services/requests/create";
import { approvePermissionRequest, denyPermissionRequest } from "../services/requests/decide";
import { listLiveGrants, revokeGrant } from "../services/requests/grants";
import { listMyRequests, listRequestsToDecide } from "../services/requests/list";
import { withdrawPermissionRequest } from "../services/requests/withdraw";
import type { Actor } from "../services/audit";
import type { Access } from "#shared/permissions/access";
import { router, workspaceProcedure } from "../trpc/trpc";

function callerOf(ctx: { actor: Actor; user: { id: string }; workspace: { id: string; slug: string; name: string }; membershipId: string; access: Access }): RequestCaller {
  return { actor: ctx.actor, userId: ctx.user.id, workspace: ctx.workspace, membershipId: ctx.membershipId, access: ctx.access };
}

export const requestsRouter = router({
  /** Any member may ask for access. */
  create: workspaceProcedure("member")
    .input(createRequestInput)
    .mutation(({ ctx, input }) => createPermissionRequest(ctx.deps, callerOf(ctx), input)),

  mine: workspaceProcedure("member").query(({ ctx }) => listMyRequests(ctx.deps.db, ctx.workspace.id, ctx.membershipId)),

  withdraw: workspaceProcedure("member")
    .input(requestIdInput)
    .mutation(({ ctx, input }) => withdrawPermissionRequest(ctx.deps, callerOf(ctx), input.requestId)),

  /** The triage list: requests this approver may decide. */
  list: workspaceProcedure("requests.approve")
    .input(listRequestsInput)
    .query(({ ctx, input }) => listRequestsToDecide(ctx.deps.db, { workspaceId: ctx.workspace.id, membershipId: ctx.membershipId, access: ctx.access }, input)),

  approve: workspaceProcedure("requests.approve")
    .input(approveRequestInput)
    .mutation(({ ctx, input }) => approvePermissionRequest(ctx.deps, callerOf(ctx), input)),

  deny: workspaceProcedure("requests.approve")
    .input(denyRequestInput)
    .mutation(({ ctx, input }) => denyPermissionRequest(ctx.deps, callerOf(ctx), input)),
});

export const grantsRouter = router({
  /** Access granted through requests that counts right now. */
  list: workspaceProcedure("members.manage").query(({ ctx }) => listLiveGrants(ctx.deps.db, ctx.workspace.id)),

  revoke: workspaceProcedure("members.manage")
    .input(grantIdInput)
    .mutation(({ ctx, input }) => revokeGrant(ctx.deps, callerOf(ctx), input.grantId)),
});
