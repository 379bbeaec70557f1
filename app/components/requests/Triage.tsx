/**
 * The parts of the triage page (app/routes/w.$slug.settings.requests.tsx): one
 * card per request with its decision panel, and the grants an admin can end
 * early. Each decision goes through tRPC and then refreshes the page.
 */
import { type FormEvent, useId, useState } from "react";
import { type GrantDuration, durationsUpTo, grantDurationLabels } from "#shared/permissions/durations";
import { accessWords, statusWords } from "./words";
import { Time, TimeUntil } from "../../lib/time";
import { Avatar, Badge, Button, Card, cx, EmptyState, SectionHeader, FieldError, SelectField, ErrorAlert } from "../ui";
import { fieldErrorsOf, readError } from "../../lib/errors";
import { usePageRefresh } from "../../lib/liveRefresh";
import { type RouterOutputs, trpc } from "../../lib/trpc";

type TriageRequest = RouterOutputs["requests"]["list"]["requests"][number];

export function DecisionPanel({
  request,
  workspaceSlug,
  onRefused,
  onDenying,
}: {
  request: TriageRequest;
  workspaceSlug: string;
  /** A refusal outlives the panel: if someone else decided first, the row stops being pending and the panel goes. */
  onRefused: (message: string) => void;
  /** While a note is being written the panel stays, even if the row stops being pending: the note is not taken away mid-sentence, and sending it says who decided first. */
  onDenying: (denying: boolean) => void;
}) {
  const refresh = usePageRefresh();
  const choices = durationsUpTo(request.duration);
  const [duration, setDuration] = useState<GrantDuration>(request.duration);
  const [denying, setDenyingHere] = useState(false);
  const setDenying = (value: boolean) => {
    setDenyingHere(value);
    onDenying(value);
  };
  const [note, setNote] = useState("");
  const noteId = useId();
  const onError = (error: unknown) => {
    const refusal = readError(error);
    if (!refusal.hasFieldErrors) onRefused(refusal.message);
  };
  const approve = trpc.requests.approve.useMutation({ onSettled: refresh, onError });
  const deny = trpc.requests.deny.useMutation({ onSettled: refresh, onError, onSuccess: () => onDenying(false) });
  const noteErrors = fieldErrorsOf(deny.error).note;

  function submitDenial(event: FormEvent) {
    event.preventDefault();
    deny.mutate({ workspaceSlug, requestId: request.id, note });
  }

  return (
    <div className="mt-4 space-y-3 rounded-md bg-slate-50 p-3">
      {denying ? (
        <form onSubmit={submitDenial} className="space-y-2" aria-label={`Deny ${request.requester.name}'s request`}>
          <label htmlFor={noteId} className="block text-sm font-medium text-slate-800">
            Note to {request.requester.name}
          </label>
          <textarea
            id={noteId}
            rows={2}
            maxLength={500}
            value={note}
            autoFocus
            onChange={(e) => setNote(e.target.value)}
            aria-invalid={noteErrors ? true : undefined}
            aria-describedby={noteErrors ? `${noteId}-error` : undefined}
            placeholder="Why not, or what to do instead."
            className={cx(
              "block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset focus:ring-2 focus:ring-inset",
              noteErrors ? "ring-red-400 focus:ring-red-500" : "ring-slate-300 focus:ring-indigo-600",
            )}
          />
          <FieldError id={`${noteId}-error`} messages={noteErrors} />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="danger" size="sm" busy={deny.isPending}>
              Deny request
            </Button>
            <Button type="button" variant="ghost" size="sm" onClick={() => setDenying(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <div className="flex flex-wrap items-end gap-2">
          <SelectField label="Grant for" name={`duration-${request.id}`} value={duration} onChange={(e) => setDuration(e.target.value as GrantDuration)} className="w-full sm:w-48">
            {choices.map((d) => (
              <option key={d} value={d}>
                {grantDurationLabels[d]}
                {d === request.duration ? " (asked)" : ""}
              </option>
            ))}
          </SelectField>
          <Button size="md" busy={approve.isPending} onClick={() => approve.mutate({ workspaceSlug, requestId: request.id, duration })}>
            Approve
          </Button>
          <Button variant="secondary" onClick={() => setDenying(true)}>
            Deny…
          </Button>
        </div>
      )}
    </div>
  );
}

export function RequestCard({ request, workspaceSlug }: { request: TriageRequest; workspaceSlug: string }) {
  const [refusal, setRefusal] = useState<string | null>(null);
  const [denying, setDenying] = useState(false);
  const words = accessWords(request.permission, request.scope);
  const status = statusWords[request.status] ?? { label: request.status, tone: "slate" as const };
  const pending = request.status === "pending";
  return (
    <li className="px-4 py-4 sm:px-5" data-testid="request-row" data-status={request.status} data-requester={request.requester.email}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex min-w-0 items-start gap-3">
          <Avatar name={request.requester.name} />
          <div className="min-w-0">
            <p className="font-medium text-slate-900">
              {request.requester.name} <span className="font-normal text-slate-500">asks for</span> {words.label}
            </p>
            <p className="text-sm text-slate-500">
              {words.scope ? `${words.scope} · ` : ""}
              {grantDurationLabels[request.duration]} · <Time value={request.createdAt} style="dayTime" />
              {pending ? (
                <>
                  {" · expires "}
                  <TimeUntil value={request.expiresAt} />
                </>
              ) : null}
            </p>
            <div className="mt-1 flex flex-wrap items-center gap-1">
              <span className="text-xs text-slate-500">Current roles:</span>
              {request.requester.roles.map((role) => (
                <Badge key={role.id} tone={role.isPrimary ? "indigo" : "slate"}>
                  {role.name}
                </Badge>
              ))}
            </div>
          </div>
        </div>
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>
      <p className="mt-3 text-sm text-slate-700">“{request.reason}”</p>
      {!pending && request.decidedBy ? (
        <p className="mt-2 text-sm text-slate-600">
          {request.status === "approved" ? "Approved" : "Denied"} by {request.decidedBy}
          {request.decidedAt ? (
            <>
              {" · "}
              <Time value={request.decidedAt} style="dayTime" />
            </>
          ) : null}
          {request.status === "approved" && request.grantedDuration ? ` · for ${grantDurationLabels[request.grantedDuration].toLowerCase()}` : ""}
          {request.decisionNote ? ` · “${request.decisionNote}”` : ""}
        </p>
      ) : null}
      <ErrorAlert message={refusal} className="mt-3" />
      {pending || denying ? (
        <DecisionPanel
          request={request}
          workspaceSlug={workspaceSlug}
          onRefused={(message) => {
            setRefusal(message);
            setDenying(false);
          }}
          onDenying={setDenying}
        />
      ) : null}
    </li>
  );
}

export function GrantsSection({ workspaceSlug, grants }: { workspaceSlug: string; grants: RouterOutputs["grants"]["list"] }) {
  const revoke = trpc.grants.revoke.useMutation({ onSettled: usePageRefresh() });
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <Card className="mt-8">
      <SectionHeader title="Access granted through requests">Grants that count right now. Revoking one ends it at once.</SectionHeader>
      <ErrorAlert message={revoke.error?.message} className="m-4" />
      {grants.length === 0 ? (
        <EmptyState title="No active grants" />
      ) : (
        <ul className="divide-y divide-slate-100">
          {grants.map((grant) => {
            const words = accessWords(grant.permission, grant.scope);
            return (
              <li key={grant.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-5" data-testid="grant-row">
                <div className="min-w-0">
                  <p className="font-medium text-slate-900">
                    {grant.member.name} · {words.label}
                  </p>
                  <p className="text-sm text-slate-500">
                    {words.scope ? `${words.scope} · ` : ""}
                    {grant.endsAt ? (
                      <>
                        ends <TimeUntil value={grant.endsAt} /> (<Time value={grant.endsAt} style="dayTime" />)
                      </>
                    ) : (
                      "permanent"
                    )}
                    {grant.grantedBy ? ` · approved by ${grant.grantedBy}` : ""}
                  </p>
                </div>
                {confirming === grant.id ? (
                  <div className="flex gap-2">
                    <Button
                      variant="danger"
                      size="sm"
                      busy={revoke.isPending && revoke.variables?.grantId === grant.id}
                      onClick={() => revoke.mutate({ workspaceSlug, grantId: grant.id }, { onSettled: () => setConfirming(null) })}
                    >
                      End access now
                    </Button>
                    <Button variant="ghost" size="sm" onClick={() => setConfirming(null)}>
                      Keep
                    </Button>
                  </div>
                ) : (
                  <Button variant="secondary" size="sm" onClick={() => setConfirming(grant.id)}>
                    Revoke
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
