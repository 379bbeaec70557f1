/**
 * The documents' flow, for people typed or pasted: fill in each person's
 * email and roles ("Add another", "Paste a list"), "Review the details"
 * (who gets what, and the seats it uses), then "Send Invitation"; each row
 * then shows its own answer in the documents' words.
 */
import { useEffect, useRef, useState } from "react";
import { maxInvitationsPerBatch, splitAddresses } from "#shared/invitations/addresses";
import { readError } from "../../../lib/errors";
import { useFormat } from "../../../lib/time";
import { trpc } from "../../../lib/trpc";
import { Alert, Badge, type BadgeTone, Button, ErrorAlert } from "../../ui";
import { newRow, PeopleRows, type PersonRow, rolesOf } from "./PeopleRows";
import { PersonalMessageField } from "./PersonalMessageField";
import { seatLineFor } from "./seats";
import type { InvitationSeats, InviteOutcome, InviteResult, RoleOption } from "./types";
import { TableHead } from "../../uiTable";

const outcomeTone: Record<InviteOutcome, BadgeTone> = {
  invited: "green",
  already_invited: "amber",
  already_member: "amber",
  duplicate: "slate",
  invalid: "red",
  seat_limit: "red",
  rate_limited: "red",
  not_allowed: "red",
  not_found: "red",
};

// What the browser can tell before sending; the server decides (and says why) either way.
const looksLikeAnAddress = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

type Step = "edit" | "review" | "results";

export function InvitePeople({
  workspaceSlug,
  roles,
  seats,
  onSent,
  onClose,
  headingId,
}: {
  workspaceSlug: string;
  roles: RoleOption[];
  seats: InvitationSeats | undefined;
  onSent: () => void;
  onClose: () => void;
  headingId: string;
}) {
  const { number } = useFormat();
  const defaultRole = roles.find((r) => r.builtinKey === "member" && r.grantable) ?? roles.find((r) => r.grantable);
  const defaultRoleId = defaultRole?.id ?? "";
  const [rows, setRows] = useState<PersonRow[]>(() => [newRow(defaultRoleId)]);
  const [focusKey, setFocusKey] = useState<number | null>(rows[0]?.key ?? null);
  const [step, setStep] = useState<Step>("edit");
  const [pasting, setPasting] = useState(false);
  const [pasted, setPasted] = useState("");
  const [pastedRoleId, setPastedRoleId] = useState(defaultRoleId);
  const [message, setMessage] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const [results, setResults] = useState<InviteResult[] | null>(null);
  const invite = trpc.invitations.invitePeople.useMutation();
  const reviewHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (step === "review") reviewHeading.current?.focus();
  }, [step]);

  const filled = rows.filter((r) => r.email.trim() !== "");
  const roleName = (id: string) => roles.find((r) => r.id === id)?.name ?? "";

  function change(key: number, next: Partial<PersonRow>) {
    setRows((all) => all.map((r) => (r.key === key ? { ...r, ...next } : r)));
  }
  function addAnother() {
    const row = newRow(defaultRoleId);
    setRows((all) => [...all, row]);
    setFocusKey(row.key);
  }
  function fillFromList() {
    const addresses = splitAddresses([pasted]);
    if (addresses.length === 0) return setFormError("Paste one or more email addresses, separated by commas or new lines.");
    const kept = rows.filter((r) => r.email.trim() !== "");
    if (kept.length + addresses.length > maxInvitationsPerBatch) {
      return setFormError(`You can invite at most ${maxInvitationsPerBatch} people at once; that would make ${kept.length + addresses.length}. Import a CSV for more.`);
    }
    const added = addresses.map((email) => newRow(pastedRoleId || defaultRoleId, email));
    setRows([...kept, ...added]);
    setPasted("");
    setPasting(false);
    setFormError(null);
    setFocusKey(added[0]?.key ?? null);
  }

  function review() {
    setFormError(null);
    if (filled.length === 0) return setFormError("Enter at least one email address.");
    const seen = new Set<string>();
    let bad = false;
    const checked = rows.map((r) => {
      const email = r.email.trim().toLowerCase();
      if (!email) return { ...r, error: null };
      if (!looksLikeAnAddress.test(email)) {
        bad = true;
        return { ...r, error: "This is not a valid email address." };
      }
      if (seen.has(email)) {
        bad = true;
        return { ...r, error: "This address appears more than once in the list." };
      }
      seen.add(email);
      return { ...r, error: r.primaryRoleId ? null : "Choose a role." };
    });
    setRows(checked);
    if (bad || checked.some((r) => r.error)) return setFormError("Check the addresses marked below.");
    setStep("review");
  }

  async function send() {
    setFormError(null);
    try {
      const answer = await invite.mutateAsync({
        workspaceSlug,
        people: filled.map((r) => ({ email: r.email.trim(), roleIds: rolesOf(r), primaryRoleId: r.primaryRoleId })),
        message: message || undefined,
      });
      setResults(answer.results);
      setStep("results");
      onSent();
    } catch (error) {
      setFormError(readError(error).message);
    }
  }

  function startOver() {
    const row = newRow(defaultRoleId);
    setRows([row]);
    setResults(null);
    setMessage("");
    setStep("edit");
    setFocusKey(row.key);
  }

  const seatLine = seats ? seatLineFor(seats, filled.length, number) : null;

  if (step === "results" && results) {
    const sent = results.filter((r) => r.outcome === "invited").length;
    return (
      <div data-testid="invite-results">
        <Alert tone={sent === results.length ? "success" : "warning"}>
          {sent === results.length ? `${number(sent)} ${sent === 1 ? "invitation" : "invitations"} sent.` : `${number(sent)} of ${number(results.length)} invitations sent. See the answer beside each address.`}
        </Alert>
        <ul className="mt-4 divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
          {results.map((r, i) => (
            <li key={`${r.input}-${i}`} className="flex flex-col gap-1 px-3 py-2 sm:flex-row sm:items-center sm:justify-between" data-testid="invite-result-row" data-email={r.email ?? r.input}>
              <span className="break-all text-sm text-slate-900">{r.input}</span>
              <span data-testid="invite-result" data-outcome={r.outcome}>
                <Badge tone={outcomeTone[r.outcome]}>{r.message}</Badge>
              </span>
            </li>
          ))}
        </ul>
        <div className="mt-5 flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={startOver}>
            Invite more people
          </Button>
          <Button onClick={onClose} autoFocus>
            Done
          </Button>
        </div>
      </div>
    );
  }

  if (step === "review") {
    return (
      <div data-testid="invite-review">
        <h3 id={`${headingId}-review`} className="text-base font-semibold text-slate-900 focus:outline-none" tabIndex={-1} ref={reviewHeading}>
          Review the details
        </h3>
        <p className="mt-1 text-sm text-slate-600">
          {number(filled.length)} {filled.length === 1 ? "person" : "people"} will get an email with a link to join.
        </p>
        <table className="mt-3 w-full text-left text-sm" aria-labelledby={`${headingId}-review`}>
          <TableHead className="text-slate-500" cellClassName="py-1.5 font-medium" columns={[{ label: "Email", className: "pr-3" }, "Roles"]} />
          <tbody className="divide-y divide-slate-100">
            {filled.map((r) => (
              <tr key={r.key} data-testid="invite-review-row">
                <td className="break-all py-1.5 pr-3 text-slate-900">{r.email.trim()}</td>
                <td className="py-1.5 text-slate-700">
                  {roleName(r.primaryRoleId)} <span className="text-slate-500">(primary)</span>
                  {r.moreRoleIds.length > 0 ? `, ${r.moreRoleIds.map(roleName).join(", ")}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {seatLine ? (
          <p className="mt-3 text-sm font-medium text-slate-800" data-testid="invite-seats">
            {seatLine.text}
          </p>
        ) : null}
        {seatLine && seatLine.short > 0 ? (
          <Alert tone="warning" className="mt-2">
            {`Only ${number(filled.length - seatLine.short)} of these ${number(filled.length)} people can be invited on the ${seats?.planLabel} plan; the last ${number(seatLine.short)} will be refused. Upgrade the plan or cancel a pending invitation first.`}
          </Alert>
        ) : null}
        {message.trim() ? <p className="mt-2 text-sm text-slate-600">With your message: “{message.trim()}”</p> : null}
        <ErrorAlert message={formError} className="mt-3" />
        <div className="mt-5 flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={() => setStep("edit")}>
            Back
          </Button>
          <Button onClick={send} busy={invite.isPending}>
            Send Invitation
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div data-testid="invite-edit">
      <ErrorAlert message={formError} className="mb-3" />
      <PeopleRows rows={rows} roles={roles} focusKey={focusKey} onChange={change} onRemove={(key) => setRows((all) => all.filter((r) => r.key !== key))} />
      <div className="mt-3 flex flex-wrap gap-2">
        <Button variant="secondary" size="sm" onClick={addAnother} disabled={rows.length >= maxInvitationsPerBatch}>
          + Add another
        </Button>
        <Button variant="ghost" size="sm" onClick={() => setPasting((p) => !p)} aria-expanded={pasting} aria-controls="invite-paste-panel">
          Paste a list
        </Button>
      </div>
      {pasting ? (
        <div id="invite-paste-panel" className="mt-3 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
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
          <p className="mt-1 text-sm text-slate-500">Separate addresses with commas or new lines. Each becomes a row you can still change.</p>
          <div className="mt-2 flex flex-wrap items-end gap-2">
            <label className="text-sm text-slate-800">
              <span className="block font-medium">Role for these people</span>
              <select
                value={pastedRoleId}
                onChange={(e) => setPastedRoleId(e.target.value)}
                className="mt-1 block rounded-md border-0 py-1.5 pl-3 pr-8 text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600 sm:text-sm"
              >
                {roles
                  .filter((r) => r.grantable)
                  .map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
              </select>
            </label>
            <Button size="sm" onClick={fillFromList}>
              Add to the list
            </Button>
          </div>
        </div>
      ) : null}
      <div className="mt-4">
        <PersonalMessageField id="invite-message" value={message} onChange={setMessage} />
      </div>
      {seatLine ? <p className="mt-3 text-sm text-slate-500">{seatLine.text}</p> : null}
      <div className="mt-5 flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={review}>Review the details</Button>
      </div>
    </div>
  );
}
