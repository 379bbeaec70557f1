import type { RouterOutputs } from "../../lib/trpc";

type ListedInvitation = RouterOutputs["invitations"]["list"][number];

/**
 * What the Pending Invitations section shows of an invitation, and all the
 * Members page's loader sends of one (no message, no inviter's email, role
 * names without ids).
 */
export interface PendingInvitation {
  id: string;
  email: string;
  /** Primary first. */
  roles: Array<{ name: string; isPrimary: boolean }>;
  invitedBy: string | null;
  sentAt: string;
  expiresAt: string;
  state: ListedInvitation["state"];
  delivery: ListedInvitation["delivery"];
  deliveryError: string | null;
  resendsLeftToday: number;
  waitingForSeatSince: string | null;
}

export function pendingInvitation(invitation: ListedInvitation): PendingInvitation {
  return {
    id: invitation.id,
    email: invitation.email,
    roles: invitation.roles.map((r) => ({ name: r.name, isPrimary: r.isPrimary })),
    invitedBy: invitation.invitedBy?.name ?? null,
    sentAt: invitation.sentAt,
    expiresAt: invitation.expiresAt,
    state: invitation.state,
    delivery: invitation.delivery,
    deliveryError: invitation.deliveryError,
    resendsLeftToday: invitation.resendsLeftToday,
    waitingForSeatSince: invitation.waitingForSeatSince,
  };
}
