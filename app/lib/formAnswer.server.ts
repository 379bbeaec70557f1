/**
 * How a form's action calls the API and answers (decision 40): every route
 * with an `action` answers through this module, so every form page gets
 * `{ ok: true, … }`, `{ ok: false, error: { code, message, fields?,
 * retryAfter? }, … }` (app/lib/formAnswer.ts) or a redirect.
 *
 *   const result = await callForm(context, () => context.trpc.auth.signIn(input));
 *   if (!result.ok) return refused(result, { values: { email } });
 *   return redirect(next);
 */
import { type AppLoadContext, json, type TypedResponse } from "@remix-run/node";
import { retryAfterHeaders, retryAfterSecondsOf } from "#server/http/retryAfter";
import { describeError } from "#server/trpc/describeError";
import type { AppErrorCode, FieldErrors } from "./errors";
import type { FormAnswered, FormRefusal, FormRefused } from "./formAnswer";

export type FormCall<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: FormRefusal;
      /** The refusal's details (server/errors.ts), for a page that explains a refusal at length; not sent as such. */
      details: Record<string, unknown> | null;
      /** The status of the refusal and, when it says when to try again, its Retry-After. */
      init: ResponseInit;
    };

export interface FormCallOptions {
  /** Refusals whose words belong next to one field of this form (e.g. `{ PASSWORD_INCORRECT: "currentPassword" }`). */
  fieldFor?: Partial<Record<AppErrorCode, string>>;
}

/**
 * Runs one in-process API call for a form. A refusal (an AppError, a zod
 * input error, anything thrown) becomes the shared refusal with the status
 * /trpc would answer; its words go to a field when the input's schema named
 * one, when the service named one (`details.field`), or by `fieldFor`.
 */
export async function callForm<T>(context: Pick<AppLoadContext, "isProduction">, call: () => Promise<T>, options: FormCallOptions = {}): Promise<FormCall<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (thrown) {
    const described = describeError(thrown, context.isProduction);
    if (described.appCode === "INTERNAL") console.error(thrown);
    const field = options.fieldFor?.[described.appCode] ?? (typeof described.details?.field === "string" ? described.details.field : null);
    const fields: FieldErrors | null = described.fieldErrors ?? (field ? { [field]: [described.message] } : null);
    const retryAfter = retryAfterSecondsOf([described]);
    const error: FormRefusal = { code: described.appCode, message: described.message, ...(fields ? { fields } : {}), ...(retryAfter === null ? {} : { retryAfter }) };
    return { ok: false, error, details: described.details, init: { status: described.httpStatus, headers: retryAfterHeaders([described]) } };
  }
}

/** The answer to a refused call, with what the page needs back beside it (which form, the values typed). */
export function refused<Echo extends object = Record<never, never>>(failed: { error: FormRefusal; init: ResponseInit }, echo?: Echo): TypedResponse<FormRefused<Echo>> {
  return json({ ...(echo as Echo), ok: false as const, error: failed.error }, failed.init);
}

/** A refusal the page's action decides before calling (two passwords that differ): 400, with the words on the field. */
export function refuse<Echo extends object = Record<never, never>>(error: FormRefusal, echo?: Echo): TypedResponse<FormRefused<Echo>> {
  return refused({ error, init: { status: 400 } }, echo);
}

/** The answer to a form that was done (and the page stays): what happened. */
export function answered<Answer extends object = Record<never, never>>(answer?: Answer): TypedResponse<FormAnswered<Answer>> {
  return json({ ...(answer as Answer), ok: true as const });
}

/** Form fields as strings (missing fields are absent, never "null"). */
export function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") values[key] = value;
  return values;
}
