/**
 * What an unconfirmed account sees where it would create a workspace or
 * invite: why not yet, where the link went, and a button for a new one.
 * The form posts `intent=resend-verification` to the page it is on.
 */
import { Form } from "@remix-run/react";
import { Alert, Button } from "../ui";

export interface ResendAnswer {
  sentTo: string | null;
  alreadyVerified: boolean;
  error: string | null;
  appCode: string | null;
}

export function ConfirmEmailNotice({ email, resend, busy }: { email: string; resend: ResendAnswer | null; busy: boolean }) {
  return (
    <div data-testid="confirm-email-notice">
      <Alert tone="info" title="Confirm your email address first">
        We sent a link to <strong>{email}</strong>. Open it to confirm that the address is yours; then you can create a workspace and invite people.
      </Alert>
      {resend?.sentTo ? (
        <Alert tone="success" className="mt-4">
          A new link is on its way to {resend.sentTo}. Earlier links no longer work.
        </Alert>
      ) : null}
      {resend?.alreadyVerified ? (
        <Alert tone="success" className="mt-4">
          Your address is already confirmed. Reload the page to continue.
        </Alert>
      ) : null}
      {resend?.error ? (
        <Alert tone={resend.appCode === "VERIFICATION_RATE_LIMITED" ? "warning" : "error"} className="mt-4">
          {resend.error}
        </Alert>
      ) : null}
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
