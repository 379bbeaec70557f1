import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthLayout } from "../components/AuthLayout";
import { Alert, Button, TextField } from "../components/ui";
import { attempt, formValues, load, refusalInit, safeRedirectTarget } from "../lib/calls.server";
import { passRetryAfter } from "../lib/errors";

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
  const result = await attempt(() => context.trpc.auth.signIn({ email: form.email ?? "", password: form.password ?? "" }), context.isProduction);
  if (!result.ok) {
    // A paused sign-in says when to try again, in words on the page and as Retry-After.
    return json(
      { fieldErrors: result.error.fieldErrors, formError: result.error.fieldErrors ? null : result.error.message, appCode: result.error.appCode, values: { email: form.email ?? "" } },
      refusalInit(result.error),
    );
  }
  return redirect(safeRedirectTarget(form.redirectTo, { origin: context.publicOrigin, fallback: "/" }));
}

export default function SignIn() {
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const redirectTo = params.get("redirectTo") ?? "";
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
        {data?.formError ? <Alert tone={data.appCode === "SIGN_IN_LOCKED" ? "warning" : "error"}>{data.formError}</Alert> : null}
        <TextField label="Email" name="email" type="email" autoComplete="email" required defaultValue={data?.values.email ?? params.get("email") ?? ""} errors={data?.fieldErrors?.email} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required errors={data?.fieldErrors?.password} />
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
