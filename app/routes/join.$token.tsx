/**
 * The page an invite link opens. It names the workspace, the role and who
 * shared it, then offers the one next step that fits: create an account or
 * sign in (and come back here), confirm the email address, join, or wait
 * for an Admin's approval (this page updates live when they decide). A link
 * that can't be used says why and whom to ask.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { ConfirmEmailNotice, resendAnswerOf } from "../components/account/ConfirmEmailNotice";
import { AuthLayout } from "../components/AuthLayout";
import { ErrorPage } from "../components/ErrorPage";
import { FormRefusal } from "../components/FormRefusal";
import { Alert, Button, buttonClass } from "../components/ui";
import { load } from "../lib/calls.server";
import { callForm, formValues, refused } from "../lib/formAnswer.server";
import { useLiveRefresh } from "../lib/liveRefresh";
import { useConnectionStatus } from "../lib/realtime";
import { resendVerification } from "../lib/resendVerification.server";
import { passRetryAfter } from "../lib/errors";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data && "workspaceName" in data.preview ? `Join ${data.preview.workspaceName} · Team Access` : "Invite link · Team Access" }];

export const headers = passRetryAfter;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const [preview, me] = await Promise.all([load(request, () => context.trpc.inviteLinks.preview({ token }), context.isProduction), load(request, () => context.trpc.auth.me(), context.isProduction)]);
  const status = preview.state === "invalid" ? 404 : preview.state === "active" ? 200 : 409;
  return json({ token, preview, me }, { status });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const form = formValues(await request.formData());
  if (form.intent === "resend-verification") return resendVerification(context);
  if (form.intent === "switch-account") {
    // Signed out either way: a session already gone is no reason to stay.
    await callForm(context, () => context.trpc.auth.signOut());
    return redirect(`/join/${encodeURIComponent(token)}`);
  }
  const result = await callForm(context, () => context.trpc.inviteLinks.join({ token }));
  if (!result.ok) return refused(result, { intent: "join" as const });
  if (result.value.outcome === "waiting") return redirect(`/join/${encodeURIComponent(token)}`);
  return redirect(`/w/${result.value.workspaceSlug}`);
}

const refusalTitles: Record<string, string> = {
  invalid: "This invite link isn't valid",
  turned_off: "This invite link was turned off",
  expired: "This invite link has expired",
  used_up: "This invite link has been used up",
  maker_lost_right: "This invite link can no longer be used",
};

function Contacts({ contacts }: { contacts: Array<{ name: string; email: string }> }) {
  if (contacts.length === 0) return null;
  return (
    <div className="mt-4 text-sm text-slate-700">
      <p className="font-medium">Whom to ask:</p>
      <ul className="mt-1 list-disc pl-5">
        {contacts.map((c) => (
          <li key={c.email}>
            {c.name} ({c.email})
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function JoinPage() {
  const { token, preview, me } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  useLiveRefresh(["join_request.changed"]);
  const connection = useConnectionStatus();
  const busy = navigation.state !== "idle";
  const here = `/join/${token}`;

  if (preview.state === "invalid") {
    return (
      <AuthLayout title={refusalTitles.invalid ?? ""}>
        <div data-testid="join-refused" data-state="invalid">
          <p className="text-sm text-slate-700">Check that you copied the whole link, or ask the person who shared it for a new one.</p>
        </div>
      </AuthLayout>
    );
  }
  if (preview.state !== "active") {
    return (
      <AuthLayout title={refusalTitles[preview.state] ?? "This invite link can't be used"}>
        <div data-testid="join-refused" data-state={preview.state}>
          <p className="text-sm text-slate-700">{preview.reason}</p>
          <Contacts contacts={preview.contacts} />
        </div>
      </AuthLayout>
    );
  }

  const viewer = preview.viewer;
  const summary = (
    <p className="text-sm text-slate-700">
      {preview.makerName ? `${preview.makerName} shared a link to join ` : "You've been given a link to join "}
      <strong>{preview.workspaceName}</strong> as <strong>{preview.roleName}</strong>.{preview.requiresApproval ? " An Admin approves each person before they join." : ""}
    </p>
  );

  if (!me || !viewer) {
    return (
      <AuthLayout title={`Join ${preview.workspaceName}`}>
        <div data-testid="join-signed-out">
          {summary}
          <Link to={`/sign-up?${new URLSearchParams({ redirectTo: here })}`} className={buttonClass("primary", "md", "mt-5 w-full")}>
            Create an account
          </Link>
          <Link to={`/sign-in?${new URLSearchParams({ redirectTo: here })}`} className={buttonClass("secondary", "md", "mt-2 w-full")}>
            Sign in
          </Link>
        </div>
      </AuthLayout>
    );
  }

  if (viewer.memberOf) {
    return (
      <AuthLayout title={`You're in ${preview.workspaceName}`}>
        <div data-testid="join-member">
          <p className="text-sm text-slate-700">
            {viewer.request?.status === "approved" ? "Your request was approved. " : ""}You are a member of {preview.workspaceName}.
          </p>
          <Link to={`/w/${viewer.memberOf}`} className={buttonClass("primary", "md", "mt-5 w-full")}>
            Go to {preview.workspaceName}
          </Link>
        </div>
      </AuthLayout>
    );
  }

  if (!viewer.emailConfirmed) {
    return (
      <AuthLayout title={`Join ${preview.workspaceName}`}>
        {summary}
        <div className="mt-4">
          <ConfirmEmailNotice email={viewer.email} resend={resendAnswerOf(data)} busy={busy} />
          <p className="mt-3 text-sm text-slate-600">Once it is confirmed, open this invite link again to join.</p>
        </div>
      </AuthLayout>
    );
  }

  if (viewer.request?.status === "pending") {
    return (
      <AuthLayout title="Waiting for approval">
        <div data-testid="join-waiting" data-connection={connection}>
          <p className="text-sm text-slate-700">
            You asked to join <strong>{preview.workspaceName}</strong> as {preview.roleName}. An Admin will approve or deny it; this page updates as soon as they do.
          </p>
        </div>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={`Join ${preview.workspaceName}`}>
      <div data-testid="join-ready">
        {summary}
        {viewer.request?.status === "denied" ? (
          <Alert tone="warning" className="mt-4">
            An Admin declined your earlier request. You can ask again.
          </Alert>
        ) : null}
        <FormRefusal answer={data?.intent === "join" ? data : null} className="mt-4" />
        <Form method="post" className="mt-5">
          <input type="hidden" name="intent" value="join" />
          <Button type="submit" className="w-full" busy={busy}>
            {preview.requiresApproval ? `Ask to join ${preview.workspaceName}` : `Join ${preview.workspaceName}`}
          </Button>
        </Form>
        <Form method="post" className="mt-2">
          <input type="hidden" name="intent" value="switch-account" />
          <Button type="submit" variant="ghost" className="w-full">
            Not {viewer.email}? Use another account
          </Button>
        </Form>
      </div>
    </AuthLayout>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
