import type { DefaultErrorShape } from "@trpc/server/unstable-core-do-not-import";
import type { AppErrorCode } from "../errors";
import { type RequestTrace, requestOfError } from "../logging/requestContext";
import { describeError } from "./describeError";

export interface AppErrorData {
  code: DefaultErrorShape["data"]["code"];
  httpStatus: number;
  path?: string;
  /** Stable, product-level code: tests and clients check this. */
  appCode: AppErrorCode;
  /** Field-level messages for forms. */
  fieldErrors: Record<string, string[] | undefined> | null;
  details: Record<string, unknown> | null;
  /** The request's id (also in the X-Request-Id header), to quote when asking for help. */
  requestId?: string;
  stack?: string;
}

/** The shape every refusal has on the wire. `code` keeps tRPC's own type, so the router's types (and the browser's) carry `data`. */
export interface AppErrorShape {
  code: DefaultErrorShape["code"];
  message: string;
  data: AppErrorData;
}

/**
 * Turns any error into plain words and a stable code; in production nothing internal leaks.
 * `trace` is the context's; without a context (it failed, or the request was refused
 * before one was made) the request's `onError` has tagged the error with it.
 */
export function formatError(shape: DefaultErrorShape, error: unknown, isProduction: boolean, trace: RequestTrace | null = null): AppErrorShape {
  const request = trace ?? requestOfError(error);
  const described = describeError(error, isProduction);
  return {
    code: shape.code,
    message: described.message,
    data: {
      code: shape.data.code,
      httpStatus: shape.data.httpStatus,
      path: shape.data.path,
      appCode: described.appCode,
      fieldErrors: described.fieldErrors,
      details: described.details,
      ...(request ? { requestId: request.requestId } : {}),
      ...(isProduction ? {} : { stack: shape.data.stack }),
    },
  };
}
