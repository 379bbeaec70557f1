/**
 * The invite form: addresses one per row ("Add another") or pasted as a
 * list, roles with a primary, an optional message. After sending, each
 * address shows its own result beside it.
 */
import { type FormEvent, useState } from "react";
import { maxInvitationsPerBatch, maxPersonalMessageLength, splitAddresses } from "#shared/invitations/addresses";
import { trpc, type RouterOutputs } from "../../lib/trpc";
import { Alert, Badge, type BadgeTone, Button, Card, cx } from "../ui";
import { useEmailNotDelivered } from "../EmailNotDelivered";
import { RolePicker } from "./RolePicker";

type InviteOutcome = RouterOutputs["invitations"]["invite"]["results"][number]["outcome"];

interface Row {
  key: number;
  value: string;
  result: { outcome: InviteOutcome; message: string } | null;
}

const outcomeTone: Record<InviteOutcome, BadgeTone> = {
  invited: "green",
  already_invited: "amber",
  already_member: "amber",
  duplicate: "slate",
  invalid: "red",
  seat_limit: "red",
  rate_limited: "red",
};

let nextKey = 1;
const emptyRow = (): Row => ({ key: nextKey++, value: "", result: null });

export function InviteForm({ workspaceSlug }: { workspaceSlug: string }) {
  const utils = trpc.useUtils();
  const roleOptions = trpc.invitations.roleOptions.useQuery({ workspaceSlug });
  const seats = trpc.invitations.seats.useQuery({ workspaceSlug });
  const invite = trpc.invitations.invite.useMutation();
  const [rows, setRows] = useState<Row[]>(() => [emptyRow()]);
  const [pasting, setPasting] = useState(false);
  const [pasted, setPasted] = useState("");
  const [roles, setRoles] = useState<{ selected: string[]; primary: string | null } | null>(null);
  const [message, setMessage] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  // Only an account whose address is not confirmed yet is refused this way (decision 17): offer a new link.
  const [unconfirmed, setUnconfirmed] = useState(false);
  const resend = trpc.account.resendVerification.useMutation();
  const [summary, setSummary] = useState<string | null>(null);
  const emailNotDelivered = useEmailNotDelivered();

  // Default: Member, when the inviter may give it.
  const options = roleOptions.data ?? [];
  const defaultRole = options.find((r) => r.builtinKey === "member" && r.grantable) ?? options.find((r) => r.grantable);
  const chosen = roles ?? (defaultRole ? { selected: [defaultRole.id], primary: defaultRole.id } : { selected: [], primary: null });

  function setRow(key: number, value: string) {
    setRows((all) => all.map((r) => (r.key === key ? { ...r, value, result: null } : r)));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    setSummary(null);
    const addresses = splitAddresses([...rows.map((r) => r.value), pasted]);
    if (addresses.length === 0) return setFormError("Enter at least one email address.");
    if (addresses.length > maxInvitationsPerBatch) return setFormError(`You can invite at most ${maxInvitationsPerBatch} people at once; this list has ${addresses.length}.`);
    if (chosen.selected.length === 0 || !chosen.primary) return setFormError("Choose at least one role.");
    try {
      const answer = await invite.mutateAsync({ workspaceSlug, emails: addresses, roleIds: chosen.selected, primaryRoleId: chosen.primary, message: message || undefined });
      setRows(answer.results.map((r) => ({ key: nextKey++, value: r.input, result: { outcome: r.outcome, message: r.message } })));
      setPasted("");
      setPasting(false);
      // Without an email service nothing is sent: the invitations wait in the local mailbox.
      const done = emailNotDelivered ? "created (kept in the local mailbox, not emailed)" : "sent";
      setSummary(
        answer.invited === answer.results.length
          ? `${answer.invited} ${answer.invited === 1 ? "invitation" : "invitations"} ${done}.`
          : `${answer.invited} of ${answer.results.length} ${done}. See the result beside each address.`,
      );
      void utils.invitations.list.invalidate();
      void utils.invitations.seats.invalidate();
    } catch (error) {
      setFormError(error instanceof Error ? error.message : "The invitations could not be sent. Please try again.");
      setUnconfirmed((error as { data?: { appCode?: string } } | null)?.data?.appCode === "EMAIL_NOT_VERIFIED");
    }
  }

  function startOver() {
    setRows([emptyRow()]);
    setSummary(null);
    setMessage("");
  }

  const seatLine = seats.data
    ? seats.data.limit === null
      ? seats.data.onTrial
        ? `Trial: no seat limit (${seats.data.used} in use).`
        : `${seats.data.planLabel} plan: unlimited seats (${seats.data.used} in use).`
      : `${seats.data.planLabel} plan: ${seats.data.used} of ${seats.data.limit} seats in use (members and pending invitations).`
    : null;

  return (
    <Card className="p-4 sm:p-6">
      <form onSubmit={submit} noValidate aria-labelledby="invite-heading" data-testid="invite-form">
        <div className="flex flex-col gap-1 sm:flex-row sm:items-baseline sm:justify-between">
          <h2 id="invite-heading" className="text-lg font-semibold text-slate-900">
            Invite people
          </h2>
          {seatLine ? <p className="text-sm text-slate-500">{seatLine}</p> : null}
        </div>
        {formError ? (
          <Alert tone="error" className="mt-4">
            {formError}
            {unconfirmed ? (
              <span className="mt-2 block">
                <Button type="button" variant="secondary" size="sm" busy={resend.isPending} onClick={() => resend.mutate()}>
                  Resend verification email
                </Button>
                {resend.data?.sentTo ? <span className="ml-2">A new link is on its way to {resend.data.sentTo}.</span> : null}
                {resend.error ? <span className="ml-2">{resend.error.message}</span> : null}
              </span>
            ) : null}
          </Alert>
        ) : null}
        {summary ? (
          <Alert tone="success" className="mt-4">
            {summary}
          </Alert>
        ) : null}
        <div className="mt-4 space-y-2">
          <span className="block text-sm font-medium text-slate-800" id="invite-emails-label">
            Email addresses
          </span>
          {rows.map((row, index) => (
            <div key={row.key} className="flex flex-col gap-1 sm:flex-row sm:items-center sm:gap-3" data-testid="invite-row">
              <input
                type="email"
                aria-label={`Email address ${index + 1}`}
                placeholder="name@company.com"
                value={row.value}
                onChange={(e) => setRow(row.key, e.target.value)}
                className={cx(
                  "block w-full rounded-md border-0 px-3 py-2 text-slate-900 shadow-sm ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 sm:max-w-sm sm:text-sm",
                  row.result && outcomeTone[row.result.outcome] === "red" ? "ring-red-400" : "ring-slate-300",
                )}
              />
              {row.result ? (
                <span data-testid="invite-result" data-outcome={row.result.outcome} className="text-sm">
                  <Badge tone={outcomeTone[row.result.outcome]}>{row.result.message}</Badge>
                </span>
              ) : null}
              {rows.length > 1 && !row.result ? (
                <button
                  type="button"
                  className="self-start rounded px-1 text-sm text-slate-500 hover:text-slate-800 sm:self-auto"
                  onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))}
                  aria-label={`Remove address ${index + 1}`}
                >
                  Remove
                </button>
              ) : null}
            </div>
          ))}
          <div className="flex flex-wrap gap-2 pt-1">
            <Button variant="secondary" size="sm" onClick={() => setRows((all) => [...all, emptyRow()])}>
              + Add another
            </Button>
            <Button variant="ghost" size="sm" onClick={() => setPasting((p) => !p)} aria-expanded={pasting}>
              {pasting ? "Hide list" : "Paste a list"}
            </Button>
            {summary ? (
              <Button variant="ghost" size="sm" onClick={startOver}>
                Start over
              </Button>
            ) : null}
          </div>
          {pasting ? (
            <div>
              <label htmlFor="invite-paste" className="block text-sm font-medium text-slate-800">
                Paste addresses
              </label>
              <textarea
                id="invite-paste"
                rows={4}
                value={pasted}
                onChange={(e) => setPasted(e.target.value)}
                placeholder={"ana@company.com, ben@company.com\ncarla@company.com"}
                className="mt-1.5 block w-full rounded-md border-0 px-3 py-2 text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 sm:text-sm"
              />
              <p className="mt-1 text-sm text-slate-500">Separate addresses with commas or new lines (up to {maxInvitationsPerBatch} at once).</p>
            </div>
          ) : null}
        </div>
        <div className="mt-5">
          {roleOptions.isLoading ? (
            <p className="text-sm text-slate-500">Loading roles…</p>
          ) : (
            <RolePicker roles={options} selected={chosen.selected} primary={chosen.primary} onChange={setRoles} />
          )}
        </div>
        <div className="mt-5">
          <label htmlFor="invite-message" className="block text-sm font-medium text-slate-800">
            Personal message <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <textarea
            id="invite-message"
            rows={3}
            maxLength={maxPersonalMessageLength}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            className="mt-1.5 block w-full rounded-md border-0 px-3 py-2 text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600 sm:text-sm"
          />
          <p className="mt-1 text-xs text-slate-500">
            {message.length}/{maxPersonalMessageLength}
          </p>
        </div>
        <div className="mt-5 flex justify-end">
          <Button type="submit" busy={invite.isPending}>
            Send invitations
          </Button>
        </div>
      </form>
    </Card>
  );
}
