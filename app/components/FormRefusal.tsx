/**
 * A refused form, shown the same way on every page (decision 40): an alert
 * with the refusal in words, carrying its stable code as `data-code`. Words
 * that belong to a field the form shows are shown there instead (pass the
 * form's `fields`, read with `fieldErrorsOf`); words about a field the form
 * does not show (a hidden id) stay in the alert. A refusal that says to wait
 * (a paused sign-in, a rate limit) is a warning, any other an error.
 */
import type { ReactNode } from "react";
import { readError } from "../lib/errors";
import { refusalIn } from "../lib/formAnswer";
import { Alert } from "./ui";

export function FormRefusal({ answer, fields = [], className, children }: { answer: unknown; fields?: readonly string[]; className?: string; children?: ReactNode }) {
  if (!refusalIn(answer)) return null;
  const refusal = readError(answer);
  const elsewhere = Object.entries(refusal.fieldErrors)
    .filter(([field]) => !fields.includes(field))
    .flatMap(([, messages]) => messages ?? []);
  if (refusal.hasFieldErrors && elsewhere.length === 0) return null;
  const waiting = refusal.retryAfterSeconds !== null || /(_RATE_LIMITED|_LOCKED)$|^RATE_LIMITED$/.test(refusal.code ?? "");
  return (
    <div className={className} data-testid="form-refusal" data-code={refusal.code ?? undefined}>
      <Alert tone={waiting ? "warning" : "error"}>
        {refusal.hasFieldErrors ? elsewhere.join(" ") : refusal.message}
        {children}
      </Alert>
    </div>
  );
}
