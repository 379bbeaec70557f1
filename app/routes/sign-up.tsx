import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthLayout } from "../components/AuthLayout";
import { Alert, Button, TextField } from "../components/ui";
import { attempt, formValues, load, refusalInit, safeRedirectTarget } from "../lib/calls.server";
import { passRetryAfter } from "../lib/errors";

export const meta: MetaFunction = () => [{ title: "Create your account · Team Access" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const me = await load(request, () => context.trpc.auth.me(), context.isProduction);
  if (me) throw redirect("/");
  return null;
}

// A refusal that says when to try again answers with Retry-After (app/lib/errors.ts).
export const headers = passRetryAfter;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formValues(await request.formData());
  const result = await attempt(() => context.trpc.auth.signUp({ name: form.name ?? "", email: form.email ?? "", password: form.password ?? "" }), context.isProduction);
  if (!result.ok) {
    return json(
      { fieldErrors: result.error.fieldErrors, formError: result.error.fieldErrors ? null : result.error.message, appCode: result.error.appCode, values: { name: form.name ?? "", email: form.email ?? "" } },
      refusalInit(result.error),
    );
  }
  return redirect(safeRedirectTarget(form.redirectTo, { origin: context.publicOrigin, fallback: "/workspaces/new" }));
}

export default function SignUp() {
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const redirectTo = params.get("redirectTo") ?? "";
  const email = params.get("email") ?? "";
  const emailTaken = data?.appCode === "EMAIL_TAKEN";
  return (
    <AuthLayout
      title="Create your account"
      subtitle="Invite your team, give them roles, and keep everyone to what they need."
      footer={
        <>
          Already have an account?{" "}
          <Link to={`/sign-in${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`} className="font-semibold text-indigo-600 hover:text-indigo-500">
            Sign in
          </Link>
        </>
      }
    >
      <Form method="post" className="space-y-5" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {data?.formError ? (
          <Alert tone="error">
            {data.formError}
            {emailTaken ? (
              <>
                {" "}
                <Link className="font-semibold underline" to={`/sign-in?${new URLSearchParams({ email: data.values.email, ...(redirectTo ? { redirectTo } : {}) })}`}>
                  Sign in instead
                </Link>
              </>
            ) : null}
          </Alert>
        ) : null}
        <TextField label="Full name" name="name" autoComplete="name" required defaultValue={data?.values.name} errors={data?.fieldErrors?.name} />
        <TextField label="Work email" name="email" type="email" autoComplete="email" required defaultValue={data?.values.email ?? email} errors={data?.fieldErrors?.email} />
        <TextField label="Password" name="password" type="password" autoComplete="new-password" required hint="At least 8 characters." errors={data?.fieldErrors?.password} />
        <Button type="submit" className="w-full" busy={navigation.state === "submitting"}>
          Create account
        </Button>
      </Form>
    </AuthLayout>
  );
}
