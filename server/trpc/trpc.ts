/**
 * The one tRPC instance: context, initialisation, procedures.
 *
 * Every procedure declares who may call it in its meta, in one place:
 *   publicProcedure                    anyone
 *   authedProcedure                    any signed-in user
 *   workspaceProcedure("member")       any active member of the workspace named by the input
 *   workspaceProcedure("members.view") members holding that permission (at any scope)
 * The router walk test fails if any procedure is built without one.
 */
import { initTRPC } from "@trpc/server";
import { z } from "zod";
import { AppError, isDatabaseUnavailable, isInvalidDataValue, isQueryTimeout } from "../errors";
import { scopeFor } from "#shared/permissions/access";
import { moduleDefinitions, moduleOf, type Permission, permissionLabel } from "#shared/permissions/catalogue";
import { loadWorkspaceAccess } from "../permissions/resolve";
import { assertEmailVerified } from "../permissions/verifiedEmail";
import type { Actor } from "../services/audit";
import type { WorkspaceCaller } from "../services/caller";
import { noteRequestWorkspace } from "../logging/requestContext";
import { exportedRows, impersonatedCallKind, recordImpersonatedAction } from "../services/impersonation/trail";
import type { Context } from "./context";
import { AppTRPCError, appErrorOf } from "./errors";
import { formatError } from "./errorFormatter";

export type ProcedureAccess = { public: true } | { signedIn: true } | { member: true } | { permission: Permission };

export interface ProcedureMeta {
  access?: ProcedureAccess;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    isDev: process.env.NODE_ENV !== "production",
    errorFormatter: ({ shape, error, ctx }) => formatError(shape, error, ctx?.deps.config.isProduction ?? process.env.NODE_ENV === "production", ctx?.trace ?? null),
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;

/**
 * Errors leave as tRPC answers here, in one place: an AppError becomes its
 * TRPCError (./errors.ts); a database that is down or restarting answers
 * "try again", and a value the database cannot store "invalid input", not
 * "internal error".
 */
type CallResult = Awaited<ReturnType<Parameters<Parameters<typeof t.middleware>[0]>[0]["next"]>>;
function answered<R extends CallResult>(result: R): R {
  if (result.ok || result.error instanceof AppTRPCError) return result;
  const appError = appErrorOf(result.error);
  if (appError) throw new AppTRPCError(appError);
  const cause = result.error.cause ?? result.error;
  if (isQueryTimeout(cause)) throw new AppTRPCError(new AppError("QUERY_TIMEOUT", undefined, undefined, cause));
  if (isDatabaseUnavailable(cause)) throw new AppTRPCError(new AppError("TEMPORARILY_UNAVAILABLE", undefined, undefined, cause));
  if (isInvalidDataValue(cause)) {
    throw new AppTRPCError(new AppError("INVALID_INPUT", "Some of what you entered contains characters or values that can't be stored.", undefined, cause));
  }
  return result;
}

const answerErrors = t.middleware(async ({ next }) => answered(await next()));

const baseProcedure = t.procedure.use(answerErrors);

export const publicProcedure = baseProcedure.meta({ access: { public: true } });

/**
 * `answerErrors` and the signed-in check in one middleware: every level of
 * tRPC's chain copies the call's options and context, and these two always
 * run together. Its refusal is the TRPCError `answerErrors` would have made
 * of it one level up.
 */
const answerErrorsForUser = t.middleware(async ({ ctx, next }) => {
  if (!ctx.user || !ctx.session) throw new AppTRPCError(new AppError("NOT_SIGNED_IN"));
  const actor: Actor = { userId: ctx.user.id, impersonatorUserId: null };
  return answered(await next({ ctx: { user: ctx.user, session: ctx.session, actor } }));
});

const signedInProcedure = t.procedure.use(answerErrorsForUser);

export const authedProcedure = signedInProcedure.meta({ access: { signedIn: true } });

/**
 * Creating a workspace and inviting people need a confirmed email address
 * (server/permissions/verifiedEmail.ts), asked of the account the request
 * is made with. Add after the procedure's own access check.
 */
export const requireVerifiedEmail = t.middleware(async ({ ctx, next }) => {
  if (!ctx.session) throw new AppError("NOT_SIGNED_IN");
  await assertEmailVerified(ctx.deps.db, ctx.session.userId);
  return next();
});

export const workspaceSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Choose a workspace.")
  .max(48)
  .regex(/^[a-z0-9-]+$/, "That is not a workspace address.");

/**
 * Why a member with this access may not call a procedure declaring
 * `declared`, or null when they may (with the scope their permission has
 * there; null for "member").
 */
function accessRefusal(declared: ProcedureAccess | undefined, access: WorkspaceCaller["access"]): { refusal: AppError } | { scope: WorkspaceCaller["scope"] } {
  if (!declared) return { refusal: new AppError("INTERNAL", "This procedure does not declare who may call it.") };
  if ("member" in declared) return { scope: null };
  if (!("permission" in declared)) return { refusal: new AppError("INTERNAL", "A workspace procedure must name a permission.") };
  const permission = declared.permission;
  const module = moduleOf(permission);
  if (module && !access.modules[module]) {
    return { refusal: new AppError("MODULE_CLOSED", `The ${moduleDefinitions[module].label} module is not available to you in this workspace.`, { module, permission }) };
  }
  const scope = scopeFor(access, permission);
  if (scope === null) {
    return {
      refusal: new AppError("FORBIDDEN", `You don't have permission to do that (${permissionLabel(permission)}).`, {
        permission,
      }),
    };
  }
  return { scope };
}

/**
 * Loads the caller's active membership in the workspace named by the input
 * and their effective permissions, once per request, then checks the
 * procedure's declared permission against them, in one middleware (one
 * level of tRPC's chain instead of two). No membership (or no such
 * workspace): NOT_FOUND, never a hint that the workspace exists.
 */
const workspaceMembership = signedInProcedure.input(z.object({ workspaceSlug: workspaceSlugSchema })).use(async ({ ctx, input, meta, next, path, type }) => {
  // An owner viewing as a member: inside that workspace everything runs as
  // the member, and every change names both people.
  const viewing = ctx.impersonation?.workspaceSlug === input.workspaceSlug ? ctx.impersonation : null;
  const user = viewing ? viewing.member : ctx.user;
  const actor: Actor = viewing ? { userId: viewing.member.id, impersonatorUserId: viewing.ownerUserId } : ctx.actor;
  let pending = ctx.workspaceAccessCache.get(input.workspaceSlug);
  if (!pending) {
    pending = loadWorkspaceAccess(ctx.deps.db, user.id, input.workspaceSlug);
    ctx.workspaceAccessCache.set(input.workspaceSlug, pending);
  }
  const found = await pending;
  if (!found) throw new AppError("NOT_FOUND", "We couldn't find that workspace, or you are not a member of it.");
  noteRequestWorkspace(ctx.trace, found.workspace.id, user.id, actor.impersonatorUserId);
  const kind = viewing ? impersonatedCallKind(type, path) : null;
  const allowed = accessRefusal(meta?.access, found.access);
  if ("refusal" in allowed) {
    // A refused call while viewing is recorded too, as not succeeded.
    if (viewing && kind) await recordImpersonatedAction(ctx.deps, found.workspace.id, actor, { procedure: path, kind, succeeded: false, rows: undefined });
    throw allowed.refusal;
  }
  const caller: WorkspaceCaller = {
    workspace: found.workspace,
    membershipId: found.membershipId,
    user: { id: user.id, name: user.name, email: user.email },
    access: found.access,
    actor,
    scope: allowed.scope,
  };
  const result = await next({ ctx: { user, actor, caller, impersonating: viewing } });
  if (viewing && kind) {
    // Everything done while viewing, reads and exports included, names both people.
    const rows = kind === "export" && result.ok ? exportedRows(result.data) : undefined;
    await recordImpersonatedAction(ctx.deps, found.workspace.id, actor, { procedure: path, kind, succeeded: result.ok, rows });
  }
  return result;
});

/** A procedure inside a workspace, callable by members who hold `requirement`. */
export function workspaceProcedure(requirement: Permission | "member") {
  return workspaceMembership.meta({ access: requirement === "member" ? { member: true } : { permission: requirement } });
}
