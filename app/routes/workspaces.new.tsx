import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { AuthLayout } from "../components/AuthLayout";
import { Alert, Button, TextField } from "../components/ui";
import { attempt, formValues, load } from "../lib/calls.server";

export const meta: MetaFunction = () => [{ title: "Create a workspace · Team Access" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const me = await load(request, () => context.trpc.auth.me(), context.isProduction);
  if (!me) throw redirect(`/sign-in?redirectTo=${encodeURIComponent("/workspaces/new")}`);
  const workspaces = await load(request, () => context.trpc.workspaces.mine(), context.isProduction);
  return json({ hasWorkspaces: workspaces.length > 0 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formValues(await request.formData());
  const slug = form.slug?.trim() ? form.slug : undefined;
  const result = await attempt(() => context.trpc.workspaces.create({ name: form.name ?? "", slug }), context.isProduction);
  if (!result.ok) {
    const fieldErrors = result.error.fieldErrors ?? (result.error.appCode === "WORKSPACE_SLUG_TAKEN" ? { slug: [result.error.message] } : null);
    return json(
      { fieldErrors, formError: fieldErrors ? null : result.error.message, values: { name: form.name ?? "", slug: form.slug ?? "" } },
      { status: result.error.httpStatus },
    );
  }
  return redirect(`/w/${result.value.slug}/members`);
}

export default function NewWorkspace() {
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <AuthLayout
      title="Create your workspace"
      subtitle="You'll be its Owner. It starts with a 14-day trial with no limit on members."
      footer={<Link to="/" className="font-semibold text-indigo-600 hover:text-indigo-500">Back to my workspaces</Link>}
    >
      <Form method="post" className="space-y-5" noValidate>
        {data?.formError ? <Alert tone="error">{data.formError}</Alert> : null}
        <TextField label="Workspace name" name="name" required placeholder="Acme Inc." defaultValue={data?.values.name} errors={data?.fieldErrors?.name} autoFocus />
        <TextField
          label="Workspace address (optional)"
          name="slug"
          placeholder="acme"
          defaultValue={data?.values.slug}
          hint="Used in links, like /w/acme. Leave empty to use the name."
          errors={data?.fieldErrors?.slug}
        />
        <Button type="submit" className="w-full" busy={navigation.state === "submitting"}>
          Create workspace
        </Button>
      </Form>
    </AuthLayout>
  );
}
