import { router, workspaceProcedure } from "../trpc/trpc";

export const emailDeliveryRouter = router({
  /**
   * Whether this server's email reaches people (Postmark) or is only kept in
   * the development mailbox: those who send invitations are told, so nobody
   * takes "queued in a local mailbox" for "sent". Never the mailbox's address.
   */
  status: workspaceProcedure("members.invite").query(({ ctx }) => ({ delivered: ctx.deps.devMailbox === null })),
});
