/**
 * The one reader of a refused call, wherever the refusal comes from:
 * - a tRPC call from the browser (a `TRPCClientError`, whose `data` the
 *   server's error formatter types: server/trpc/errorFormatter.ts);
 * - a Remix loader's refusal (the `PageError` that app/lib/calls.server.ts
 *   puts in it) or a form action's answer (`{ ok: false, error }`,
 *   app/lib/formAnswer.ts).
 * Every page reads the product code, the words, the field errors, when to
 * try again and the request id through `readError`, never through casts.
 */
import type { HeadersFunction } from "@remix-run/node";
import { TRPCClientError } from "@trpc/client";
import type { AppRouter } from "#server/router";
import { isAnswered, refusalIn } from "./formAnswer";

/** The formatter's `data`, as the router's types say it. */
export type AppErrorData = NonNullable<TRPCClientError<AppRouter>["data"]>;
/** The product's stable refusal codes (server/errors.ts). */
export type AppErrorCode = AppErrorData["appCode"];
export type FieldErrors = Record<string, string[] | undefined>;

export interface ReadError {
  /** The product code; null when the call never got an answer (offline, a crashed proxy). */
  code: AppErrorCode | null;
  message: string;
  /** Field-level messages for a form; empty when the refusal is about the whole form. */
  fieldErrors: FieldErrors;
  hasFieldErrors: boolean;
  details: Record<string, unknown> | null;
  /** Seconds until trying again is worth it (a paused sign-in, a rate limit). */
  retryAfterSeconds: number | null;
  /** The request's id, to quote when asking for help. */
  requestId: string | null;
}

const fallbackMessage = "Something went wrong. Please try again.";

/** The parts of a refusal as the server writes them: the formatter's `data`, or what a loader or action answered. */
interface RefusalFields {
  appCode?: unknown;
  fieldErrors?: unknown;
  details?: unknown;
  requestId?: unknown;
  permission?: unknown;
}

function recordOf(value: unknown): Record<string, unknown> | null {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function fieldErrorsIn(value: unknown): FieldErrors {
  const record = recordOf(value);
  if (!record) return {};
  const out: FieldErrors = {};
  for (const [field, messages] of Object.entries(record)) {
    if (Array.isArray(messages)) out[field] = messages.filter((m): m is string => typeof m === "string");
  }
  return out;
}

/** Reads a refusal (anything a call threw or answered in refusal). */
export function readError(error: unknown): ReadError {
  let fields: RefusalFields | null;
  let message: unknown;
  const formRefusal = refusalIn(error);
  if (formRefusal) {
    // A form action's answer (app/lib/formAnswer.ts).
    fields = { appCode: formRefusal.code, fieldErrors: formRefusal.fields, details: formRefusal.retryAfter ? { retryAfterSeconds: formRefusal.retryAfter } : undefined };
    message = formRefusal.message;
  } else if (error instanceof TRPCClientError) {
    fields = recordOf((error as TRPCClientError<AppRouter>).data) as RefusalFields | null;
    message = error.message;
  } else {
    const record = recordOf(error);
    // A tRPC error that crossed a structured clone, or a loader's or action's answer: both carry their fields flat or under `data`.
    fields = (recordOf(record?.data)?.appCode !== undefined ? recordOf(record?.data) : record) as RefusalFields | null;
    message = record?.message ?? (error instanceof Error ? error.message : undefined);
  }
  const fieldErrors = fieldErrorsIn(fields?.fieldErrors);
  const details = recordOf(fields?.details);
  const permission = details?.permission ?? fields?.permission;
  const retryAfter = details?.retryAfterSeconds;
  return {
    code: typeof fields?.appCode === "string" ? (fields.appCode as AppErrorCode) : null,
    message: typeof message === "string" && message !== "" ? message : fallbackMessage,
    fieldErrors,
    hasFieldErrors: Object.keys(fieldErrors).length > 0,
    details: details ?? (typeof permission === "string" ? { permission } : null),
    retryAfterSeconds: typeof retryAfter === "number" && Number.isFinite(retryAfter) && retryAfter > 0 ? Math.ceil(retryAfter) : null,
    requestId: typeof fields?.requestId === "string" ? fields.requestId : null,
  };
}

/** The message for a banner above a form: only when there is a refusal and no field carries it. */
export function formErrorOf(error: unknown): string | null {
  if (error === null || error === undefined || isAnswered(error)) return null;
  const read = readError(error);
  return read.hasFieldErrors ? null : read.message;
}

/** A form's field errors, empty when nothing was refused (no answer yet, or `{ ok: true }`). */
export function fieldErrorsOf(error: unknown): FieldErrors {
  return error === null || error === undefined || isAnswered(error) ? {} : readError(error).fieldErrors;
}

/**
 * A page answering a refused form carries the action's Retry-After (set by
 * `callForm` in app/lib/formAnswer.server.ts), so a refusal that says when to
 * try again says it the HTTP way on pages as on /trpc. Routes whose action
 * can be refused that way export `headers = passRetryAfter`.
 */
export const passRetryAfter: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};
