/** The whole API: a router that only wires domains together. */
import { authRouter } from "../routers/auth";
import { devRouter } from "../routers/dev";
import { membersRouter } from "../routers/members";
import { workspacesRouter } from "../routers/workspaces";
import { billingRouter } from "../routers/billing";
import { workspaceDeletionRouter } from "../routers/workspaceDeletion";
import { impersonationRouter } from "../routers/impersonation";
import { auditLogRouter } from "../routers/auditLog";
import { notificationsRouter } from "../routers/notifications";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  auth: authRouter,
  workspaces: workspacesRouter,
  members: membersRouter,
  dev: devRouter,
  billing: billingRouter,
  workspaceDeletion: workspaceDeletionRouter,
  impersonation: impersonationRouter,
  auditLog: auditLogRouter,
  notifications: notificationsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;
