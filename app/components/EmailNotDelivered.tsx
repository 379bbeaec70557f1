/**
 * Told to those who send invitations when this server sends no email (no
 * Postmark token): invitations and notifications are only kept in the
 * development mailbox, so "queued" must never read as "sent". The mailbox's
 * address is not shown here: it opens every workspace's mail, so only whoever
 * runs the server has it (printed at start).
 */
import { useRouteLoaderData } from "@remix-run/react";
import type { loader as WorkspaceLayoutLoader } from "../routes/w.$slug";
import { Alert } from "./ui";

/** True inside a workspace page when the viewer may invite and this server's email is not delivered. */
export function useEmailNotDelivered(): boolean {
  return useRouteLoaderData<typeof WorkspaceLayoutLoader>("routes/w.$slug")?.emailNotDelivered === true;
}

const explanation =
  "This server has no email service configured (POSTMARK_SERVER_TOKEN is not set), so invitations and notifications are kept in a local development mailbox instead of reaching anyone. Whoever runs the server can open it at the address it printed when it started, and pass links on by hand.";

/** The strip at the top of every workspace page. */
export function EmailNotDeliveredBanner() {
  return (
    <div role="status" data-testid="email-not-delivered" className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
      <p className="mx-auto max-w-6xl">
        <strong className="font-semibold">Email is not being sent.</strong> <span className="hidden sm:inline">{explanation}</span>
        <span className="sm:hidden">Invitations stay in the server's local mailbox.</span>
      </p>
    </div>
  );
}

/** The same, where invitations are sent and listed. */
export function EmailNotDeliveredNotice({ className }: { className?: string }) {
  return (
    // The banner at the top of the page explains why and what to do; this says what it means here.
    <Alert tone="warning" title="Invitations are not being emailed" className={className}>
      They are kept in this server&apos;s local mailbox (see the note at the top of the page).
    </Alert>
  );
}
