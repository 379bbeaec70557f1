/**
 * Forgot password: one field, and the same answer whatever the address
 * (OWASP). Too many requests get their refusal with the time to wait.
 */
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthLayout } from "../components/AuthLayout";
import { FormRefusal } from "../components/FormRefusal";
import { Button, TextField } from "../components/ui";
import { fieldErrorsOf, passRetryAfter } from "../lib/errors";
import { answered, callForm, formValues, refused } from "../lib/formAnswer.server";

export const meta: MetaFunction = () => [{ title: "Forgot your password? · Team Access" }];

// A refusal that says when to try again answers with Retry-After (app/lib/errors.ts).
export const headers = passRetryAfter;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formValues(await request.formData());
  const email = form.email ?? "";
  const result = await callForm(context, () => context.trpc.account.requestPasswordReset({ email }));
  if (!result.ok) return refused(result, { email });
  return answered({ sentTo: email.trim().toLowerCase(), email });
}

export default function ForgotPassword() {
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  if (data?.ok) {
    return (
      <AuthLayout
        title="Check your email"
        footer={
          <Link to="/sign-in" className="font-semibold text-indigo-600 hover:text-indigo-500">
            Back to sign in
          </Link>
        }
      >
        <div data-testid="reset-requested">
          <p className="text-sm text-slate-700">
            If an account uses <strong>{data.sentTo}</strong>, we've sent it a link to choose a new password. The link works for one hour, once.
          </p>
          <p className="mt-3 text-sm text-slate-600">Nothing arrived after a few minutes? Check your spam folder, or make sure you typed the address you sign in with.</p>
        </div>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title="Forgot your password?"
      subtitle="Enter the email address you sign in with, and we'll send you a link to choose a new password."
      footer={
        <>
          Remembered it?{" "}
          <Link to="/sign-in" className="font-semibold text-indigo-600 hover:text-indigo-500">
            Sign in
          </Link>
        </>
      }
    >
      <Form method="post" className="space-y-5" noValidate>
        <FormRefusal answer={data} fields={["email"]} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required defaultValue={data?.email ?? params.get("email") ?? ""} errors={fieldErrorsOf(data).email} />
        <Button type="submit" className="w-full" busy={navigation.state === "submitting"}>
          Send me a link
        </Button>
      </Form>
    </AuthLayout>
  );
}
