/**
 * The one place an AppError (server/errors.ts, free of any transport)
 * becomes the TRPCError the API answers with: its kind as tRPC's code, its
 * stable code and details carried for the error formatter (describeError.ts)
 * and the Retry-After header. Used by the procedures' base middleware and
 * by the context (trpc.ts, context.ts); nothing else throws TRPCErrors.
 */
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { AppError, type AppErrorCode, type ErrorKind } from "../errors";

/** Every kind is one of tRPC's codes: a kind tRPC lacks would not compile here. */
const trpcCodeOf = (kind: ErrorKind): TRPC_ERROR_CODE_KEY => kind;

export class AppTRPCError extends TRPCError {
  readonly appCode: AppErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(error: AppError) {
    super({ code: trpcCodeOf(error.kind), message: error.message, cause: error });
    this.name = "AppError";
    this.appCode = error.appCode;
    this.details = error.details;
  }
}

/** The AppError a procedure failed with, if it failed with one (tRPC wraps whatever a procedure throws). */
export function appErrorOf(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof TRPCError && !(error instanceof AppTRPCError) && error.cause instanceof AppError) return error.cause;
  return null;
}
