/**
 * The page a reset link opens: a new password for the address, or, for a
 * link that can't be used (already used, expired, replaced, not valid),
 * what happened and the way to a new one. Choosing the password signs the
 * account out everywhere; the person then signs in with it.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { AuthLayout } from "../components/AuthLayout";
import { ErrorPage } from "../components/ErrorPage";
import { FormRefusal } from "../components/FormRefusal";
import { Button, buttonClass, TextField } from "../components/ui";
import { load } from "../lib/calls.server";
import { fieldErrorsOf, passRetryAfter } from "../lib/errors";
import { refusalIn } from "../lib/formAnswer";
import { callForm, formValues, refuse, refused } from "../lib/formAnswer.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Team Access" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const link = await load(request, () => context.trpc.account.passwordResetLink({ token }), context.isProduction);
  return json({ link });
}

// A refusal that says when to try again answers with Retry-After (app/lib/errors.ts).
export const headers = passRetryAfter;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const form = formValues(await request.formData());
  if ((form.password ?? "") !== (form.confirmPassword ?? "")) {
    const words = "The two passwords don't match.";
    return refuse({ code: "INVALID_INPUT", message: words, fields: { confirmPassword: [words] } });
  }
  const result = await callForm(context, () => context.trpc.account.resetPassword({ token, password: form.password ?? "" }));
  if (!result.ok) return refused(result);
  return redirect(`/sign-in?${new URLSearchParams({ reset: "done", email: result.value.email })}`);
}

const deadEnds = {
  invalid: { title: "This link isn't valid", body: "Check that you opened the whole link from the email. You can ask for a new one." },
  used: { title: "This link has already been used", body: "Each reset link works once. If you still need to change your password, ask for a new link." },
  expired: { title: "This link has expired", body: "Reset links work for one hour. Ask for a new one." },
  replaced: { title: "A newer link was sent", body: "You asked for another reset link after this one, so only the newest works. Use the link in the most recent email." },
  cancelled: { title: "This link no longer works", body: "Ask for a new reset link." },
} as const;

export default function ResetPassword() {
  const { link } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  // A link that stopped working while the form was open (used in another tab, expired) is a dead end too.
  const deadCode = refusalIn(data)?.code;
  const fieldErrors = fieldErrorsOf(data);
  const state =
    link.state !== "valid"
      ? link.state
      : deadCode === "ACCOUNT_LINK_USED"
        ? "used"
        : deadCode === "ACCOUNT_LINK_EXPIRED"
          ? "expired"
          : deadCode === "ACCOUNT_LINK_REPLACED"
            ? "replaced"
            : deadCode === "ACCOUNT_LINK_INVALID"
              ? "invalid"
              : "valid";
  if (state !== "valid") {
    const words = deadEnds[state];
    return (
      <AuthLayout title={words.title}>
        <div data-testid="reset-dead-end" data-state={state}>
          <p className="text-sm text-slate-700">{words.body}</p>
          <Link to="/forgot-password" className={buttonClass("primary", "md", "mt-5 w-full")}>
            Ask for a new link
          </Link>
        </div>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Choose a new password" subtitle={link.email ? <>For {link.email}. You'll be signed out everywhere, then sign in with the new password.</> : null}>
      <Form method="post" className="space-y-5" noValidate>
        <FormRefusal answer={data} fields={["password", "confirmPassword"]} />
        <input type="text" name="username" autoComplete="username" value={link.email ?? ""} readOnly hidden />
        <TextField label="New password" name="password" type="password" autoComplete="new-password" required hint="At least 8 characters." errors={fieldErrors.password} />
        <TextField label="New password again" name="confirmPassword" type="password" autoComplete="new-password" required errors={fieldErrors.confirmPassword} />
        <Button type="submit" className="w-full" busy={navigation.state === "submitting"}>
          Set new password
        </Button>
      </Form>
    </AuthLayout>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
