/**
 * Settings → Administration → Permission Requests: the approver's triage
 * page. Pending requests first; filters by status, requester and
 * permission (in the URL); Approve (optionally for less time) or Deny with
 * a note. Updates live as requests arrive or are decided by someone else.
 * Admins also see the access granted so far and can revoke it early.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useRouteError, useSearchParams } from "@remix-run/react";
import { isPermission, type Permission } from "#shared/permissions/catalogue";
import { ErrorPage } from "../components/ErrorPage";
import { accessWords } from "../components/requests/words";
import { Card, cx, EmptyState, PageHeader, SelectField } from "../components/ui";
import { load, loadIfAllowed } from "../lib/calls.server";
import { useLiveRefresh } from "../lib/liveRefresh";
import { useWorkspace } from "./w.$slug";
import { RequestCard, GrantsSection } from "../components/requests/Triage";

export const meta: MetaFunction = () => [{ title: "Permission requests · Team Access" }];

const statusFilters = [
  ["all", "All"],
  ["pending", "Pending"],
  ["approved", "Approved"],
  ["denied", "Denied"],
  ["expired", "Expired"],
] as const;

type StatusFilter = (typeof statusFilters)[number][0];
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Filters from the URL; anything unknown is simply ignored (the procedure validates again). */
function filtersFrom(url: URL): { status: StatusFilter; requesterMembershipId?: string; permission?: Permission } {
  const status = url.searchParams.get("status");
  const requester = url.searchParams.get("requester");
  const permission = url.searchParams.get("permission");
  return {
    status: statusFilters.some(([value]) => value === status) ? (status as StatusFilter) : "all",
    ...(requester && uuidPattern.test(requester) ? { requesterMembershipId: requester } : {}),
    ...(permission && isPermission(permission) ? { permission } : {}),
  };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const filters = filtersFrom(new URL(request.url));
  const [list, grants] = await Promise.all([
    load(request, () => context.trpc.requests.list({ workspaceSlug, ...filters }), context.isProduction),
    // Admins also see the access granted so far (members.manage); others don't get the section at all.
    loadIfAllowed(request, () => context.trpc.grants.list({ workspaceSlug }), context.isProduction),
  ]);
  return json({ workspaceSlug, filters, list, grants });
}

export default function PermissionRequestsPage() {
  const initial = useLoaderData<typeof loader>();
  const data = initial.list;
  const { workspace } = useWorkspace();
  const [, setSearchParams] = useSearchParams();
  useLiveRefresh(["request.changed"], { workspaceId: workspace.id });
  const setFilter = (key: "status" | "requester" | "permission", value: string) =>
    setSearchParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value && !(key === "status" && value === "all")) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { preventScrollReset: true },
    );

  return (
    <>
      <PageHeader
        title="Permission requests"
        description={
          data.pendingCount === 0
            ? "Nothing is waiting for you. Requests from the people you can approve for appear here as they arrive."
            : `${data.pendingCount} ${data.pendingCount === 1 ? "request is" : "requests are"} waiting for a decision.`
        }
      />
      <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-end">
        <nav aria-label="Status" className="flex flex-wrap gap-1">
          {statusFilters.map(([value, label]) => (
            <button
              key={value}
              type="button"
              aria-pressed={initial.filters.status === value}
              onClick={() => setFilter("status", value)}
              className={cx("rounded-md px-3 py-1.5 text-sm font-medium", initial.filters.status === value ? "bg-indigo-600 text-white" : "bg-white text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50")}
            >
              {label}
            </button>
          ))}
        </nav>
        <SelectField label="Requester" name="requester" className="sm:w-56" value={initial.filters.requesterMembershipId ?? ""} onChange={(e) => setFilter("requester", e.target.value)}>
          <option value="">Everyone</option>
          {data.requesters.map((r) => (
            <option key={r.membershipId} value={r.membershipId}>
              {r.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Permission" name="permission" className="sm:w-64" value={initial.filters.permission ?? ""} onChange={(e) => setFilter("permission", e.target.value)}>
          <option value="">Any permission</option>
          {data.permissions.map((p) => (
            <option key={p} value={p}>
              {accessWords(p, "own").label}
            </option>
          ))}
        </SelectField>
      </div>
      <Card>
        {data.requests.length === 0 ? (
          <EmptyState title={initial.filters.status === "pending" ? "No pending requests" : "No requests match"}>New requests appear here the moment they are sent.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" aria-live="polite">
            {data.requests.map((request) => (
              <RequestCard key={request.id} request={request} workspaceSlug={initial.workspaceSlug} />
            ))}
          </ul>
        )}
      </Card>
      {initial.grants ? <GrantsSection workspaceSlug={initial.workspaceSlug} grants={initial.grants} /> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
