/**
 * The parts of the Invite links page (app/routes/w.$slug.settings.invite-links.tsx):
 * the form that makes a link, and one row per link. Each change goes
 * through tRPC and then refreshes the page.
 */
import { type FormEvent, useState } from "react";
import { fieldErrorsOf, formErrorOf } from "../../lib/errors";
import { usePageRefresh } from "../../lib/liveRefresh";
import { Time } from "../../lib/time";
import { type RouterOutputs, trpc } from "../../lib/trpc";
import { Alert, Badge, Button, Card, SelectField, TextField, ChoiceOptions } from "../ui";

type InviteLink = RouterOutputs["inviteLinks"]["list"][number];

const stateWords = {
  active: { label: "Active", tone: "green" },
  expired: { label: "Expired", tone: "slate" },
  used_up: { label: "Used up", tone: "amber" },
  turned_off: { label: "Turned off", tone: "red" },
} as const;

export function NewLinkForm({ workspaceSlug, roles }: { workspaceSlug: string; roles: Array<{ id: string; name: string }> }) {
  const create = trpc.inviteLinks.create.useMutation({ onSettled: usePageRefresh() });
  const [roleId, setRoleId] = useState(roles.find((r) => r.name === "Member")?.id ?? roles[0]?.id ?? "");
  const [expiresInDays, setExpiresInDays] = useState<"1" | "7" | "30">("7");
  const [maxUses, setMaxUses] = useState("");
  const [requiresApproval, setRequiresApproval] = useState(false);
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const fieldErrors = fieldErrorsOf(create.error);
  const formError = formErrorOf(create.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    setCopied(null);
    const uses = maxUses.trim() === "" ? null : Number(maxUses);
    create.mutate({ workspaceSlug, roleId, expiresInDays: Number(expiresInDays) as 1 | 7 | 30, maxUses: uses, requiresApproval });
  }

  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  }

  return (
    <Card className="mb-8">
      <form onSubmit={submit} className="space-y-4 px-4 py-4 sm:px-5" aria-label="Make an invite link" noValidate>
        <h2 className="text-base font-semibold text-slate-900">Make an invite link</h2>
        <div className="grid gap-4 sm:grid-cols-3">
          <SelectField label="Role" name="roleId" value={roleId} onChange={(e) => setRoleId(e.target.value)} errors={fieldErrors?.roleId}>
            <ChoiceOptions choices={roles} />
          </SelectField>
          <SelectField label="Expires after" name="expiresInDays" value={expiresInDays} onChange={(e) => setExpiresInDays(e.target.value as "1" | "7" | "30")}>
            <option value="1">1 day</option>
            <option value="7">7 days</option>
            <option value="30">30 days</option>
          </SelectField>
          <TextField label="Use limit" name="maxUses" type="number" min={1} inputMode="numeric" value={maxUses} onChange={(e) => setMaxUses(e.target.value)} hint="Empty: no limit." errors={fieldErrors?.maxUses} />
        </div>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" name="requiresApproval" checked={requiresApproval} onChange={(e) => setRequiresApproval(e.target.checked)} className="h-4 w-4 rounded border-slate-300" />
          Require approval: an Admin approves each person before they join
        </label>
        {formError ? <Alert tone="error">{formError}</Alert> : null}
        <Button type="submit" busy={create.isPending}>
          Make link
        </Button>
        {create.data ? (
          <div className="rounded-md bg-emerald-50 p-3 ring-1 ring-inset ring-emerald-200" data-testid="new-invite-link">
            <p className="text-sm font-medium text-emerald-900">Your link is ready. Copy it now: it is shown only once.</p>
            <div className="mt-2 flex gap-2">
              <input
                readOnly
                value={create.data.url}
                aria-label="Invite link"
                className="block w-full rounded-md border-0 px-3 py-2 font-mono text-xs text-slate-900 ring-1 ring-inset ring-slate-300"
                onFocus={(e) => e.currentTarget.select()}
              />
              <Button variant="secondary" onClick={() => void copy(create.data.url)}>
                Copy
              </Button>
            </div>
            {copied === "yes" ? <p className="mt-1 text-xs text-emerald-800">Copied.</p> : null}
            {copied === "no" ? <p className="mt-1 text-xs text-amber-800">Your browser didn't let us copy: select the link and copy it yourself.</p> : null}
          </div>
        ) : null}
      </form>
    </Card>
  );
}

export function LinkRow({ link, workspaceSlug }: { link: InviteLink; workspaceSlug: string }) {
  const turnOff = trpc.inviteLinks.turnOff.useMutation({ onSettled: usePageRefresh() });
  const state = stateWords[link.state];
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-5" data-testid="invite-link-row" data-state={link.state}>
      <div className="min-w-0">
        <p className="font-medium text-slate-900">
          {link.roleName} {link.requiresApproval ? <span className="font-normal text-slate-500">· approval required</span> : null}
        </p>
        <p className="text-sm text-slate-500">
          {link.uses} {link.maxUses === null ? (link.uses === 1 ? "use" : "uses") : `of ${link.maxUses} uses`}
          {link.pendingRequests > 0 ? ` · ${link.pendingRequests} waiting` : ""} · {link.state === "expired" ? "expired" : "expires"} <Time value={link.expiresAt} style="dayTime" />
          {link.createdByName ? ` · made by ${link.createdByName}` : ""}
        </p>
        {turnOff.error ? <p className="text-sm text-red-700">{turnOff.error.message}</p> : null}
      </div>
      <div className="flex items-center gap-2">
        <Badge tone={state.tone}>{state.label}</Badge>
        {link.state === "active" || link.state === "used_up" ? (
          <Button size="sm" variant="danger" busy={turnOff.isPending} onClick={() => turnOff.mutate({ workspaceSlug, linkId: link.id })}>
            Turn off
          </Button>
        ) : null}
      </div>
    </li>
  );
}
