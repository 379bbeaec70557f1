/**
 * Settings → Verified domains. An Owner adds the company's domain and
 * proves control of it: a link goes to an address at that domain, and
 * opening it verifies the domain. Then people who confirm an address at it
 * are offered the workspace, automatically (one click) or by asking (an
 * Admin approves on the Invite links page). Public email providers can't be
 * added. Admins see the list; changing it is an Owner's.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { isOwner } from "#shared/permissions/access";
import { ErrorPage } from "../components/ErrorPage";
import { Alert, Card, EmptyState, PageHeader } from "../components/ui";
import { load } from "../lib/calls.server";
import { useLiveRefresh } from "../lib/liveRefresh";
import { AddDomainForm, DomainRow } from "../components/joining/Domains";
import { useWorkspace } from "./w.$slug";

export const meta: MetaFunction = () => [{ title: "Verified domains · Team Access" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const [domains, roleOptions] = await Promise.all([
    load(request, () => context.trpc.domains.list({ workspaceSlug }), context.isProduction),
    load(request, () => context.trpc.invitations.roleOptions({ workspaceSlug }), context.isProduction),
  ]);
  // The role pickers offer only what this member may give; the page needs each role's id and name.
  const roles = roleOptions.filter((r) => r.grantable).map((r) => ({ id: r.id, name: r.name }));
  return json({ workspaceSlug, domains, roles });
}

export default function DomainsPage() {
  const initial = useLoaderData<typeof loader>();
  const { workspace } = useWorkspace();
  const { domains, roles } = initial;
  useLiveRefresh(["joining.changed"], { workspaceId: workspace.id, when: (message) => message.subject === "domain" });
  const owner = isOwner(workspace.access);
  return (
    <>
      <PageHeader
        title="Verified domains"
        description="People who confirm an email address at your company's domain can join without a personal invitation. Seats on your plan apply."
        actions={
          <Link to={`/w/${initial.workspaceSlug}/settings/invite-links`} className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
            Invite links and requests to join
          </Link>
        }
      />
      {owner ? <AddDomainForm workspaceSlug={initial.workspaceSlug} roles={roles} /> : <Alert className="mb-6">Only an Owner can add, change or remove domains.</Alert>}
      <Card>
        {domains.length === 0 ? (
          <EmptyState title="No domains yet">Public email providers like gmail.com or outlook.com can't be added: anyone can have an address there.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100">
            {domains.map((d) => (
              <DomainRow key={d.id} domain={d} workspaceSlug={initial.workspaceSlug} owner={owner} roles={roles} />
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
