/**
 * The member's own settings in this workspace: who they are here, their
 * account (password, email) one click away, when an owner viewed the app
 * as them, transferring ownership (Owners) and leaving the workspace.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { LeaveWorkspace } from "../components/account/LeaveWorkspace";
import { TransferOwnership, type TransferCandidate } from "../components/account/TransferOwnership";
import { ErrorPage } from "../components/ErrorPage";
import { Alert, Avatar, Badge, buttonClass, Card, EmptyState, PageHeader } from "../components/ui";
import { load } from "../lib/calls.server";
import { passRetryAfter } from "../lib/errors";
import { answered, callForm, formValues, refused } from "../lib/formAnswer.server";
import { Time } from "../lib/time";
import { type loader as LayoutLoader, useWorkspace } from "./w.$slug";

export const meta: MetaFunction = () => [{ title: "Your settings · Team Access" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const [viewedBy, current, impersonation] = await Promise.all([
    load(request, () => context.trpc.impersonation.ofMe({ workspaceSlug }), context.isProduction),
    load(request, () => context.trpc.workspaces.current({ workspaceSlug }), context.isProduction),
    load(request, () => context.trpc.impersonation.current(), context.isProduction),
  ]);
  const viewing = impersonation?.workspaceSlug === workspaceSlug;
  const isOwner = !viewing && current.access.builtInRoles.includes("owner");
  let candidates: TransferCandidate[] = [];
  let soleOwner = false;
  if (isOwner) {
    const members = await load(request, () => context.trpc.members.list({ workspaceSlug }), context.isProduction);
    const isOwnerRow = (m: (typeof members)[number]) => m.roles.some((r) => r.builtinKey === "owner");
    candidates = members.filter((m) => m.membershipId !== current.membershipId && !isOwnerRow(m)).map((m) => ({ membershipId: m.membershipId, name: m.name, email: m.email, roles: m.roles.map((r) => r.name) }));
    soleOwner = members.filter(isOwnerRow).length <= 1;
  }
  return json({ viewedBy, isOwner, soleOwner, candidates });
}

// A refusal that says when to try again answers with Retry-After (app/lib/errors.ts).
export const headers = passRetryAfter;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const form = formValues(await request.formData());
  if (form.intent === "leave") {
    const result = await callForm(context, () => context.trpc.members.leave({ workspaceSlug }));
    if (!result.ok) return refused(result, { intent: "leave" as const });
    return redirect("/?left=left");
  }
  const formerOwnerBecomes = form.formerOwnerBecomes === "owner" ? "owner" : "admin";
  const result = await callForm(context, () => context.trpc.members.transferOwnership({ workspaceSlug, membershipId: form.membershipId ?? "", formerOwnerBecomes }));
  if (!result.ok) return refused(result, { intent: "transfer" as const });
  const done = formerOwnerBecomes === "admin" ? "Ownership transferred. You are now an Admin." : "Ownership shared. You both are Owners now.";
  return answered({ intent: "transfer" as const, done });
}

export default function AccountPage() {
  const { viewedBy, isOwner, soleOwner, candidates } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const { me: signedIn, workspace } = useWorkspace();
  // While an owner views as this member, the page is the member's, not the owner's.
  const layout = useRouteLoaderData<typeof LayoutLoader>("routes/w.$slug");
  const viewing = layout?.impersonation?.workspaceSlug === workspace.slug ? layout.impersonation.member : null;
  const me = viewing ?? signedIn;
  return (
    <>
      <PageHeader title="Your settings" description={`You in ${workspace.name}.`} />
      <Card className="mb-6 p-4">
        <div className="flex items-center gap-3">
          <Avatar name={me.name} />
          <div>
            <p className="font-medium text-slate-900">{me.name}</p>
            <p className="text-sm text-slate-500">{me.email}</p>
          </div>
        </div>
      </Card>
      {viewing ? null : (
        <Card className="mb-6 flex flex-wrap items-center justify-between gap-3 p-4">
          <div>
            <p className="font-medium text-slate-900">
              <Link to="/account" className="hover:text-indigo-600">
                Your account
              </Link>
            </p>
            <p className="text-sm text-slate-600">The same in every workspace: see where you're signed in, change your password or email address.</p>
          </div>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm font-semibold" data-testid="account-links">
            <Link to="/account/sessions" className={buttonClass("secondary", "sm")}>
              Your sessions
            </Link>
            <Link to="/account/password" className="text-indigo-600 hover:text-indigo-500">
              Change password
            </Link>
            <Link to="/account/email" className="text-indigo-600 hover:text-indigo-500">
              Change email
            </Link>
          </div>
        </Card>
      )}
      <h2 className="mb-2 text-lg font-semibold text-slate-900">When an owner viewed the app as you</h2>
      <p className="mb-3 text-sm text-slate-600">Owners can see the workspace as you see it, for up to an hour at a time, to help with access questions. Each time is listed here.</p>
      <Card>
        {viewedBy.length === 0 ? (
          <EmptyState title="Never">No owner has viewed this workspace as you.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100">
            {viewedBy.map((v) => (
              <li key={v.id} data-testid="viewed-by" className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
                <span>
                  <strong className="font-medium text-slate-900">{v.ownerName ?? "A former owner"}</strong> viewed as you from <Time value={v.startedAt} /> to <Time value={v.endsAt} />
                </span>
                {v.ended ? <Badge>Ended</Badge> : <Badge tone="amber">In progress</Badge>}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {viewing ? null : (
        <div className="mt-8 space-y-6">
          {/* Outside the transfer card: after stepping down to Admin that card is gone, the news is not. */}
          {data?.ok && data.intent === "transfer" ? <Alert tone="success">{data.done}</Alert> : null}
          {isOwner ? <TransferOwnership workspaceName={workspace.name} candidates={candidates} answer={data?.intent === "transfer" ? data : null} busy={submitting === "transfer"} /> : null}
          <LeaveWorkspace workspaceName={workspace.name} soleOwner={isOwner && soleOwner} answer={data?.intent === "leave" ? data : null} busy={submitting === "leave"} />
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
