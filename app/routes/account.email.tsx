/**
 * Changing the email address: the new one counts once the link sent to it
 * is opened; until then the page shows it as waiting (and it can be
 * cancelled). Whether the new address is taken is not shown here: its
 * owner is told by email instead.
 */
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Alert, Button, Card, TextField } from "../components/ui";
import { attempt, formValues, refusalInit } from "../lib/calls.server";
import { passRetryAfter } from "../lib/errors";
import { Time } from "../lib/time";
import { useAccount } from "./account";

export const meta: MetaFunction = () => [{ title: "Change your email address · Team Access" }];

type Answer = {
  intent: "change" | "cancel";
  pendingEmail: string | null;
  formError: string | null;
  appCode: string | null;
  fieldErrors: Record<string, string[] | undefined> | null;
  values: { newEmail: string };
};

// A refusal that says when to try again answers with Retry-After (app/lib/errors.ts).
export const headers = passRetryAfter;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formValues(await request.formData());
  if (form.intent === "cancel") {
    await attempt(() => context.trpc.account.cancelEmailChange(), context.isProduction);
    return json<Answer>({ intent: "cancel", pendingEmail: null, formError: null, appCode: null, fieldErrors: null, values: { newEmail: "" } });
  }
  const newEmail = form.newEmail ?? "";
  const result = await attempt(() => context.trpc.account.requestEmailChange({ newEmail, password: form.password ?? "" }), context.isProduction);
  if (!result.ok) {
    const code = result.error.appCode;
    const fieldErrors = code === "PASSWORD_INCORRECT" ? { password: [result.error.message] } : code === "EMAIL_CHANGE_SAME" ? { newEmail: [result.error.message] } : result.error.fieldErrors;
    return json<Answer>({ intent: "change", pendingEmail: null, formError: fieldErrors ? null : result.error.message, appCode: code, fieldErrors, values: { newEmail } }, refusalInit(result.error));
  }
  return json<Answer>({ intent: "change", pendingEmail: result.value.pendingEmail, formError: null, appCode: null, fieldErrors: null, values: { newEmail: "" } });
}

export default function ChangeEmail() {
  const account = useAccount();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const pending = account.pendingEmail;
  return (
    <Card className="p-4 sm:p-6">
      <h2 className="text-lg font-semibold text-slate-900">Change your email address</h2>
      <p className="mt-1 text-sm text-slate-600">
        You sign in with <strong>{account.email}</strong>. We'll send a link to the new address; your account switches to it only when that link is opened. We'll also tell {account.email}.
      </p>
      {pending ? (
        <div className="mt-4" data-testid="pending-email">
          <Alert tone="info" title={`Waiting for ${pending.email} to be confirmed`}>
            {data?.intent === "change" && data.pendingEmail ? "We've sent a link to that address. " : null}
            Open the link sent to {pending.email} (it works until <Time value={pending.expiresAt} />
            ). Until then you keep signing in with {account.email}.
          </Alert>
          <Form method="post" className="mt-3">
            <input type="hidden" name="intent" value="cancel" />
            <Button type="submit" variant="secondary" size="sm" busy={busy && navigation.formData?.get("intent") === "cancel"}>
              Cancel this change
            </Button>
          </Form>
        </div>
      ) : null}
      {data?.intent === "cancel" && !pending ? (
        <Alert tone="success" className="mt-4">
          The change was cancelled; the link sent for it no longer works.
        </Alert>
      ) : null}
      {data?.formError ? (
        <Alert tone={data.appCode?.endsWith("_RATE_LIMITED") ? "warning" : "error"} className="mt-4">
          {data.formError}
        </Alert>
      ) : null}
      {/* A new key after each sent link empties the fields. */}
      <Form method="post" className="mt-5 max-w-md space-y-5" noValidate key={data?.intent === "change" && data.pendingEmail ? `sent-${data.pendingEmail}` : "form"}>
        <input type="hidden" name="intent" value="change" />
        <TextField label="New email address" name="newEmail" type="email" autoComplete="email" required defaultValue={data?.values.newEmail} errors={data?.fieldErrors?.newEmail} />
        <TextField label="Your password" name="password" type="password" autoComplete="current-password" required hint="To confirm it's you." errors={data?.fieldErrors?.password} />
        <Button type="submit" busy={busy && navigation.formData?.get("intent") === "change"}>
          {pending ? "Send a link to another address" : "Send confirmation link"}
        </Button>
      </Form>
    </Card>
  );
}
