/**
 * Pending invitations on the Members page (inviting is the "Invite Member"
 * dialog, InviteMemberButton.tsx). The list comes from the page's loader,
 * `null` for members who may not invite (the server's answer, through
 * `loadIfAllowed`); invitation events refresh the page.
 */
import { useLiveRefresh } from "../../lib/liveRefresh";
import { useWorkspace } from "../../lib/workspace";
import { EmailNotDeliveredNotice, useEmailNotDelivered } from "../EmailNotDelivered";
import type { PendingInvitation } from "./pending";
import { PendingInvitations } from "./PendingInvitations";

export function InvitationsSection({ invitations }: { invitations: PendingInvitation[] | null }) {
  const { workspace } = useWorkspace();
  const emailNotDelivered = useEmailNotDelivered();
  useLiveRefresh(["invitation.changed"], { workspaceId: workspace.id });
  if (!invitations) return null;
  return (
    <div className="mt-8" data-testid="invitations-section">
      {emailNotDelivered ? <EmailNotDeliveredNotice className="mb-4" /> : null}
      <PendingInvitations workspaceSlug={workspace.slug} invitations={invitations} />
    </div>
  );
}
