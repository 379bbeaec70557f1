/** The whole API: a router that only wires domains together. */
import { authRouter } from "../routers/auth";
import { devRouter } from "../routers/dev";
import { invitationsRouter } from "../routers/invitations";
import { membersRouter } from "../routers/members";
import { workspacesRouter } from "../routers/workspaces";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  auth: authRouter,
  workspaces: workspacesRouter,
  members: membersRouter,
  dev: devRouter,
  invitations: invitationsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;
