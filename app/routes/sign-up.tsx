import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthLayout } from "../components/AuthLayout";
import { FormRefusal } from "../components/FormRefusal";
import { Button, TextField } from "../components/ui";
import { load, safeRedirectTarget } from "../lib/calls.server";
import { fieldErrorsOf, passRetryAfter } from "../lib/errors";
import { refusalIn } from "../lib/formAnswer";
import { callForm, formValues, refused } from "../lib/formAnswer.server";

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
  const result = await callForm(context, () => context.trpc.auth.signUp({ name: form.name ?? "", email: form.email ?? "", password: form.password ?? "" }));
  if (!result.ok) return refused(result, { values: { name: form.name ?? "", email: form.email ?? "" } });
  return redirect(safeRedirectTarget(form.redirectTo, { origin: context.publicOrigin, fallback: "/workspaces/new" }));
}

export default function SignUp() {
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const redirectTo = params.get("redirectTo") ?? "";
  const email = params.get("email") ?? "";
  const emailTaken = refusalIn(data)?.code === "EMAIL_TAKEN";
  const fieldErrors = fieldErrorsOf(data);
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
        <FormRefusal answer={data} fields={["name", "email", "password"]}>
          {emailTaken && data ? (
            <>
              {" "}
              <Link className="font-semibold underline" to={`/sign-in?${new URLSearchParams({ email: data.values.email, ...(redirectTo ? { redirectTo } : {}) })}`}>
                Sign in instead
              </Link>
            </>
          ) : null}
        </FormRefusal>
        <TextField label="Full name" name="name" autoComplete="name" required defaultValue={data?.values.name} errors={fieldErrors.name} />
        <TextField label="Work email" name="email" type="email" autoComplete="email" required defaultValue={data?.values.email ?? email} errors={fieldErrors.email} />
        <TextField label="Password" name="password" type="password" autoComplete="new-password" required hint="At least 8 characters." errors={fieldErrors.password} />
        <Button type="submit" className="w-full" busy={navigation.state === "submitting"}>
          Create account
        </Button>
      </Form>
    </AuthLayout>
  );
}
