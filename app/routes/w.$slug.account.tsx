/**
 * The member's own settings in this workspace: who they are here, and when
 * an owner viewed the app as them.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { Avatar, Badge, buttonClass, Card, EmptyState, PageHeader } from "../components/ui";
import { load } from "../lib/calls.server";
import { Time } from "../lib/time";
import { type loader as LayoutLoader, useWorkspace } from "./w.$slug";

export const meta: MetaFunction = () => [{ title: "Your settings · Team Access" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const viewedBy = await load(request, () => context.trpc.impersonation.ofMe({ workspaceSlug }), context.isProduction);
  return json({ viewedBy });
}

export default function AccountPage() {
  const { viewedBy } = useLoaderData<typeof loader>();
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
            <p className="font-medium text-slate-900">Your account</p>
            <p className="text-sm text-slate-600">See where you're signed in, and sign out other browsers.</p>
          </div>
          <Link to="/account/sessions" className={buttonClass("secondary", "sm")}>
            Your sessions
          </Link>
        </Card>
      )}
      <h2 className="mb-2 text-lg font-semibold text-slate-900">When an owner viewed the app as you</h2>
      <p className="mb-3 text-sm text-slate-600">
        Owners can see the workspace as you see it, for up to an hour at a time, to help with access questions. Each time is listed here.
      </p>
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
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
