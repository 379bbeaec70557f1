import { z } from "zod";
import { listMailbox } from "#emails/devMailbox";
import { AppError } from "../errors";
import { opensDevMailbox } from "../http/devMailbox";
import { publicProcedure, router } from "../trpc/trpc";

/** Development helpers: without the mailbox's key (or with Postmark configured) they answer NOT_FOUND, as if they did not exist. */
export const devRouter = router({
  mailbox: publicProcedure.input(z.object({ key: z.string().max(256).optional(), to: z.string().trim().max(254).optional() }).optional()).query(({ ctx, input }) => {
    if (!opensDevMailbox(ctx.deps.devMailbox, input?.key)) throw new AppError("NOT_FOUND");
    return listMailbox(ctx.deps.db, { to: input?.to || undefined, limit: 100 });
  }),
});
