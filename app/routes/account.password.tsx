/** Changing the password: the current one first; every other session is signed out, this one stays. */
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { FormRefusal } from "../components/FormRefusal";
import { Alert, Button, Card, TextField } from "../components/ui";
import { fieldErrorsOf, passRetryAfter } from "../lib/errors";
import { answered, callForm, formValues, refuse, refused } from "../lib/formAnswer.server";
import { useAccount } from "./account";

export const meta: MetaFunction = () => [{ title: "Change your password · Team Access" }];

// A refusal that says when to try again answers with Retry-After (app/lib/errors.ts).
export const headers = passRetryAfter;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formValues(await request.formData());
  if ((form.newPassword ?? "") !== (form.confirmPassword ?? "")) {
    const words = "The two new passwords don't match.";
    return refuse({ code: "INVALID_INPUT", message: words, fields: { confirmPassword: [words] } });
  }
  const result = await callForm(context, () => context.trpc.account.changePassword({ currentPassword: form.currentPassword ?? "", newPassword: form.newPassword ?? "" }), {
    fieldFor: { PASSWORD_INCORRECT: "currentPassword" },
  });
  if (!result.ok) return refused(result);
  return answered({ otherSessionsEnded: result.value.otherSessionsEnded });
}

export default function ChangePassword() {
  const account = useAccount();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const fieldErrors = fieldErrorsOf(data);
  return (
    <Card className="p-4 sm:p-6">
      <h2 className="text-lg font-semibold text-slate-900">Change your password</h2>
      <p className="mt-1 text-sm text-slate-600">Everywhere else your account is signed in will be signed out; you stay signed in here.</p>
      {data?.ok ? (
        <Alert tone="success" className="mt-4" title="Your password was changed.">
          {data.otherSessionsEnded === 0 ? "You weren't signed in anywhere else." : `${data.otherSessionsEnded} other ${data.otherSessionsEnded === 1 ? "session was" : "sessions were"} signed out.`}
        </Alert>
      ) : null}
      <FormRefusal answer={data} fields={["currentPassword", "newPassword", "confirmPassword"]} className="mt-4" />
      <Form method="post" className="mt-5 max-w-md space-y-5" noValidate key={data?.ok ? "done" : "form"}>
        <input type="text" name="username" autoComplete="username" value={account.email} readOnly hidden />
        <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" required errors={fieldErrors.currentPassword} />
        <TextField label="New password" name="newPassword" type="password" autoComplete="new-password" required hint="At least 8 characters." errors={fieldErrors.newPassword} />
        <TextField label="New password again" name="confirmPassword" type="password" autoComplete="new-password" required errors={fieldErrors.confirmPassword} />
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
