/** Changing the password: the current one first; every other session is signed out, this one stays. */
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Alert, Button, Card, TextField } from "../components/ui";
import { attempt, formValues, refusalInit } from "../lib/calls.server";
import { passRetryAfter } from "../lib/errors";
import { useAccount } from "./account";

export const meta: MetaFunction = () => [{ title: "Change your password · Team Access" }];

type Answer = { changed: boolean; otherSessionsEnded: number; formError: string | null; appCode: string | null; fieldErrors: Record<string, string[] | undefined> | null };

// A refusal that says when to try again answers with Retry-After (app/lib/errors.ts).
export const headers = passRetryAfter;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formValues(await request.formData());
  if ((form.newPassword ?? "") !== (form.confirmPassword ?? "")) {
    return json<Answer>({ changed: false, otherSessionsEnded: 0, formError: null, appCode: null, fieldErrors: { confirmPassword: ["The two new passwords don't match."] } }, { status: 400 });
  }
  const result = await attempt(() => context.trpc.account.changePassword({ currentPassword: form.currentPassword ?? "", newPassword: form.newPassword ?? "" }), context.isProduction);
  if (!result.ok) {
    const wrongCurrent = result.error.appCode === "PASSWORD_INCORRECT";
    return json<Answer>(
      {
        changed: false,
        otherSessionsEnded: 0,
        formError: wrongCurrent || result.error.fieldErrors ? null : result.error.message,
        appCode: result.error.appCode,
        fieldErrors: wrongCurrent ? { currentPassword: [result.error.message] } : result.error.fieldErrors,
      },
      refusalInit(result.error),
    );
  }
  return json<Answer>({ changed: true, otherSessionsEnded: result.value.otherSessionsEnded, formError: null, appCode: null, fieldErrors: null });
}

export default function ChangePassword() {
  const account = useAccount();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <Card className="p-4 sm:p-6">
      <h2 className="text-lg font-semibold text-slate-900">Change your password</h2>
      <p className="mt-1 text-sm text-slate-600">Everywhere else your account is signed in will be signed out; you stay signed in here.</p>
      {data?.changed ? (
        <Alert tone="success" className="mt-4" title="Your password was changed.">
          {data.otherSessionsEnded === 0 ? "You weren't signed in anywhere else." : `${data.otherSessionsEnded} other ${data.otherSessionsEnded === 1 ? "session was" : "sessions were"} signed out.`}
        </Alert>
      ) : null}
      {data?.formError ? (
        <Alert tone={data.appCode === "PASSWORD_CHECK_RATE_LIMITED" ? "warning" : "error"} className="mt-4">
          {data.formError}
        </Alert>
      ) : null}
      <Form method="post" className="mt-5 max-w-md space-y-5" noValidate key={data?.changed ? "done" : "form"}>
        <input type="text" name="username" autoComplete="username" value={account.email} readOnly hidden />
        <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" required errors={data?.fieldErrors?.currentPassword} />
        <TextField label="New password" name="newPassword" type="password" autoComplete="new-password" required hint="At least 8 characters." errors={data?.fieldErrors?.newPassword} />
        <TextField label="New password again" name="confirmPassword" type="password" autoComplete="new-password" required errors={data?.fieldErrors?.confirmPassword} />
        <div className="flex flex-wrap items-center gap-4">
          <Button type="submit" busy={navigation.state === "submitting"}>
            Change password
          </Button>
          <Link to="/forgot-password" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
            Forgot your current password?
          </Link>
        </div>
      </Form>
    </Card>
  );
}
