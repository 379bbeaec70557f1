/**
 * "Invite Member" on the Members page (for those who may invite: the same
 * question the server asks) and the dialog it opens: people typed one per
 * row or pasted, or a CSV file.
 */
import { useId, useRef, useState } from "react";
import { can } from "#shared/permissions/access";
import { usePageRefresh } from "../../lib/liveRefresh";
import { trpc } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";
import { Button, cx } from "../ui";
import { CsvImport } from "./dialog/CsvImport";
import { InvitePeople } from "./dialog/InvitePeople";
import { ModalShell } from "./dialog/ModalShell";

type Tab = "people" | "csv";

export function InviteMemberButton() {
  const { workspace } = useWorkspace();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  if (!can(workspace.access, "members.invite")) return null;
  return (
    <>
      <Button ref={button} onClick={() => setOpen(true)} aria-haspopup="dialog" data-testid="invite-member-button">
        Invite Member
      </Button>
      <InviteDialog open={open} onClose={() => setOpen(false)} workspaceSlug={workspace.slug} returnFocusTo={button} />
    </>
  );
}

function InviteDialog({ open, onClose, workspaceSlug, returnFocusTo }: { open: boolean; onClose: () => void; workspaceSlug: string; returnFocusTo: React.RefObject<HTMLButtonElement | null> }) {
  const titleId = useId();
  // The content is a component of its own: ModalShell renders it only while open, so the server's render of a
  // closed dialog builds none of it, and closing it starts the next opening on the first tab.
  return (
    <ModalShell open={open} onClose={onClose} titleId={titleId} returnFocusTo={returnFocusTo} testId="invite-dialog">
      <InviteDialogContent workspaceSlug={workspaceSlug} titleId={titleId} onClose={onClose} />
    </ModalShell>
  );
}

function InviteDialogContent({ workspaceSlug, titleId, onClose }: { workspaceSlug: string; titleId: string; onClose: () => void }) {
  const [tab, setTab] = useState<Tab>("people");
  const close = onClose;

  function tabButton(value: Tab, label: string) {
    const selected = tab === value;
    return (
      <button
        type="button"
        role="tab"
        id={`${titleId}-tab-${value}`}
        aria-selected={selected}
        aria-controls={`${titleId}-panel`}
        onClick={() => setTab(value)}
        onKeyDown={(e) => {
          if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
            const next = value === "people" ? "csv" : "people";
            setTab(next);
            document.getElementById(`${titleId}-tab-${next}`)?.focus();
          }
        }}
        tabIndex={selected ? 0 : -1}
        className={cx(
          "rounded-t-md border-b-2 px-3 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600",
          selected ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900",
        )}
      >
        {label}
      </button>
    );
  }

  return (
    <>
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">
            Invite Member
          </h2>
          <p className="mt-1 text-sm text-slate-600">Fill in each person's email and roles, review the details, then send. Each person gets an email with a link to join.</p>
        </div>
        <button type="button" onClick={close} className="rounded p-1 text-slate-500 hover:text-slate-800 focus:outline-none focus:ring-2 focus:ring-indigo-600" aria-label="Close">
          <span aria-hidden="true">✕</span>
        </button>
      </div>
      <div role="tablist" aria-label="How to add people" className="mt-4 flex gap-2 border-b border-slate-200">
        {tabButton("people", "Add people")}
        {tabButton("csv", "Import a CSV")}
      </div>
      <div id={`${titleId}-panel`} role="tabpanel" aria-labelledby={`${titleId}-tab-${tab}`} className="mt-4">
        <InviteDialogPanel workspaceSlug={workspaceSlug} tab={tab} onClose={close} headingId={titleId} />
      </div>
    </>
  );
}

/**
 * The open dialog's tab panel. Its queries live here, so they exist only while
 * the dialog is open (ModalShell renders its content only then): the server's
 * render of the Members page builds no query observers for a closed dialog.
 */
function InviteDialogPanel({ workspaceSlug, tab, onClose, headingId }: { workspaceSlug: string; tab: Tab; onClose: () => void; headingId: string }) {
  // Dialog data, loaded when the dialog opens; sending refreshes the page (and these, while open).
  const roleOptions = trpc.invitations.roleOptions.useQuery({ workspaceSlug });
  const seats = trpc.invitations.seats.useQuery({ workspaceSlug });
  const sent = usePageRefresh();
  if (roleOptions.isLoading || !roleOptions.data) return <p className="text-sm text-slate-500">Loading roles…</p>;
  return tab === "people" ? (
    <InvitePeople workspaceSlug={workspaceSlug} roles={roleOptions.data} seats={seats.data} onSent={sent} onClose={onClose} headingId={headingId} />
  ) : (
    <CsvImport workspaceSlug={workspaceSlug} onSent={sent} onClose={onClose} />
  );
}
