import { z } from "zod";
import { listMailbox } from "../../emails/devMailbox";
import { AppError } from "../errors";
import { publicProcedure, router } from "../trpc/trpc";

/** Development helpers; every procedure answers NOT_FOUND in production. */
export const devRouter = router({
  mailbox: publicProcedure
    .input(z.object({ to: z.string().trim().max(254).optional() }).optional())
    .query(({ ctx, input }) => {
      if (ctx.deps.config.isProduction) throw new AppError("NOT_FOUND");
      return listMailbox(ctx.deps.db, { to: input?.to || undefined, limit: 100 });
    }),
});
