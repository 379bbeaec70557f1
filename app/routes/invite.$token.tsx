/**
 * The page the invitation email links to. It names the workspace, the
 * inviter and the roles, then offers the one next step that fits: create an
 * account (email fixed), sign in, join, or switch account. A link that
 * cannot be used says what happened, and nothing about anyone's account.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { z } from "zod";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { AuthLayout } from "../components/AuthLayout";
import { ErrorPage } from "../components/ErrorPage";
import { InvitationRefusal, type InvitationRefusalProps, refusalTitle } from "../components/invitations/InvitationRefusal";
import { InvitationSummary } from "../components/invitations/InvitationSummary";
import { FormRefusal } from "../components/FormRefusal";
import { Alert, Button, buttonClass, TextField } from "../components/ui";
import { load } from "../lib/calls.server";
import { type FieldErrors, fieldErrorsOf, passRetryAfter } from "../lib/errors";
import { refusalIn } from "../lib/formAnswer";
import { callForm, formValues, refused } from "../lib/formAnswer.server";
import { Time } from "../lib/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data && "workspaceName" in data.preview ? `Join ${data.preview.workspaceName} · Team Access` : "Invitation · Team Access" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const [preview, me] = await Promise.all([load(request, () => context.trpc.invitations.preview({ token }), context.isProduction), load(request, () => context.trpc.auth.me(), context.isProduction)]);
  return json({ token, preview, me });
}

// A refusal that says when to try again answers with Retry-After (app/lib/errors.ts).
export const headers = passRetryAfter;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const form = formValues(await request.formData());
  if (form.intent === "switch-account") {
    // Signed out either way: a session already gone is no reason to stay.
    await callForm(context, () => context.trpc.auth.signOut());
    return redirect(`/invite/${encodeURIComponent(token)}`);
  }
  const result =
    form.intent === "accept"
      ? await callForm(context, () => context.trpc.invitations.accept({ token }))
      : await callForm(context, () =>
          context.trpc.invitations.acceptWithNewAccount({
            token,
            name: form.name ?? "",
            password: form.password ?? "",
            // Only the form that explained the replacement asks for it.
            replaceUnconfirmed: form.intent === "claim-account",
          }),
        );
  // A refusal the page explains at length (the sender lost the right, no seat) rides beside the shared refusal.
  if (!result.ok) return refused(result, { invitationRefusal: refusalOf(result.error.code, result.details), values: { name: form.name ?? "" } });
  return redirect(`/w/${result.value.workspaceSlug}`);
}

/** Why accepting was refused (the invitation's sender lost the right, or no seat is free), from the error's details. */
const refusalDetails = z.object({
  workspaceName: z.string(),
  reason: z.string(),
  contacts: z.array(z.object({ name: z.string(), email: z.string() })).max(10),
});

function refusalOf(appCode: string, details: Record<string, unknown> | null): InvitationRefusalProps | null {
  const kind = appCode === "INVITATION_VOIDED" ? "voided" : appCode === "INVITATION_NO_SEAT" ? "no_seat" : null;
  const parsed = kind ? refusalDetails.safeParse(details) : null;
  return kind && parsed?.success ? { kind, ...parsed.data } : null;
}

const deadEnds = {
  invalid: {
    title: "This invitation link isn't valid",
    body: "Check that you opened the whole link from the email. If it still doesn't work, ask the person who invited you to send a new invitation.",
  },
  expired: { title: "This invitation has expired", body: "Invitations are valid for 7 days. Ask the person who invited you to send a new one." },
  cancelled: {
    title: "This invitation was cancelled",
    body: "An admin of the workspace cancelled it. If you still need access, ask them for a new invitation.",
  },
  accepted: {
    title: "This invitation has already been used",
    body: "Sign in with the account that accepted it, or ask the workspace admin for a new invitation.",
  },
} as const;

export default function InvitationPage() {
  const { token, preview, me } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const here = `/invite/${encodeURIComponent(token)}`;

  const refusal: InvitationRefusalProps | null =
    data?.invitationRefusal ?? (preview.state === "voided" ? { kind: "voided", workspaceName: preview.workspaceName, reason: preview.reason, contacts: preview.contacts } : null);
  if (refusal) {
    return (
      <AuthLayout title={refusalTitle(refusal)}>
        <InvitationRefusal {...refusal} retryTo={here} />
      </AuthLayout>
    );
  }
  if (preview.state === "accepted" && preview.workspaceSlug) {
    return (
      <AuthLayout title={`You're a member of ${preview.workspaceName}`}>
        <p className="text-sm text-slate-700">You have already accepted this invitation.</p>
        <Link to={`/w/${preview.workspaceSlug}`} className={buttonClass("primary", "md", "mt-5 w-full")}>
          Go to {preview.workspaceName}
        </Link>
      </AuthLayout>
    );
  }
  if (preview.state === "voided") return null; // Shown as a refusal above.
  if (preview.state === "replaced") {
    return (
      <AuthLayout title="This invitation link was replaced">
        <div data-testid="invitation-dead-end" data-state="replaced">
          <p className="mb-3 text-sm text-slate-700">
            Workspace: <strong>{preview.workspaceName}</strong>
            {preview.inviterName ? <> · invited by {preview.inviterName}</> : null}
          </p>
          <p className="text-sm text-slate-700">
            It was replaced by a newer invitation on <Time value={preview.replacedAt} />, so this link no longer works. The newest invitation email holds the working link: open that one (look for "You've been invited to{" "}
            {preview.workspaceName}", and check spam or junk folders).
          </p>
          <Link to="/" className={buttonClass("secondary", "md", "mt-5")}>
            Go to Team Access
          </Link>
        </div>
      </AuthLayout>
    );
  }
  if (preview.state !== "pending") {
    const words = deadEnds[preview.state];
    return (
      <AuthLayout title={words.title}>
        <div data-testid="invitation-dead-end" data-state={preview.state}>
          {"workspaceName" in preview ? (
            <p className="mb-3 text-sm text-slate-700">
              Workspace: <strong>{preview.workspaceName}</strong>
              {preview.inviterName ? <> · invited by {preview.inviterName}</> : null}
            </p>
          ) : null}
          <p className="text-sm text-slate-700">{words.body}</p>
          <Link to="/" className={buttonClass("secondary", "md", "mt-5")}>
            Go to Team Access
          </Link>
        </div>
      </AuthLayout>
    );
  }

  const signedInAsOther = me && me.email.toLowerCase() !== preview.email;
  // An account that never confirmed this address: the person with the invitation may replace it (decision 18).
  const refusedCode = refusalIn(data)?.code;
  const unconfirmedSince = !me && refusedCode !== "EMAIL_TAKEN" ? preview.unconfirmedAccountSince : null;
  const emailTaken = refusedCode === "EMAIL_TAKEN" || (!me && preview.hasAccount && !unconfirmedSince);
  const fieldErrors = fieldErrorsOf(data);
  return (
    <AuthLayout title={`Join ${preview.workspaceName}`}>
      <InvitationSummary preview={preview} />
      <div className="mt-6 border-t border-slate-100 pt-6">
        {emailTaken ? null : <FormRefusal answer={data} fields={["name", "password"]} className="mb-4" />}
        {me && !signedInAsOther ? (
          <Form method="post">
            <input type="hidden" name="intent" value="accept" />
            <p className="mb-4 text-sm text-slate-700">
              You're signed in as <strong>{me.email}</strong>.
            </p>
            <Button type="submit" className="w-full" busy={busy}>
              Accept Invitation
            </Button>
          </Form>
        ) : signedInAsOther ? (
          <div>
            <Alert tone="warning" title="This invitation is for a different email">
              You're signed in as <strong>{me.email}</strong>, but this invitation was sent to <strong>{preview.email}</strong>. Sign out, then sign in or create an account with {preview.email} to accept it.
            </Alert>
            <Form method="post" className="mt-4">
              <input type="hidden" name="intent" value="switch-account" />
              <Button type="submit" variant="secondary" className="w-full" busy={busy}>
                Sign out and switch account
              </Button>
            </Form>
          </div>
        ) : unconfirmedSince ? (
          <ClaimAddress email={preview.email} since={unconfirmedSince} here={here} busy={busy} name={data?.values.name} fieldErrors={fieldErrors} />
        ) : emailTaken ? (
          <div>
            <Alert tone="info" title="Email already in use">
              There is already an account for <strong>{preview.email}</strong>. Sign in with it to accept the invitation.
            </Alert>
            <Link to={`/sign-in?${new URLSearchParams({ email: preview.email, redirectTo: here })}`} className={buttonClass("primary", "md", "mt-4 w-full")}>
              Sign in to join
            </Link>
          </div>
        ) : (
          <Form method="post" className="space-y-5" noValidate>
            <input type="hidden" name="intent" value="create-account" />
            <p className="text-sm text-slate-700">Create your account to join. It will use the email the invitation was sent to.</p>
            <TextField label="Email" name="email" type="email" value={preview.email} readOnly aria-readonly="true" hint="Invitations are tied to the address they were sent to." />
            <TextField label="Full name" name="name" autoComplete="name" required defaultValue={data?.values.name} errors={fieldErrors.name} />
            <TextField label="Password" name="password" type="password" autoComplete="new-password" required hint="At least 8 characters." errors={fieldErrors.password} />
            <Button type="submit" className="w-full" busy={busy}>
              Create account and join
            </Button>
          </Form>
        )}
      </div>
    </AuthLayout>
  );
}

/**
 * Someone started an account with this address and never confirmed it.
 * If it was this person, signing in confirms it; otherwise they create
 * their own account, and the page says plainly what happens to the other one.
 */
function ClaimAddress({ email, since, here, busy, name, fieldErrors }: { email: string; since: string; here: string; busy: boolean; name: string | undefined; fieldErrors: FieldErrors }) {
  return (
    <div data-testid="claim-address">
      <Alert tone="warning" title="Someone already started an account with this address">
        An account using <strong>{email}</strong> was started on <Time value={since} style="date" />, but its email address was never confirmed. Opening this invitation proves the address is yours.
      </Alert>
      <p className="mt-4 text-sm text-slate-700">
        If you started that account yourself,{" "}
        <Link className="font-semibold text-indigo-600 hover:text-indigo-500" to={`/sign-in?${new URLSearchParams({ email, redirectTo: here })}`}>
          sign in to join
        </Link>{" "}
        (that confirms it).
      </p>
      <Form method="post" className="mt-5 space-y-5 border-t border-slate-100 pt-5" noValidate>
        <input type="hidden" name="intent" value="claim-account" />
        <p className="text-sm text-slate-700">Otherwise, create your own account with this address:</p>
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700" data-testid="claim-consequences">
          <li>the unconfirmed account is closed and deleted, with its name and password;</li>
          <li>anyone signed in to it is signed out at once, everywhere;</li>
          <li>nothing from it is carried over to your account, and the workspace's admins see the replacement in their audit log.</li>
        </ul>
        <TextField label="Email" name="email" type="email" value={email} readOnly aria-readonly="true" />
        <TextField label="Full name" name="name" autoComplete="name" required defaultValue={name} errors={fieldErrors.name} />
        <TextField label="Password" name="password" type="password" autoComplete="new-password" required hint="At least 8 characters." errors={fieldErrors.password} />
        <Button type="submit" className="w-full" busy={busy}>
          Replace it with my account and join
        </Button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
