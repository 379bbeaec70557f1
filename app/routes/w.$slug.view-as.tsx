/**
 * Owners pick a member to view the app as, and confirm with their password.
 * Starting and stopping reload the whole document, so every query and the
 * live connection restart as the person now being seen.
 */
import type { RouterOutputs } from "../lib/trpc";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useState } from "react";
import { Dialog } from "../components/Dialog";
import { ErrorPage } from "../components/ErrorPage";
import { Alert, Avatar, Badge, Button, Card, EmptyState, PageHeader, TextField } from "../components/ui";
import { FormRefusal } from "../components/FormRefusal";
import { load } from "../lib/calls.server";
import { callForm, formValues, refused } from "../lib/formAnswer.server";
import { passRetryAfter } from "../lib/errors";

type ImpersonationCandidate = RouterOutputs["impersonation"]["candidates"][number];

export const meta: MetaFunction = () => [{ title: "View as member · Team Access" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const impersonation = await load(request, () => context.trpc.impersonation.current(), context.isProduction);
  if (impersonation?.workspaceSlug === workspaceSlug) {
    const none: ImpersonationCandidate[] = [];
    return json({ workspaceSlug, viewing: impersonation.member.name, candidates: none });
  }
  const candidates = await load(request, () => context.trpc.impersonation.candidates({ workspaceSlug }), context.isProduction);
  return json({ workspaceSlug, viewing: null as string | null, candidates });
}

// A refusal that says when to try again answers with Retry-After (app/lib/errors.ts).
export const headers = passRetryAfter;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const form = formValues(await request.formData());
  if (form.intent === "stop") {
    const result = await callForm(context, () => context.trpc.impersonation.stop());
    if (!result.ok) return refused(result);
    return redirect(`/w/${result.value.workspaceSlug ?? workspaceSlug}/view-as`);
  }
  const result = await callForm(context, () => context.trpc.impersonation.start({ workspaceSlug, membershipId: form.membershipId ?? "", password: form.password ?? "" }));
  if (!result.ok) return refused(result);
  return redirect(`/w/${workspaceSlug}/members`);
}

/** Starting to view as someone asks for the owner's password first (the server refuses without it). */
function ConfirmViewAs({ candidate, onClose }: { candidate: ImpersonationCandidate | null; onClose: () => void }) {
  return (
    <Dialog
      open={candidate !== null}
      onClose={onClose}
      title={candidate ? `View as ${candidate.name}` : "View as"}
      description="Enter your password to confirm it's you. Everything you do meanwhile is recorded with both your names."
      testId="view-as-dialog"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="view-as-form">
            Start viewing
          </Button>
        </>
      }
    >
      {candidate ? (
        <Form method="post" reloadDocument id="view-as-form">
          <input type="hidden" name="intent" value="start" />
          <input type="hidden" name="membershipId" value={candidate.membershipId} />
          <TextField label="Your password" name="password" type="password" autoComplete="current-password" required autoFocus />
        </Form>
      ) : null}
    </Dialog>
  );
}

export default function ViewAsPage() {
  const { candidates, viewing } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [chosen, setChosen] = useState<ImpersonationCandidate | null>(null);
  return (
    <>
      <PageHeader
        title="View as member"
        description="See the workspace exactly as a member sees it, to check what they can open. Ends by itself after one hour; everything you do meanwhile is recorded with both your names, and the member can see when it happened."
      />
      <FormRefusal answer={data} className="mb-4" />
      {viewing ? (
        <Alert tone="warning" title={`You are viewing as ${viewing}.`}>
          Stop viewing as them (the button in the bar above) to choose someone else.
        </Alert>
      ) : (
        <Card>
          {candidates.length === 0 ? (
            <EmptyState title="Nobody to view as yet">Owners can't be viewed as; invite members first.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100">
              {candidates.map((c) => (
                <li key={c.membershipId} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3" data-testid="view-as-row" data-email={c.email}>
                  <div className="flex min-w-0 items-center gap-3">
                    <Avatar name={c.name} />
                    <div className="min-w-0">
                      <p className="truncate font-medium text-slate-900">{c.name}</p>
                      <p className="truncate text-sm text-slate-500">{c.email}</p>
                    </div>
                    <div className="hidden flex-wrap gap-1 sm:flex">
                      {c.roles.map((role) => (
                        <Badge key={role}>{role}</Badge>
                      ))}
                    </div>
                  </div>
                  <Button variant="secondary" size="sm" aria-label={`View as ${c.name}`} onClick={() => setChosen(c)}>
                    View as {c.name.split(" ")[0]}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
      <ConfirmViewAs candidate={chosen} onClose={() => setChosen(null)} />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
