/**
 * Access requests, from the member's side: ask for access (from the
 * catalogue, or prefilled by ?permission= after a refusal) and follow
 * your requests, which update live when someone decides.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useRouteError } from "@remix-run/react";
import { isPermission, type Permission } from "#shared/permissions/catalogue";
import { ErrorPage } from "../components/ErrorPage";
import { RequestAccessForm } from "../components/requests/RequestAccess";
import { Alert, Card, EmptyState, PageHeader } from "../components/ui";
import { load } from "../lib/calls.server";
import { useLiveRefresh } from "../lib/liveRefresh";
import { useWorkspace } from "./w.$slug";
import { MyRequestItem } from "../components/requests/MyRequests";

export const meta: MetaFunction = () => [{ title: "My access requests · Team Access" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const mine = await load(request, () => context.trpc.requests.mine({ workspaceSlug }), context.isProduction);
  const asked = new URL(request.url).searchParams.get("permission");
  return json({ workspaceSlug, mine, initialPermission: asked && isPermission(asked) ? asked : null });
}

export default function MyRequestsPage() {
  const initial = useLoaderData<typeof loader>();
  const { workspace } = useWorkspace();
  const mine = initial.mine;
  useLiveRefresh(["request.changed"], { workspaceId: workspace.id });

  return (
    <>
      <PageHeader title="My access requests" description="Ask for access you don't have yet, and follow what happens to your requests." />
      <div className="grid gap-6 lg:grid-cols-5">
        <Card className="p-5 lg:col-span-2">
          <h2 className="mb-4 text-base font-semibold text-slate-900">Ask for access</h2>
          {initial.initialPermission ? (
            <Alert tone="info" className="mb-4">
              You were refused something that needs this access. Say why you need it and for how long.
            </Alert>
          ) : null}
          <RequestAccessForm workspaceSlug={initial.workspaceSlug} initialPermission={initial.initialPermission as Permission | null} held={workspace.access.permissions} />
        </Card>
        <Card className="lg:col-span-3">
          <h2 className="border-b border-slate-100 px-4 py-3 text-base font-semibold text-slate-900 sm:px-5">Your requests</h2>
          {mine.length === 0 ? (
            <EmptyState title="No requests yet">When you ask for access, your request and its answer appear here.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100">
              {mine.map((request) => (
                <MyRequestItem key={request.id} request={request} workspaceSlug={initial.workspaceSlug} />
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
