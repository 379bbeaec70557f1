/**
 * One description of an error for every place that shows it: the tRPC
 * error formatter (HTTP answers) and Remix loaders/actions (server-side
 * caller). Duck-typed on purpose: the Remix server bundle holds its own
 * copy of server modules, so `instanceof AppError` would not match there.
 */
import { ZodError } from "zod";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { type AppErrorCode, errorCatalog } from "../errors";

export interface ErrorDescription {
  appCode: AppErrorCode;
  message: string;
  httpStatus: number;
  fieldErrors: Record<string, string[] | undefined> | null;
  details: Record<string, unknown> | null;
}

const httpStatusByCode: Record<string, number> = {
  PARSE_ERROR: 400,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_SUPPORTED: 405,
  TIMEOUT: 408,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE_CONTENT: 422,
  TOO_MANY_REQUESTS: 429,
  CLIENT_CLOSED_REQUEST: 499,
  INTERNAL_SERVER_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
};

function isAppCode(value: unknown): value is AppErrorCode {
  return typeof value === "string" && value in errorCatalog;
}

function zodErrorOf(error: { cause?: unknown }): ZodError | null {
  const cause = error.cause;
  if (cause instanceof ZodError) return cause;
  if (cause && typeof cause === "object" && "issues" in cause && Array.isArray((cause as ZodError).issues)) {
    return cause as ZodError;
  }
  return null;
}

/** The stable code for any tRPC error that was not raised as an AppError. */
function appCodeForStatus(status: TRPC_ERROR_CODE_KEY): AppErrorCode {
  switch (status) {
    case "BAD_REQUEST":
    case "PARSE_ERROR":
    case "UNPROCESSABLE_CONTENT":
      return "INVALID_INPUT";
    case "UNAUTHORIZED":
      return "NOT_SIGNED_IN";
    case "FORBIDDEN":
      return "FORBIDDEN";
    case "NOT_FOUND":
      return "NOT_FOUND";
    case "CONFLICT":
      return "CONFLICT";
    case "TOO_MANY_REQUESTS":
      return "RATE_LIMITED";
    case "PAYLOAD_TOO_LARGE":
      return "PAYLOAD_TOO_LARGE";
    case "METHOD_NOT_SUPPORTED":
      return "METHOD_NOT_ALLOWED";
    case "UNSUPPORTED_MEDIA_TYPE":
      return "UNSUPPORTED_CONTENT_TYPE";
    case "SERVICE_UNAVAILABLE":
    case "GATEWAY_TIMEOUT":
    case "TIMEOUT":
      return "TEMPORARILY_UNAVAILABLE";
    default:
      return "INTERNAL";
  }
}

/** An AppError, the TRPCError it became at the edge, or anything else thrown. */
export function describeError(error: unknown, isProduction: boolean): ErrorDescription {
  const e = (error ?? {}) as { code?: unknown; kind?: unknown; message?: unknown; appCode?: unknown; details?: unknown; cause?: unknown };
  // A TRPCError names its status `code`; an AppError not yet through the edge names it `kind`.
  const status = isAppCode(e.appCode) && typeof e.kind === "string" ? e.kind : e.code;
  const trpcCode = typeof status === "string" && status in httpStatusByCode ? status : "INTERNAL_SERVER_ERROR";
  const httpStatus = httpStatusByCode[trpcCode] ?? 500;
  const rawMessage = typeof e.message === "string" ? e.message : "";
  const zodError = zodErrorOf(e);

  if (isAppCode(e.appCode)) {
    return {
      appCode: e.appCode,
      message: rawMessage || errorCatalog[e.appCode].message,
      httpStatus,
      fieldErrors: null,
      details: e.details && typeof e.details === "object" ? (e.details as Record<string, unknown>) : null,
    };
  }
  if (zodError) {
    const first = zodError.issues[0];
    return {
      appCode: "INVALID_INPUT",
      message: first ? `${first.path.length ? `${first.path.join(".")}: ` : ""}${first.message}` : errorCatalog.INVALID_INPUT.message,
      httpStatus: 400,
      fieldErrors: zodError.flatten().fieldErrors as Record<string, string[] | undefined>,
      details: null,
    };
  }
  if (trpcCode === "BAD_REQUEST" && /batch call exceeds maximum size/i.test(rawMessage)) {
    return { appCode: "BATCH_TOO_LARGE", message: errorCatalog.BATCH_TOO_LARGE.message, httpStatus, fieldErrors: null, details: null };
  }
  const appCode = appCodeForStatus(trpcCode as Parameters<typeof appCodeForStatus>[0]);
  let message = rawMessage || errorCatalog[appCode].message;
  // tRPC's own messages (unknown procedure, bad JSON, wrong method) and
  // internal failures are technical: plain words in production.
  // Refusals tRPC raises before any procedure runs read as codes ("PAYLOAD_TOO_LARGE"): use ours.
  const beforeProcedure = appCode === "PAYLOAD_TOO_LARGE" || appCode === "METHOD_NOT_ALLOWED" || appCode === "UNSUPPORTED_CONTENT_TYPE";
  if (isProduction || appCode === "INTERNAL" || beforeProcedure) message = errorCatalog[appCode].message;
  if (!isProduction && appCode === "INTERNAL" && rawMessage) message = `${errorCatalog.INTERNAL.message} (${rawMessage})`;
  return { appCode, message, httpStatus, fieldErrors: null, details: null };
}
