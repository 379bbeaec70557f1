/**
 * Pending invitations on the Members page (inviting is the "Invite Member"
 * dialog, InviteMemberButton.tsx), shown only to members
 * who may invite (the same question the server asks), kept live by
 * invitation and member events.
 */
import { can } from "#shared/permissions/access";
import { useLiveRefresh } from "../../lib/liveRefresh";
import { useWorkspace } from "../../lib/workspace";
import { EmailNotDeliveredNotice, useEmailNotDelivered } from "../EmailNotDelivered";
import { PendingInvitations } from "./PendingInvitations";

export function InvitationsSection() {
  const { workspace } = useWorkspace();
  const allowed = can(workspace.access, "members.invite");
  const emailNotDelivered = useEmailNotDelivered();
  // The pending list loads after the page (a browser query); the page refresh refetches it with the page's loaders.
  useLiveRefresh(["invitation.changed"], { workspaceId: workspace.id });
  if (!allowed) return null;
  return (
    <div className="mt-8" data-testid="invitations-section">
      {emailNotDelivered ? <EmailNotDeliveredNotice className="mb-4" /> : null}
      <PendingInvitations workspaceSlug={workspace.slug} />
    </div>
  );
}
