/**
 * The parts of the Verified domains page (app/routes/w.$slug.settings.domains.tsx):
 * the Owner's form to add a domain, and one row per domain with its
 * controls. Each change goes through tRPC and then refreshes the page.
 */
import { type FormEvent, useState } from "react";
import { fieldErrorsOf, formErrorOf } from "../../lib/errors";
import { usePageRefresh } from "../../lib/liveRefresh";
import { Time } from "../../lib/time";
import { type RouterOutputs, trpc } from "../../lib/trpc";
import { Alert, Badge, Button, Card, SelectField, TextField, ErrorAlert, ChoiceOptions } from "../ui";

type Domain = RouterOutputs["domains"]["list"][number];
type Mode = "automatic" | "request";
type RoleChoice = { id: string; name: string };

const modeWords: Record<Mode, string> = {
  automatic: "Automatic: they join in one click",
  request: "Request: they ask, an Admin approves",
};

export function AddDomainForm({ workspaceSlug, roles }: { workspaceSlug: string; roles: RoleChoice[] }) {
  const add = trpc.domains.add.useMutation({ onSettled: usePageRefresh() });
  const [domain, setDomain] = useState("");
  const [localPart, setLocalPart] = useState("");
  const [mode, setMode] = useState<Mode>("automatic");
  const [roleId, setRoleId] = useState(roles.find((r) => r.name === "Member")?.id ?? roles[0]?.id ?? "");
  const errors = fieldErrorsOf(add.error);
  const formError = formErrorOf(add.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate({ workspaceSlug, domain, localPart, mode, roleId }, { onSuccess: () => setDomain("") });
  }
  return (
    <Card className="mb-8">
      <form onSubmit={submit} className="space-y-4 px-4 py-4 sm:px-5" aria-label="Add a domain" noValidate>
        <h2 className="text-base font-semibold text-slate-900">Add a domain</h2>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Domain" name="domain" placeholder="example.com" value={domain} onChange={(e) => setDomain(e.target.value)} errors={errors?.domain} />
          <TextField
            label="Send the verification link to"
            name="localPart"
            placeholder="you"
            value={localPart}
            onChange={(e) => setLocalPart(e.target.value)}
            hint={`${localPart || "you"}@${domain.trim().replace(/^@/, "") || "example.com"}: an address at the domain whose inbox you can open.`}
            errors={errors?.localPart}
          />
          <SelectField label="How people at it join" name="mode" value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
            <option value="automatic">{modeWords.automatic}</option>
            <option value="request">{modeWords.request}</option>
          </SelectField>
          <SelectField label="Role they get" name="roleId" value={roleId} onChange={(e) => setRoleId(e.target.value)} errors={errors?.roleId}>
            <ChoiceOptions choices={roles} />
          </SelectField>
        </div>
        {formError ? <Alert tone="error">{formError}</Alert> : null}
        {add.data ? <Alert tone="success">We sent a verification link to {add.data.sentTo}. Open it to verify the domain; it works for 24 hours.</Alert> : null}
        <Button type="submit" busy={add.isPending}>
          Add and send verification link
        </Button>
      </form>
    </Card>
  );
}

export function DomainRow({ domain, workspaceSlug, owner, roles }: { domain: Domain; workspaceSlug: string; owner: boolean; roles: RoleChoice[] }) {
  const refresh = usePageRefresh();
  const update = trpc.domains.update.useMutation({ onSettled: refresh });
  const remove = trpc.domains.remove.useMutation({ onSettled: refresh });
  const resend = trpc.domains.resend.useMutation({ onSettled: refresh });
  const [confirming, setConfirming] = useState(false);
  const error = update.error ?? remove.error ?? resend.error;
  return (
    <li className="px-4 py-4 sm:px-5" data-testid="domain-row" data-domain={domain.domain} data-verified={domain.verifiedAt ? "yes" : "no"}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-medium text-slate-900">{domain.domain}</p>
          <p className="text-sm text-slate-500">
            {domain.verifiedAt ? (
              <>
                Verified <Time value={domain.verifiedAt} style="dayTime" />
              </>
            ) : (
              <>Waiting for the link sent to {domain.verificationEmail ?? "an address at it"} to be opened</>
            )}
            {" · "}
            {domain.mode === "automatic" ? "joins automatically" : "asks to join"} as {domain.roleName}
            {domain.setByName ? ` · set by ${domain.setByName}` : ""}
          </p>
        </div>
        <Badge tone={domain.verifiedAt ? "green" : "amber"}>{domain.verifiedAt ? "Verified" : "Not verified yet"}</Badge>
      </div>
      <ErrorAlert message={error?.message} className="mt-3" />
      {resend.data ? (
        <Alert tone="success" className="mt-3">
          A new link is on its way to {resend.data.sentTo}.
        </Alert>
      ) : null}
      {owner ? (
        <div className="mt-3 flex flex-wrap items-end gap-2">
          <SelectField
            label="How people join"
            name={`mode-${domain.id}`}
            value={domain.mode}
            onChange={(e) => update.mutate({ workspaceSlug, domainId: domain.id, mode: e.target.value as Mode, roleId: domain.roleId })}
            className="w-full sm:w-72"
          >
            <option value="automatic">{modeWords.automatic}</option>
            <option value="request">{modeWords.request}</option>
          </SelectField>
          <SelectField
            label="Role"
            name={`role-${domain.id}`}
            value={domain.roleId}
            onChange={(e) => update.mutate({ workspaceSlug, domainId: domain.id, mode: domain.mode, roleId: e.target.value })}
            className="w-full sm:w-48"
          >
            {roles.some((r) => r.id === domain.roleId) ? null : <option value={domain.roleId}>{domain.roleName}</option>}
            <ChoiceOptions choices={roles} />
          </SelectField>
          {!domain.verifiedAt && domain.verificationEmail ? (
            <Button variant="secondary" busy={resend.isPending} onClick={() => resend.mutate({ workspaceSlug, domainId: domain.id, localPart: (domain.verificationEmail ?? "").split("@")[0] ?? "" })}>
              Send the link again
            </Button>
          ) : null}
          {confirming ? (
            <>
              <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate({ workspaceSlug, domainId: domain.id })}>
                Remove {domain.domain}
              </Button>
              <Button variant="ghost" onClick={() => setConfirming(false)}>
                Keep
              </Button>
            </>
          ) : (
            <Button variant="secondary" onClick={() => setConfirming(true)}>
              Remove…
            </Button>
          )}
        </div>
      ) : null}
      {confirming ? <p className="mt-2 text-sm text-slate-600">No one new joins through {domain.domain} once it is removed; people who already joined stay.</p> : null}
    </li>
  );
}
