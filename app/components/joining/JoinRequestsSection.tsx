/**
 * Requests to join (through an invite link that requires approval, or a
 * verified domain in "request" mode), for whoever may invite: pending first,
 * live as people ask and as other Admins decide.
 */
import { useState } from "react";
import { Avatar, Badge, Button, Card, EmptyState, ErrorAlert, SectionHeader } from "../ui";
import { Time } from "../../lib/time";
import { usePageRefresh } from "../../lib/liveRefresh";
import { type RouterOutputs, trpc } from "../../lib/trpc";

const statusWords = {
  pending: { label: "Waiting", tone: "amber" },
  approved: { label: "Approved", tone: "green" },
  denied: { label: "Denied", tone: "red" },
  cancelled: { label: "Withdrawn", tone: "slate" },
} as const;

/** The requests come from the page's loader; the page refreshes on `join_request.changed`. */
export function JoinRequestsSection({ workspaceSlug, requests }: { workspaceSlug: string; requests: RouterOutputs["joinRequests"]["list"] }) {
  const [refusal, setRefusal] = useState<string | null>(null);
  const refresh = usePageRefresh();
  const onError = (error: { message: string }) => setRefusal(error.message);
  const approve = trpc.joinRequests.approve.useMutation({ onSettled: refresh, onError, onSuccess: () => setRefusal(null) });
  const deny = trpc.joinRequests.deny.useMutation({ onSettled: refresh, onError, onSuccess: () => setRefusal(null) });
  const pending = requests.filter((r) => r.status === "pending").length;
  return (
    <Card className="mb-8">
      <SectionHeader title="Requests to join">
        {pending === 0 ? "No one is waiting. People who ask through a link or your domain appear here at once." : `${pending} ${pending === 1 ? "person is" : "people are"} waiting for a decision.`}
      </SectionHeader>
      <ErrorAlert message={refusal} className="m-4" />
      {requests.length === 0 ? (
        <EmptyState title="No requests yet" />
      ) : (
        <ul className="divide-y divide-slate-100" aria-live="polite">
          {requests.map((request) => {
            const status = statusWords[request.status];
            return (
              <li key={request.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-5" data-testid="join-request" data-email={request.email} data-status={request.status}>
                <div className="flex min-w-0 items-center gap-3">
                  <Avatar name={request.name} size="sm" />
                  <div className="min-w-0">
                    <p className="font-medium text-slate-900">
                      {request.name} <span className="font-normal text-slate-500">({request.email})</span>
                    </p>
                    <p className="text-sm text-slate-500">
                      As {request.roleName}, through {request.via} · <Time value={request.createdAt} style="dayTime" />
                      {request.decidedBy ? ` · ${status.label.toLowerCase()} by ${request.decidedBy}` : ""}
                    </p>
                  </div>
                </div>
                {request.status === "pending" ? (
                  <div className="flex gap-2">
                    <Button size="sm" busy={approve.isPending && approve.variables?.requestId === request.id} onClick={() => approve.mutate({ workspaceSlug, requestId: request.id })}>
                      Approve
                    </Button>
                    <Button size="sm" variant="secondary" busy={deny.isPending && deny.variables?.requestId === request.id} onClick={() => deny.mutate({ workspaceSlug, requestId: request.id })}>
                      Deny
                    </Button>
                  </div>
                ) : (
                  <Badge tone={status.tone}>{status.label}</Badge>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
