import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ConfirmEmailNotice, resendAnswerOf } from "../components/account/ConfirmEmailNotice";
import { AuthLayout } from "../components/AuthLayout";
import { FormRefusal } from "../components/FormRefusal";
import { Button, TextField } from "../components/ui";
import { load } from "../lib/calls.server";
import { fieldErrorsOf, passRetryAfter } from "../lib/errors";
import { refusalIn } from "../lib/formAnswer";
import { callForm, formValues, refused } from "../lib/formAnswer.server";
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
  if (form.intent === "resend-verification") return resendVerification(context);
  const slug = form.slug?.trim() ? form.slug : undefined;
  const result = await callForm(context, () => context.trpc.workspaces.create({ name: form.name ?? "", slug }), { fieldFor: { WORKSPACE_SLUG_TAKEN: "slug" } });
  if (!result.ok) return refused(result, { intent: "create" as const, values: { name: form.name ?? "", slug: form.slug ?? "" } });
  return redirect(`/w/${result.value.slug}/members`);
}

export default function NewWorkspace() {
  const { email, emailVerified } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const created = data?.intent === "create" ? data : null;
  const fieldErrors = fieldErrorsOf(created);
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
  if (!emailVerified || refusalIn(created)?.code === "EMAIL_NOT_VERIFIED") {
    return (
      <AuthLayout title="Create your workspace" subtitle="One step first: confirm your email address." footer={footer}>
        <ConfirmEmailNotice email={email} resend={resendAnswerOf(data)} busy={navigation.state === "submitting"} />
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Create your workspace" subtitle="You'll be its Owner. It starts with a 14-day trial with no limit on members." footer={footer}>
      <Form method="post" className="space-y-5" noValidate>
        <FormRefusal answer={created} fields={["name", "slug"]} />
        <TextField label="Workspace name" name="name" required placeholder="Acme Inc." defaultValue={created?.values.name} errors={fieldErrors.name} autoFocus />
        <TextField label="Workspace address (optional)" name="slug" placeholder="acme" defaultValue={created?.values.slug} hint="Used in links, like /w/acme. Leave empty to use the name." errors={fieldErrors.slug} />
        <Button type="submit" className="w-full" busy={navigation.state === "submitting"}>
          Create workspace
        </Button>
      </Form>
    </AuthLayout>
  );
}
