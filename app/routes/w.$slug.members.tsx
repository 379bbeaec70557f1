import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useRouteError } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { InvitationsSection } from "../components/invitations/InvitationsSection";
import { Avatar, Badge, Card, EmptyState, PageHeader } from "../components/ui";
import { load } from "../lib/calls.server";
import { useRealtimeEvent } from "../lib/realtime";
import { trpc } from "../lib/trpc";

export const meta: MetaFunction = () => [{ title: "Members · Team Access" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const members = await load(request, () => context.trpc.members.list({ workspaceSlug }), context.isProduction);
  return json({ workspaceSlug, members });
}

function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

export default function MembersPage() {
  const initial = useLoaderData<typeof loader>();
  const utils = trpc.useUtils();
  const { data: members } = trpc.members.list.useQuery({ workspaceSlug: initial.workspaceSlug }, { initialData: initial.members });
  useRealtimeEvent("member.changed", () => void utils.members.list.invalidate());

  return (
    <>
      <PageHeader title="Members" description={`${members.length} ${members.length === 1 ? "person has" : "people have"} access to this workspace.`} />
      <Card>
        {members.length === 0 ? (
          <EmptyState title="No members yet" />
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="px-4 py-3">Name</th>
                  <th scope="col" className="px-4 py-3">Role</th>
                  <th scope="col" className="hidden px-4 py-3 md:table-cell">Status</th>
                  <th scope="col" className="hidden px-4 py-3 md:table-cell">Joined</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {members.map((member) => (
                  <tr key={member.membershipId} data-testid="member-row" data-email={member.email}>
                    <td className="px-4 py-3">
                      <div className="flex items-center gap-3">
                        <Avatar name={member.name} />
                        <div className="min-w-0">
                          <p className="truncate font-medium text-slate-900">{member.name}</p>
                          <p className="truncate text-slate-500">{member.email}</p>
                        </div>
                      </div>
                    </td>
                    <td className="px-4 py-3">
                      <div className="flex flex-wrap gap-1">
                        {member.roles.map((role) => (
                          <Badge key={role.id} tone={role.isPrimary ? "indigo" : "slate"} title={role.isPrimary ? "Primary role" : undefined}>
                            {role.name}
                          </Badge>
                        ))}
                      </div>
                    </td>
                    <td className="hidden px-4 py-3 md:table-cell">
                      <Badge tone="green">Active</Badge>
                    </td>
                    <td className="hidden px-4 py-3 text-slate-600 md:table-cell">{formatDate(member.joinedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <InvitationsSection />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
