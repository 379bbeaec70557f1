import { Time } from "../../lib/time";
import { Badge } from "../ui";

export interface InvitationSummaryProps {
  preview: {
    email: string;
    workspaceName: string;
    inviterName: string | null;
    inviterEmail: string | null;
    roles: Array<{ name: string; isPrimary: boolean }>;
    message: string | null;
    expiresAt: string;
  };
}

/** Who invited whom, to what, with which roles: the top of the invitation page. */
export function InvitationSummary({ preview }: InvitationSummaryProps) {
  return (
    <div data-testid="invitation-summary">
      <p className="text-sm text-slate-700">
        {preview.inviterName ? (
          <>
            <strong>{preview.inviterName}</strong>
            {preview.inviterEmail ? <span className="text-slate-500"> ({preview.inviterEmail})</span> : null} invited{" "}
          </>
        ) : (
          "You were invited "
        )}
        <strong>{preview.email}</strong> to join <strong>{preview.workspaceName}</strong>.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-1.5 text-sm text-slate-700">
        <span>{preview.roles.length > 1 ? "Roles:" : "Role:"}</span>
        {preview.roles.map((role) => (
          <Badge key={role.name} tone={role.isPrimary ? "indigo" : "slate"} title={role.isPrimary ? "Primary role" : undefined}>
            {role.name}
          </Badge>
        ))}
      </div>
      {preview.message ? <blockquote className="mt-4 whitespace-pre-wrap border-l-4 border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-slate-800">{preview.message}</blockquote> : null}
      <p className="mt-3 text-xs text-slate-500">
        This invitation expires on <Time value={preview.expiresAt} />.
      </p>
    </div>
  );
}
