import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ConfirmEmailNotice } from "../components/account/ConfirmEmailNotice";
import { AuthLayout } from "../components/AuthLayout";
import { Alert, Button, TextField } from "../components/ui";
import { attempt, formValues, load, refusalInit } from "../lib/calls.server";
import { passRetryAfter } from "../lib/errors";
import { resendVerification } from "../lib/resendVerification.server";

export const meta: MetaFunction = () => [{ title: "Create a workspace · Team Access" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const me = await load(request, () => context.trpc.auth.me(), context.isProduction);
  if (!me) throw redirect(`/sign-in?redirectTo=${encodeURIComponent("/workspaces/new")}`);
  const [workspaces, account] = await Promise.all([load(request, () => context.trpc.workspaces.mine(), context.isProduction), load(request, () => context.trpc.account.overview(), context.isProduction)]);
  return json({ hasWorkspaces: workspaces.length > 0, email: account.email, emailVerified: account.emailVerified });
}

// A refusal that says when to try again answers with Retry-After (app/lib/errors.ts).
export const headers = passRetryAfter;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formValues(await request.formData());
  if (form.intent === "resend-verification") {
    const { answer, init } = await resendVerification(context);
    return json({ resend: answer, fieldErrors: null, formError: null, appCode: null, values: { name: "", slug: "" } }, init);
  }
  const slug = form.slug?.trim() ? form.slug : undefined;
  const result = await attempt(() => context.trpc.workspaces.create({ name: form.name ?? "", slug }), context.isProduction);
  if (!result.ok) {
    const fieldErrors = result.error.fieldErrors ?? (result.error.appCode === "WORKSPACE_SLUG_TAKEN" ? { slug: [result.error.message] } : null);
    return json({ resend: null, fieldErrors, formError: fieldErrors ? null : result.error.message, appCode: result.error.appCode, values: { name: form.name ?? "", slug: form.slug ?? "" } }, refusalInit(result.error));
  }
  return redirect(`/w/${result.value.slug}/members`);
}

export default function NewWorkspace() {
  const { email, emailVerified } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const footer = (
    <>
      <Link to="/" className="font-semibold text-indigo-600 hover:text-indigo-500">
        Back to my workspaces
      </Link>
      <span className="mx-2 text-slate-300">·</span>
      <Link to="/account" className="font-semibold text-indigo-600 hover:text-indigo-500">
        Your account
      </Link>
    </>
  );
  // Not confirmed yet (or the server said so just now): the page says why, and offers a new link.
  if (!emailVerified || data?.appCode === "EMAIL_NOT_VERIFIED") {
    return (
      <AuthLayout title="Create your workspace" subtitle="One step first: confirm your email address." footer={footer}>
        <ConfirmEmailNotice email={email} resend={data?.resend ?? null} busy={navigation.state === "submitting"} />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Create your workspace" subtitle="You'll be its Owner. It starts with a 14-day trial with no limit on members." footer={footer}>
      <Form method="post" className="space-y-5" noValidate>
        {data?.formError ? <Alert tone="error">{data.formError}</Alert> : null}
        <TextField label="Workspace name" name="name" required placeholder="Acme Inc." defaultValue={data?.values.name} errors={data?.fieldErrors?.name} autoFocus />
        <TextField label="Workspace address (optional)" name="slug" placeholder="acme" defaultValue={data?.values.slug} hint="Used in links, like /w/acme. Leave empty to use the name." errors={data?.fieldErrors?.slug} />
        <Button type="submit" className="w-full" busy={navigation.state === "submitting"}>
          Create workspace
        </Button>
      </Form>
    </AuthLayout>
  );
}
