/**
 * Members: who belongs to the workspace, searchable and filterable, one page
 * at a time from the loader, refreshed live by member and workspace events.
 * The filters, table and row controls are in app/components/members/, the
 * invite button and pending invitations in app/components/invitations/; this
 * route wires the loader (members, the filters' roles and departments and, for those who may
 * invite, the pending invitations), the URL's filters and the live refresh.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useRouteError, useSearchParams } from "@remix-run/react";
import { useCallback } from "react";
import { ErrorPage } from "../components/ErrorPage";
import { InvitationsSection } from "../components/invitations/InvitationsSection";
import { InviteMemberButton } from "../components/invitations/InviteMemberButton";
import { pendingInvitation } from "../components/invitations/pending";
import { MemberFilters, type MemberFilterValues } from "../components/members/MemberFilters";
import { MembersTable } from "../components/members/MembersTable";
import { directoryMember } from "../components/members/types";
import { Pager } from "../components/Pager";
import { Card, PageHeader } from "../components/ui";
import { load, loadIfAllowed } from "../lib/calls.server";
import { useLiveRefresh } from "../lib/liveRefresh";
import { useFormat } from "../lib/time";
import { memberFiltersFrom as filtersFrom } from "../lib/memberFilters.server";
import { useWorkspace } from "./w.$slug";

export const meta: MetaFunction = () => [{ title: "Members · Team Access" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const filters = filtersFrom(new URL(request.url));
  const [page, { roles, departments }, invitations] = await Promise.all([
    load(request, () => context.trpc.members.search({ workspaceSlug, ...filters }), context.isProduction),
    // The filters' roles and departments, id and name, in one statement.
    load(request, () => context.trpc.members.filterOptions({ workspaceSlug }), context.isProduction),
    // Pending invitations, for those who may invite (null for the others: the section is not shown).
    loadIfAllowed(request, () => context.trpc.invitations.list({ workspaceSlug }), context.isProduction),
  ]);
  // Only what the page shows (rows without ids it never uses, role names once).
  const managerName = filters.managerId ? (page.rows.find((m) => m.manager?.membershipId === filters.managerId)?.manager?.name ?? null) : null;
  return json({
    managerName,
    workspaceSlug,
    filters,
    page: { rows: page.rows.map(directoryMember), total: page.total, page: page.page, pageSize: page.pageSize },
    roles,
    departments,
    invitations: invitations?.map(pendingInvitation) ?? null,
  });
}

const paramNames: Record<keyof MemberFilterValues, string> = {
  query: "q",
  roleId: "role",
  departmentId: "department",
  managerId: "manager",
  status: "status",
  sort: "sort",
  direction: "dir",
};

function summary(total: number, status: "active" | "removed", filtered: boolean, number: (n: number) => string): string {
  const n = number(total);
  if (filtered) return `${n} ${total === 1 ? "person matches" : "people match"}.`;
  if (status === "removed") return `${n} ${total === 1 ? "person was" : "people were"} removed from this workspace.`;
  return `${n} ${total === 1 ? "person is" : "people are"} in this workspace.`;
}

export default function MembersPage() {
  const { workspaceSlug, filters, page, roles, departments, invitations, managerName } = useLoaderData<typeof loader>();
  const { workspace } = useWorkspace();
  const { number } = useFormat();
  const [, setSearchParams] = useSearchParams();
  const refresh = useLiveRefresh(["member.changed", "workspace.changed"], { workspaceId: workspace.id });

  const values: MemberFilterValues = {
    query: filters.query ?? "",
    roleId: filters.roleId ?? "",
    departmentId: filters.departmentId ?? "",
    managerId: filters.managerId ?? "",
    status: filters.status,
    sort: filters.sort,
    direction: filters.direction,
  };
  const change = useCallback(
    (next: Partial<MemberFilterValues> & { page?: number }) => {
      setSearchParams(
        (current) => {
          const params = new URLSearchParams(current);
          for (const [key, value] of Object.entries(next)) {
            const name = key === "page" ? "page" : paramNames[key as keyof MemberFilterValues];
            if (value === "" || value === undefined || value === 1) params.delete(name);
            else params.set(name, String(value));
          }
          if (!("page" in next)) params.delete("page");
          return params;
        },
        { replace: true, preventScrollReset: true },
      );
    },
    [setSearchParams],
  );
  return (
    <>
      <PageHeader title="Members" description={summary(page.total, filters.status, Boolean(values.query || values.roleId || values.departmentId || values.managerId), number)} actions={<InviteMemberButton />} />
      <Card>
        <MemberFilters values={values} roles={roles} departments={departments} managerName={managerName} onChange={change} />
        <MembersTable
          workspaceSlug={workspaceSlug}
          members={page.rows}
          roles={roles}
          departments={departments}
          status={filters.status}
          access={workspace.access}
          myMembershipId={workspace.membershipId}
          onChanged={refresh}
          onShowReports={(member) => change({ managerId: member.membershipId, status: "active" })}
        />
        <Pager page={page.page} pageSize={page.pageSize} total={page.total} shown={page.rows.length} onPage={(p) => change({ page: p })} />
      </Card>
      <InvitationsSection invitations={invitations} />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
