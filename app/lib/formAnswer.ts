/**
 * The one shape of a form's answer (decision 40). A Remix action answers a
 * form with `{ ok: true, … }` (what happened) or `{ ok: false, error, … }`
 * (why not), or redirects; whatever else a page needs back (which form of
 * the page answered, the typed values to show again) sits beside `ok`. The
 * server half is `app/lib/formAnswer.server.ts`; the page shows a refusal
 * with `<FormRefusal>` (app/components/FormRefusal.tsx) and the field errors
 * with `fieldErrorsOf` (app/lib/errors.ts), both read through `readError`.
 */
import type { AppErrorCode, FieldErrors } from "./errors";

export interface FormRefusal {
  /** The product's stable code (server/errors.ts), for tests and for pages that answer a code differently. */
  code: AppErrorCode;
  /** The refusal in words. */
  message: string;
  /** Messages that belong next to one field. */
  fields?: FieldErrors;
  /** Seconds until trying again is worth it (also the answer's Retry-After header). */
  retryAfter?: number;
}

export type FormRefused<Echo extends object = object> = { ok: false; error: FormRefusal } & Echo;
export type FormAnswered<Answer extends object = object> = { ok: true } & Answer;

function recordOf(value: unknown): Record<string, unknown> | null {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The refusal in an action's answer; null when there is no answer yet or it was not a refusal. */
export function refusalIn(answer: unknown): FormRefusal | null {
  const record = recordOf(answer);
  if (record?.ok !== false) return null;
  const error = recordOf(record.error);
  return error && typeof error.code === "string" && typeof error.message === "string" ? (error as unknown as FormRefusal) : null;
}

/** Whether an action's answer is a success (`{ ok: true, … }`). */
export function isAnswered(answer: unknown): boolean {
  return recordOf(answer)?.ok === true;
}
