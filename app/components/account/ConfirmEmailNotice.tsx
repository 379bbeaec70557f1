/**
 * What an unconfirmed account sees where it would create a workspace or
 * invite: why not yet, where the link went, and a button for a new one.
 * The form posts `intent=resend-verification` to the page it is on.
 */
import { Form } from "@remix-run/react";
import type { FormAnswered, FormRefused } from "../../lib/formAnswer";
import { FormRefusal } from "../FormRefusal";
import { Alert, Button } from "../ui";

/** The resend form's answer (app/lib/resendVerification.server.ts). */
export type ResendAnswer = FormAnswered<{ intent: "resend-verification"; sentTo: string | null; alreadyVerified: boolean }> | FormRefused<{ intent: "resend-verification" }>;

/** The page's action answer when it answered the resend form, else null. */
export function resendAnswerOf(answer: object | null | undefined): ResendAnswer | null {
  return answer && "intent" in answer && answer.intent === "resend-verification" ? (answer as ResendAnswer) : null;
}

export function ConfirmEmailNotice({ email, resend, busy }: { email: string; resend: ResendAnswer | null; busy: boolean }) {
  return (
    <div data-testid="confirm-email-notice">
      <Alert tone="info" title="Confirm your email address first">
        We sent a link to <strong>{email}</strong>. Open it to confirm that the address is yours; then you can create a workspace and invite people.
      </Alert>
      {resend?.ok && resend.sentTo ? (
        <Alert tone="success" className="mt-4">
          A new link is on its way to {resend.sentTo}. Earlier links no longer work.
        </Alert>
      ) : null}
      {resend?.ok && resend.alreadyVerified ? (
        <Alert tone="success" className="mt-4">
          Your address is already confirmed. Reload the page to continue.
        </Alert>
      ) : null}
      <FormRefusal answer={resend} className="mt-4" />
      <Form method="post" className="mt-5">
        <input type="hidden" name="intent" value="resend-verification" />
        <Button type="submit" variant="secondary" className="w-full" busy={busy}>
          Resend verification email
        </Button>
      </Form>
      <p className="mt-3 text-xs text-slate-500">Wrong address? Change it in your account settings; the new address gets its own link.</p>
    </div>
  );
}
