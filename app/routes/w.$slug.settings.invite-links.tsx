/**
 * Settings → Invite links: shareable links that let people join with one
 * role (Member or Viewer, or more when an Owner makes it), each with an
 * expiry, an optional use limit and an option to require approval. The
 * link is shown once, when it is made; after that only its uses and state.
 * Requests to join (through links and verified domains) are decided here,
 * live.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { isOwner } from "#shared/permissions/access";
import { ErrorPage } from "../components/ErrorPage";
import { JoinRequestsSection } from "../components/joining/JoinRequestsSection";
import { Card, EmptyState, SectionHeader, PageHeader } from "../components/ui";
import { load } from "../lib/calls.server";
import { useLiveRefresh } from "../lib/liveRefresh";
import { LinkRow, NewLinkForm } from "../components/joining/InviteLinks";
import { useWorkspace } from "./w.$slug";

export const meta: MetaFunction = () => [{ title: "Invite links · Team Access" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const [links, joinRequests, roleOptions] = await Promise.all([
    load(request, () => context.trpc.inviteLinks.list({ workspaceSlug }), context.isProduction),
    load(request, () => context.trpc.joinRequests.list({ workspaceSlug }), context.isProduction),
    load(request, () => context.trpc.invitations.roleOptions({ workspaceSlug }), context.isProduction),
  ]);
  // The picker offers only what this member may give (the server checks again); the page needs each role's id, name and key.
  const roles = roleOptions.filter((r) => r.grantable).map((r) => ({ id: r.id, name: r.name, builtinKey: r.builtinKey }));
  return json({ workspaceSlug, links, joinRequests, roles });
}

export default function InviteLinksPage() {
  const initial = useLoaderData<typeof loader>();
  const { workspace } = useWorkspace();
  const { links, joinRequests } = initial;
  useLiveRefresh(["joining.changed"], { workspaceId: workspace.id, when: (message) => message.subject === "invite_link" });
  useLiveRefresh(["join_request.changed"], { workspaceId: workspace.id });
  const owner = isOwner(workspace.access);
  // Member or Viewer, unless an Owner chooses more; always what the one rule lets this person give.
  const roles = initial.roles.filter((r) => owner || r.builtinKey === "member" || r.builtinKey === "viewer");
  return (
    <>
      <PageHeader
        title="Invite links"
        description="Share a link instead of inviting each person: whoever opens it creates an account (or signs in), confirms their email, and joins with the link's role, or waits for approval."
        actions={
          <Link to={`/w/${initial.workspaceSlug}/settings/domains`} className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
            Verified domains
          </Link>
        }
      />
      <JoinRequestsSection workspaceSlug={initial.workspaceSlug} requests={joinRequests} />
      <NewLinkForm workspaceSlug={initial.workspaceSlug} roles={roles} />
      <Card>
        <SectionHeader title="Links">Turning a link off stops it at once; people who already joined stay.</SectionHeader>
        {links.length === 0 ? (
          <EmptyState title="No invite links yet" />
        ) : (
          <ul className="divide-y divide-slate-100">
            {links.map((link) => (
              <LinkRow key={link.id} link={link} workspaceSlug={initial.workspaceSlug} />
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
