/**
 * Pending Invitations: who was invited, with which roles, by whom, when it
 * was sent and expires, whether the email arrived. Resend (limited per day)
 * and Cancel (confirmed). Expired invitations stay, marked, to be resent.
 * The list comes from the Members page's loader; resending, cancelling and
 * live events refresh it with the page.
 */
import { useMemo, useState } from "react";
import { usePageRefresh } from "../../lib/liveRefresh";
import { Time } from "../../lib/time";
import { trpc } from "../../lib/trpc";
import { useEmailNotDelivered } from "../EmailNotDelivered";
import { Badge, Button, Card, EmptyState } from "../ui";
import { TableHead } from "../uiTable";
import type { PendingInvitation } from "./pending";

function DeliveryBadge({ invitation }: { invitation: PendingInvitation }) {
  // Without an email service, "sent" means "kept in the local mailbox": say so.
  const notDelivered = useEmailNotDelivered();
  if (invitation.delivery === "sent" && notDelivered)
    return (
      <Badge tone="amber" title="No email service is configured: this invitation is in the server's local mailbox, not in anyone's inbox.">
        In local mailbox
      </Badge>
    );
  if (invitation.delivery === "sent") return <Badge tone="green">Delivered</Badge>;
  if (invitation.delivery === "undeliverable")
    return (
      <span className="flex flex-col gap-0.5">
        <Badge tone="red">Undeliverable</Badge>
        {invitation.deliveryError ? <span className="max-w-[10rem] text-xs text-red-700">{invitation.deliveryError}</span> : null}
      </span>
    );
  return (
    <span title={invitation.deliveryError ?? undefined}>
      <Badge tone="slate">Sending…</Badge>
    </span>
  );
}

/** Resend and cancel, through the plain client (a mutation hook each per row cost the server's render two observers a row). */
interface RowActions {
  resend: (input: { workspaceSlug: string; invitationId: string }) => Promise<unknown>;
  cancel: (input: { workspaceSlug: string; invitationId: string }) => Promise<unknown>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function InvitationRow({ invitation, workspaceSlug, actions }: { invitation: PendingInvitation; workspaceSlug: string; actions: RowActions }) {
  const refresh = usePageRefresh();
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  // What this row is waiting for (each row its own, as when each had its own mutation).
  const [busy, setBusy] = useState<"resend" | "cancel" | null>(null);
  const resend = () => {
    setNote(null);
    setBusy("resend");
    actions.resend({ workspaceSlug, invitationId: invitation.id }).then(
      () => {
        setBusy(null);
        setNote({ tone: "ok", text: "Sent again. The previous link no longer works." });
        refresh();
      },
      (error: unknown) => {
        setBusy(null);
        setNote({ tone: "error", text: messageOf(error) });
      },
    );
  };
  const cancel = () => {
    setBusy("cancel");
    actions.cancel({ workspaceSlug, invitationId: invitation.id }).then(
      () => {
        setBusy(null);
        refresh();
      },
      (error: unknown) => {
        setBusy(null);
        setConfirming(false);
        setNote({ tone: "error", text: messageOf(error) });
      },
    );
  };
  const expired = invitation.state === "expired";
  return (
    <tr data-testid="invitation-row" data-email={invitation.email} data-state={invitation.state} data-delivery={invitation.delivery}>
      <td className="email">
        <p className="address">{invitation.email}</p>
        {invitation.invitedBy ? <p className="sub xl:hidden">Invited by {invitation.invitedBy}</p> : null}
        {invitation.waitingForSeatSince && !expired ? (
          <p className="mt-1" data-testid="waiting-for-seat">
            <Badge tone="amber" title="They tried to join, but every seat on the plan is taken. Free a seat or upgrade the plan, then ask them to open their link again.">
              {/* One run of text: the badge lays out its children side by side. */}
              <span>
                Waiting for a seat since <Time value={invitation.waitingForSeatSince} style="dayTime" />
              </span>
            </Badge>
          </p>
        ) : null}
        <p className="sub md:hidden">
          {expired ? "Expired" : "Expires"} <Time value={invitation.expiresAt} style="dayTime" />
        </p>
        {note ? (
          <p role={note.tone === "error" ? "alert" : "status"} className={note.tone === "error" ? "mt-1 text-sm text-red-700" : "mt-1 text-sm text-emerald-700"}>
            {note.text}
          </p>
        ) : null}
      </td>
      <td>
        <div className="roles">
          {invitation.roles.map((role) => (
            <Badge key={role.name} tone={role.isPrimary ? "indigo" : "slate"} title={role.isPrimary ? "Primary role" : undefined}>
              {role.name}
            </Badge>
          ))}
        </div>
      </td>
      <td className="by">{invitation.invitedBy ?? "—"}</td>
      <td className="dates">
        <p>
          Sent <Time value={invitation.sentAt} style="dayTime" />
        </p>
        <p className="mt-1">
          {expired ? (
            <Badge tone="amber">Expired</Badge>
          ) : (
            <>
              Expires <Time value={invitation.expiresAt} style="dayTime" />
            </>
          )}
        </p>
      </td>
      <td>
        <DeliveryBadge invitation={invitation} />
      </td>
      <td className="text-right">
        {confirming ? (
          <div className="ml-auto flex w-40 flex-col items-end gap-1.5" role="group" aria-label={`Cancel the invitation to ${invitation.email}?`}>
            <span className="text-right text-xs text-slate-600">Cancel this invitation? The link will stop working.</span>
            <div className="flex gap-1.5 whitespace-nowrap">
              <Button size="sm" variant="danger" busy={busy === "cancel"} onClick={cancel}>
                Yes, cancel it
              </Button>
              <Button size="sm" variant="secondary" onClick={() => setConfirming(false)} autoFocus>
                Keep
              </Button>
            </div>
          </div>
        ) : (
          <div className="buttons">
            <Button
              size="sm"
              variant="secondary"
              busy={busy === "resend"}
              disabled={invitation.resendsLeftToday === 0}
              title={invitation.resendsLeftToday === 0 ? "Resent too often today; try again tomorrow." : `${invitation.resendsLeftToday} resends left today`}
              onClick={resend}
            >
              Resend
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setConfirming(true)}>
              Cancel
            </Button>
          </div>
        )}
        {invitation.resendsLeftToday === 0 && !note ? <p className="mt-1 text-xs text-slate-500">Resend limit reached for today.</p> : null}
      </td>
    </tr>
  );
}

export function PendingInvitations({ workspaceSlug, invitations }: { workspaceSlug: string; invitations: PendingInvitation[] }) {
  const { client } = trpc.useUtils();
  const actions = useMemo<RowActions>(() => ({ resend: (input) => client.invitations.resend.mutate(input), cancel: (input) => client.invitations.cancel.mutate(input) }), [client]);
  const pending = invitations.filter((i) => i.state === "pending").length;
  const expired = invitations.length - pending;
  return (
    <section aria-labelledby="pending-invitations-heading" className="mt-8">
      <div className="mb-3 flex items-baseline justify-between">
        <h2 id="pending-invitations-heading" className="text-lg font-semibold text-slate-900">
          Pending Invitations
        </h2>
        <p className="text-sm text-slate-500">
          {pending} pending{expired ? `, ${expired} expired` : ""}
        </p>
      </div>
      <Card>
        {invitations.length === 0 ? (
          <EmptyState title="No pending invitations">People you invite appear here until they join.</EmptyState>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="invitations-table min-w-full divide-y divide-slate-200 text-sm">
              <TableHead
                columns={[
                  "Email",
                  "Roles",
                  { label: "Invited by", className: "hidden xl:table-cell" },
                  { label: "Sent / Expires", className: "hidden md:table-cell" },
                  "Delivery",
                  { label: <span className="sr-only">Actions</span>, className: "text-right" },
                ]}
              />
              <tbody className="divide-y divide-slate-100">
                {invitations.map((invitation) => (
                  <InvitationRow key={invitation.id} invitation={invitation} workspaceSlug={workspaceSlug} actions={actions} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </section>
  );
}
