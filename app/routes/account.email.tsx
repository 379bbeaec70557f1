/**
 * Changing the email address: the new one counts once the link sent to it
 * is opened; until then the page shows it as waiting (and it can be
 * cancelled). Whether the new address is taken is not shown here: its
 * owner is told by email instead.
 */
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { FormRefusal } from "../components/FormRefusal";
import { Alert, Button, Card, TextField } from "../components/ui";
import { fieldErrorsOf, passRetryAfter } from "../lib/errors";
import { answered, callForm, formValues, refused } from "../lib/formAnswer.server";
import { Time } from "../lib/time";
import { useAccount } from "./account";

export const meta: MetaFunction = () => [{ title: "Change your email address · Team Access" }];

// A refusal that says when to try again answers with Retry-After (app/lib/errors.ts).
export const headers = passRetryAfter;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formValues(await request.formData());
  if (form.intent === "cancel") {
    const cancelled = await callForm(context, () => context.trpc.account.cancelEmailChange());
    if (!cancelled.ok) return refused(cancelled, { intent: "cancel" as const, values: { newEmail: "" } });
    return answered({ intent: "cancel" as const, pendingEmail: null, values: { newEmail: "" } });
  }
  const newEmail = form.newEmail ?? "";
  // A same address is refused on its field by the service (details.field); a wrong password on the password field.
  const result = await callForm(context, () => context.trpc.account.requestEmailChange({ newEmail, password: form.password ?? "" }), { fieldFor: { PASSWORD_INCORRECT: "password" } });
  if (!result.ok) return refused(result, { intent: "change" as const, values: { newEmail } });
  return answered({ intent: "change" as const, pendingEmail: result.value.pendingEmail, values: { newEmail: "" } });
}

export default function ChangeEmail() {
  const account = useAccount();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const pending = account.pendingEmail;
  const sentTo = data?.ok && data.intent === "change" ? data.pendingEmail : null;
  const fieldErrors = fieldErrorsOf(data);
  return (
    <Card className="p-4 sm:p-6">
      <h2 className="text-lg font-semibold text-slate-900">Change your email address</h2>
      <p className="mt-1 text-sm text-slate-600">
        You sign in with <strong>{account.email}</strong>. We'll send a link to the new address; your account switches to it only when that link is opened. We'll also tell {account.email}.
      </p>
      {pending ? (
        <div className="mt-4" data-testid="pending-email">
          <Alert tone="info" title={`Waiting for ${pending.email} to be confirmed`}>
            {sentTo ? "We've sent a link to that address. " : null}
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
      {data?.ok && data.intent === "cancel" && !pending ? (
        <Alert tone="success" className="mt-4">
          The change was cancelled; the link sent for it no longer works.
        </Alert>
      ) : null}
      <FormRefusal answer={data} fields={["newEmail", "password"]} className="mt-4" />
      {/* A new key after each sent link empties the fields. */}
      <Form method="post" className="mt-5 max-w-md space-y-5" noValidate key={sentTo ? `sent-${sentTo}` : "form"}>
        <input type="hidden" name="intent" value="change" />
        <TextField label="New email address" name="newEmail" type="email" autoComplete="email" required defaultValue={data?.values.newEmail} errors={fieldErrors.newEmail} />
        <TextField label="Your password" name="password" type="password" autoComplete="current-password" required hint="To confirm it's you." errors={fieldErrors.password} />
        <Button type="submit" busy={busy && navigation.formData?.get("intent") === "change"}>
          {pending ? "Send a link to another address" : "Send confirmation link"}
        </Button>
      </Form>
    </Card>
  );
}
