import { changePlanInput } from "../schemas/owner";
import { billingOverview, changePlan } from "../services/billing/billing";
import { ownerProcedure } from "../trpc/ownerProcedure";
import { router } from "../trpc/trpc";

export const billingRouter = router({
  overview: ownerProcedure("billing.manage").query(({ ctx }) => billingOverview(ctx.deps, ctx.caller)),
  changePlan: ownerProcedure("billing.manage")
    .input(changePlanInput)
    .mutation(({ ctx, input }) => changePlan(ctx.deps, ctx.caller, input)),
});
