/** The whole API: a router that only wires domains together. */
import { accountRouter } from "./routers/account";
import { authRouter } from "./routers/auth";
import { crmRouter } from "./routers/crm";
import { departmentsRouter } from "./routers/departments";
import { modulesRouter } from "./routers/modules";
import { recruitingRouter } from "./routers/recruiting";
import { rolesRouter } from "./routers/roles";
import { sessionsRouter } from "./routers/sessions";
import { devRouter } from "./routers/dev";
import { emailDeliveryRouter } from "./routers/emailDelivery";
import { invitationsRouter } from "./routers/invitations";
import { membersRouter } from "./routers/members";
import { grantsRouter, requestsRouter } from "./routers/requests";
import { workspacesRouter } from "./routers/workspaces";
import { billingRouter } from "./routers/billing";
import { workspaceDeletionRouter } from "./routers/workspaceDeletion";
import { impersonationRouter } from "./routers/impersonation";
import { auditLogRouter } from "./routers/auditLog";
import { notificationsRouter } from "./routers/notifications";
import { domainsRouter, inviteLinksRouter, joinRequestsRouter } from "./routers/joining";
import { createCallerFactory, router } from "./trpc/trpc";

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  sessions: sessionsRouter,
  workspaces: workspacesRouter,
  members: membersRouter,
  dev: devRouter,
  emailDelivery: emailDeliveryRouter,
  roles: rolesRouter,
  departments: departmentsRouter,
  modules: modulesRouter,
  crm: crmRouter,
  recruiting: recruitingRouter,
  invitations: invitationsRouter,
  requests: requestsRouter,
  grants: grantsRouter,
  billing: billingRouter,
  workspaceDeletion: workspaceDeletionRouter,
  impersonation: impersonationRouter,
  auditLog: auditLogRouter,
  notifications: notificationsRouter,
  inviteLinks: inviteLinksRouter,
  joinRequests: joinRequestsRouter,
  domains: domainsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;
