import { Link } from "@remix-run/react";
import { buttonClass } from "../ui";

export interface InvitationRefusalProps {
  kind: "voided" | "no_seat";
  workspaceName: string;
  /** The sentence saying why (voided: whose right is gone; no seat: the plan and its limit). */
  reason: string;
  contacts: Array<{ name: string; email: string }>;
  /** Where "Try again" goes (no seat only: the invitation is still valid). */
  retryTo?: string;
}

export function refusalTitle(props: Pick<InvitationRefusalProps, "kind" | "workspaceName">): string {
  return props.kind === "voided" ? "This invitation can no longer be used" : `No seat is free in ${props.workspaceName} right now`;
}

/** Why an invitation could not be accepted, and whom to ask: the invitee's dead end, with a way out. */
export function InvitationRefusal({ kind, workspaceName, reason, contacts, retryTo }: InvitationRefusalProps) {
  return (
    <div data-testid="invitation-refused" data-kind={kind}>
      <p className="text-sm text-slate-700">{reason}</p>
      <p className="mt-3 text-sm text-slate-700">
        {kind === "voided"
          ? "If you should still join, ask one of these people for a new invitation:"
          : "Your invitation is still valid: ask one of these people to free a seat or upgrade the plan, then open this link again."}
      </p>
      {contacts.length > 0 ? (
        <ul className="mt-3 space-y-1.5 text-sm" aria-label={`Owners and Admins of ${workspaceName}`}>
          {contacts.map((c) => (
            <li key={c.email}>
              <strong className="text-slate-900">{c.name}</strong>{" "}
              <a className="text-indigo-700 underline hover:text-indigo-900" href={`mailto:${c.email}`}>
                {c.email}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-3 text-sm text-slate-700">Ask the Owner of {workspaceName}.</p>
      )}
      <div className="mt-5 flex gap-2">
        {kind === "no_seat" && retryTo ? (
          <Link to={retryTo} className={buttonClass("primary", "md")}>
            Try again
          </Link>
        ) : null}
        <Link to="/" className={buttonClass("secondary", "md")}>
          Go to Team Access
        </Link>
      </div>
    </div>
  );
}
