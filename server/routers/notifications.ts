import { markReadInput, notificationListInput } from "../schemas/owner";
import { listInbox, markRead, unreadCount } from "../services/notifications/inbox";
import { authedProcedure, router } from "../trpc/trpc";

export const notificationsRouter = router({
  unreadCount: authedProcedure.query(({ ctx }) => unreadCount(ctx.deps, ctx.user.id)),
  list: authedProcedure.input(notificationListInput).query(({ ctx, input }) => listInbox(ctx.deps, ctx.user.id, input)),
  markRead: authedProcedure.input(markReadInput).mutation(({ ctx, input }) => markRead(ctx.deps, ctx.user.id, "all" in input ? "all" : input.ids)),
});
