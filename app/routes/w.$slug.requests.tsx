/**
 * Access requests, from the member's side: ask for access (from the
 * catalogue, or prefilled by ?permission= after a refusal) and follow
 * your requests, which update live when someone decides.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useRouteError } from "@remix-run/react";
import { isPermission, type Permission } from "#shared/permissions/catalogue";
import { grantDurationLabels } from "#shared/permissions/durations";
import { ErrorPage } from "../components/ErrorPage";
import { RequestAccessForm } from "../components/requests/RequestAccess";
import { accessWords, statusWords } from "../components/requests/words";
import { Time, TimeUntil } from "../lib/time";
import { Alert, Badge, Button, Card, EmptyState, PageHeader } from "../components/ui";
import { load } from "../lib/calls.server";
import { useLiveRefresh, usePageRefresh } from "../lib/liveRefresh";
import { type RouterOutputs, trpc } from "../lib/trpc";
import { useWorkspace } from "./w.$slug";

export const meta: MetaFunction = () => [{ title: "My access requests · Team Access" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const mine = await load(request, () => context.trpc.requests.mine({ workspaceSlug }), context.isProduction);
  const asked = new URL(request.url).searchParams.get("permission");
  return json({ workspaceSlug, mine, initialPermission: asked && isPermission(asked) ? asked : null });
}

type MyRequest = RouterOutputs["requests"]["mine"][number];

function Outcome({ request }: { request: MyRequest }) {
  if (request.status === "pending") {
    return (
      <p className="text-slate-600">
        Expires <TimeUntil value={request.expiresAt} /> if nobody decides.
      </p>
    );
  }
  if (request.status === "approved") {
    const grant = request.grant;
    const ends = grant?.revokedAt ? (
      <>
        Revoked <Time value={grant.revokedAt} style="dayTime" />.
      </>
    ) : grant?.endsAt ? (
      grant.active ? (
        <>
          Access ends <TimeUntil value={grant.endsAt} /> (<Time value={grant.endsAt} style="dayTime" />
          ).
        </>
      ) : (
        <>
          Access ended <Time value={grant.endsAt} style="dayTime" />.
        </>
      )
    ) : (
      "Access is permanent."
    );
    return (
      <p className="text-slate-600">
        Approved by {request.decidedBy ?? "someone no longer here"}
        {request.grantedDuration && request.grantedDuration !== request.duration ? ` for ${grantDurationLabels[request.grantedDuration].toLowerCase()}` : ""}. {ends}
      </p>
    );
  }
  if (request.status === "denied") {
    return <p className="text-slate-600">Denied by {request.decidedBy ?? "someone no longer here"}.</p>;
  }
  if (request.status === "expired") return <p className="text-slate-600">Nobody decided within 14 days.</p>;
  return null;
}

function MyRequestItem({ request, workspaceSlug }: { request: MyRequest; workspaceSlug: string }) {
  const withdraw = trpc.requests.withdraw.useMutation({ onSettled: usePageRefresh() });
  const words = accessWords(request.permission, request.scope);
  const status = statusWords[request.status] ?? { label: request.status, tone: "slate" as const };
  return (
    <li className="px-4 py-4 sm:px-5" data-testid="my-request" data-status={request.status} data-permission={request.permission}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium text-slate-900">{words.label}</p>
          <p className="text-sm text-slate-500">
            {words.scope ? `${words.scope} · ` : ""}
            {grantDurationLabels[request.duration]} · asked <Time value={request.createdAt} style="dayTime" />
          </p>
        </div>
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>
      <p className="mt-2 text-sm text-slate-700">“{request.reason}”</p>
      <div className="mt-2 text-sm">
        <Outcome request={request} />
        {request.decisionNote ? <p className="mt-1 text-slate-700">Note: {request.decisionNote}</p> : null}
      </div>
      {request.status === "pending" ? (
        <div className="mt-3">
          <Button variant="secondary" size="sm" busy={withdraw.isPending} onClick={() => withdraw.mutate({ workspaceSlug, requestId: request.id })}>
            Withdraw
          </Button>
          {withdraw.error ? <p className="mt-1 text-sm text-red-600">{withdraw.error.message}</p> : null}
        </div>
      ) : null}
    </li>
  );
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
