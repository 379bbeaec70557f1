import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthLayout } from "../components/AuthLayout";
import { FormRefusal } from "../components/FormRefusal";
import { Alert, Button, TextField } from "../components/ui";
import { load, safeRedirectTarget } from "../lib/calls.server";
import { fieldErrorsOf, passRetryAfter } from "../lib/errors";
import { callForm, formValues, refused } from "../lib/formAnswer.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Team Access" }];

// The page answering a paused sign-in carries the action's Retry-After.
export const headers = passRetryAfter;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const me = await load(request, () => context.trpc.auth.me(), context.isProduction);
  if (me) throw redirect(safeRedirectTarget(new URL(request.url).searchParams.get("redirectTo"), { origin: context.publicOrigin, fallback: "/" }));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formValues(await request.formData());
  const result = await callForm(context, () => context.trpc.auth.signIn({ email: form.email ?? "", password: form.password ?? "" }));
  // A paused sign-in says when to try again, in words on the page and as Retry-After.
  if (!result.ok) return refused(result, { values: { email: form.email ?? "" } });
  return redirect(safeRedirectTarget(form.redirectTo, { origin: context.publicOrigin, fallback: "/" }));
}

export default function SignIn() {
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const redirectTo = params.get("redirectTo") ?? "";
  const fieldErrors = fieldErrorsOf(data);
  return (
    <AuthLayout
      title="Sign in to your workspace"
      footer={
        <>
          New here?{" "}
          <Link to={`/sign-up${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`} className="font-semibold text-indigo-600 hover:text-indigo-500">
            Create an account
          </Link>
        </>
      }
    >
      <Form method="post" className="space-y-5" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {params.get("reset") === "done" && !data ? <Alert tone="success">Your password was changed and you were signed out everywhere. Sign in with your new password.</Alert> : null}
        <FormRefusal answer={data} fields={["email", "password"]} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required defaultValue={data?.values.email ?? params.get("email") ?? ""} errors={fieldErrors.email} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required errors={fieldErrors.password} />
        <p className="-mt-2 text-right text-sm">
          <Link to="/forgot-password" className="font-medium text-indigo-600 hover:text-indigo-500">
            Forgot your password?
          </Link>
        </p>
        <Button type="submit" className="w-full" busy={navigation.state === "submitting"}>
          Sign in
        </Button>
      </Form>
    </AuthLayout>
  );
}
