/**
 * Pending invitations on the Members page (inviting is the "Invite Member"
 * dialog, InviteMemberButton.tsx), shown only to members
 * who may invite (the same question the server asks), kept live by
 * invitation and member events.
 */
import { can } from "#shared/permissions/access";
import { useRealtimeEvent } from "../../lib/realtime";
import { trpc } from "../../lib/trpc";
import { useParams } from "@remix-run/react";
import { EmailNotDeliveredNotice, useEmailNotDelivered } from "../EmailNotDelivered";
import { PendingInvitations } from "./PendingInvitations";

export function InvitationsSection() {
  const workspaceSlug = useParams().slug ?? "";
  // Same query (and cache entry) as the workspace layout, which has already loaded it.
  const { data: workspace } = trpc.workspaces.current.useQuery({ workspaceSlug });
  const utils = trpc.useUtils();
  const allowed = workspace ? can(workspace.access, "members.invite") : false;
  const emailNotDelivered = useEmailNotDelivered();
  useRealtimeEvent("invitation.changed", (message) => {
    if (message.workspaceId !== workspace?.id) return;
    void utils.invitations.list.invalidate();
    void utils.invitations.seats.invalidate();
  });
  useRealtimeEvent("member.changed", (message) => {
    if (message.workspaceId === workspace?.id) void utils.invitations.seats.invalidate();
  });
  if (!workspace || !allowed) return null;
  return (
    <div className="mt-8" data-testid="invitations-section">
      {emailNotDelivered ? <EmailNotDeliveredNotice className="mb-4" /> : null}
      <PendingInvitations workspaceSlug={workspace.slug} />
    </div>
  );
}
