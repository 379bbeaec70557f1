/**
 * Settings → Verified domains. An Owner adds the company's domain and
 * proves control of it: a link goes to an address at that domain, and
 * opening it verifies the domain. Then people who confirm an address at it
 * are offered the workspace, automatically (one click) or by asking (an
 * Admin approves on the Invite links page). Public email providers can't be
 * added. Admins see the list; changing it is an Owner's.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { type FormEvent, useState } from "react";
import { isOwner } from "#shared/permissions/access";
import { ErrorPage } from "../components/ErrorPage";
import { Alert, Badge, Button, Card, EmptyState, PageHeader, SelectField, TextField } from "../components/ui";
import { load } from "../lib/calls.server";
import { fieldErrorsOf, formErrorOf } from "../lib/errors";
import { useRealtimeEvent } from "../lib/realtime";
import { Time } from "../lib/time";
import { type RouterOutputs, trpc } from "../lib/trpc";
import { useWorkspace } from "./w.$slug";

export const meta: MetaFunction = () => [{ title: "Verified domains · Team Access" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workspaceSlug = params.slug ?? "";
  const [domains, roleOptions] = await Promise.all([
    load(request, () => context.trpc.domains.list({ workspaceSlug }), context.isProduction),
    load(request, () => context.trpc.invitations.roleOptions({ workspaceSlug }), context.isProduction),
  ]);
  return json({ workspaceSlug, domains, roleOptions });
}

type Domain = RouterOutputs["domains"]["list"][number];
type Mode = "automatic" | "request";
type RoleChoice = { id: string; name: string };

const modeWords: Record<Mode, string> = {
  automatic: "Automatic: they join in one click",
  request: "Request: they ask, an Admin approves",
};

function AddDomainForm({ workspaceSlug, roles }: { workspaceSlug: string; roles: RoleChoice[] }) {
  const utils = trpc.useUtils();
  const add = trpc.domains.add.useMutation({ onSettled: () => void utils.domains.list.invalidate() });
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
            {roles.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
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

function DomainRow({ domain, workspaceSlug, owner, roles }: { domain: Domain; workspaceSlug: string; owner: boolean; roles: RoleChoice[] }) {
  const utils = trpc.useUtils();
  const refresh = () => void utils.domains.list.invalidate();
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
      {error ? (
        <Alert tone="error" className="mt-3">
          {error.message}
        </Alert>
      ) : null}
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
            {roles.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
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

export default function DomainsPage() {
  const initial = useLoaderData<typeof loader>();
  const { workspace } = useWorkspace();
  const utils = trpc.useUtils();
  const { data: domains } = trpc.domains.list.useQuery({ workspaceSlug: initial.workspaceSlug }, { initialData: initial.domains });
  useRealtimeEvent("joining.changed", (message) => {
    if (message.workspaceId === workspace.id && message.subject === "domain") void utils.domains.list.invalidate();
  });
  const owner = isOwner(workspace.access);
  const roles = initial.roleOptions.filter((r) => r.grantable);
  return (
    <>
      <PageHeader
        title="Verified domains"
        description="People who confirm an email address at your company's domain can join without a personal invitation. Seats on your plan apply."
        actions={
          <Link to={`/w/${initial.workspaceSlug}/settings/invite-links`} className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
            Invite links and requests to join
          </Link>
        }
      />
      {owner ? <AddDomainForm workspaceSlug={initial.workspaceSlug} roles={roles} /> : <Alert className="mb-6">Only an Owner can add, change or remove domains.</Alert>}
      <Card>
        {domains.length === 0 ? (
          <EmptyState title="No domains yet">Public email providers like gmail.com or outlook.com can't be added: anyone can have an address there.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100">
            {domains.map((d) => (
              <DomainRow key={d.id} domain={d} workspaceSlug={initial.workspaceSlug} owner={owner} roles={roles} />
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
