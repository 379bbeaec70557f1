import { approveRequestInput, createRequestInput, denyRequestInput, grantIdInput, listRequestsInput, requestIdInput } from "../schemas/requests";
import { createPermissionRequest } from "../services/requests/create";
import { approvePermissionRequest, denyPermissionRequest } from "../services/requests/decide";
import { listLiveGrants, revokeGrant } from "../services/requests/grants";
import { listMyRequests, listRequestsToDecide } from "../services/requests/list";
import { withdrawPermissionRequest } from "../services/requests/withdraw";
import { router, workspaceProcedure } from "../trpc/trpc";

export const requestsRouter = router({
  /** Any member may ask for access. */
  create: workspaceProcedure("member")
    .input(createRequestInput)
    .mutation(({ ctx, input }) => createPermissionRequest(ctx.deps, ctx.caller, input)),

  mine: workspaceProcedure("member").query(({ ctx }) => listMyRequests(ctx.deps, ctx.caller)),

  withdraw: workspaceProcedure("member")
    .input(requestIdInput)
    .mutation(({ ctx, input }) => withdrawPermissionRequest(ctx.deps, ctx.caller, input.requestId)),

  /** The triage list: requests this approver may decide. */
  list: workspaceProcedure("requests.approve")
    .input(listRequestsInput)
    .query(({ ctx, input }) => listRequestsToDecide(ctx.deps, ctx.caller, input)),

  approve: workspaceProcedure("requests.approve")
    .input(approveRequestInput)
    .mutation(({ ctx, input }) => approvePermissionRequest(ctx.deps, ctx.caller, input)),

  deny: workspaceProcedure("requests.approve")
    .input(denyRequestInput)
    .mutation(({ ctx, input }) => denyPermissionRequest(ctx.deps, ctx.caller, input)),
});

export const grantsRouter = router({
  /** Access granted through requests that counts right now. */
  list: workspaceProcedure("members.manage").query(({ ctx }) => listLiveGrants(ctx.deps, ctx.caller)),

  revoke: workspaceProcedure("members.manage")
    .input(grantIdInput)
    .mutation(({ ctx, input }) => revokeGrant(ctx.deps, ctx.caller, input.grantId)),
});
