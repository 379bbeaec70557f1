/**
 * The parts of the member's own requests page
 * (app/routes/w.$slug.requests.tsx): one item per request, with what became of
 * it.
 */
import { grantDurationLabels } from "#shared/permissions/durations";
import { accessWords, statusWords } from "./words";
import { Time, TimeUntil } from "../../lib/time";
import { Badge, Button } from "../ui";
import { usePageRefresh } from "../../lib/liveRefresh";
import { type RouterOutputs, trpc } from "../../lib/trpc";

type MyRequest = RouterOutputs["requests"]["mine"][number];

export function Outcome({ request }: { request: MyRequest }) {
  if (request.status === "pending") {
    return (
      <p className="text-slate-600">
        Expires <TimeUntil value={request.expiresAt} /> if nobody decides.
      </p>
    );
  }
  if (request.status === "approved") {
    const grant = request.grant;
    const ends = grant?.revokedAt ? (
      <>
        Revoked <Time value={grant.revokedAt} style="dayTime" />.
      </>
    ) : grant?.endsAt ? (
      grant.active ? (
        <>
          Access ends <TimeUntil value={grant.endsAt} /> (<Time value={grant.endsAt} style="dayTime" />
          ).
        </>
      ) : (
        <>
          Access ended <Time value={grant.endsAt} style="dayTime" />.
        </>
      )
    ) : (
      "Access is permanent."
    );
    return (
      <p className="text-slate-600">
        Approved by {request.decidedBy ?? "someone no longer here"}
        {request.grantedDuration && request.grantedDuration !== request.duration ? ` for ${grantDurationLabels[request.grantedDuration].toLowerCase()}` : ""}. {ends}
      </p>
    );
  }
  if (request.status === "denied") {
    return <p className="text-slate-600">Denied by {request.decidedBy ?? "someone no longer here"}.</p>;
  }
  if (request.status === "expired") return <p className="text-slate-600">Nobody decided within 14 days.</p>;
  return null;
}

export function MyRequestItem({ request, workspaceSlug }: { request: MyRequest; workspaceSlug: string }) {
  const withdraw = trpc.requests.withdraw.useMutation({ onSettled: usePageRefresh() });
  const words = accessWords(request.permission, request.scope);
  const status = statusWords[request.status] ?? { label: request.status, tone: "slate" as const };
  return (
    <li className="px-4 py-4 sm:px-5" data-testid="my-request" data-status={request.status} data-permission={request.permission}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium text-slate-900">{words.label}</p>
          <p className="text-sm text-slate-500">
            {words.scope ? `${words.scope} · ` : ""}
            {grantDurationLabels[request.duration]} · asked <Time value={request.createdAt} style="dayTime" />
          </p>
        </div>
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>
      <p className="mt-2 text-sm text-slate-700">“{request.reason}”</p>
      <div className="mt-2 text-sm">
        <Outcome request={request} />
        {request.decisionNote ? <p className="mt-1 text-slate-700">Note: {request.decisionNote}</p> : null}
      </div>
      {request.status === "pending" ? (
        <div className="mt-3">
          <Button variant="secondary" size="sm" busy={withdraw.isPending} onClick={() => withdraw.mutate({ workspaceSlug, requestId: request.id })}>
            Withdraw
          </Button>
          {withdraw.error ? <p className="mt-1 text-sm text-red-600">{withdraw.error.message}</p> : null}
        </div>
      ) : null}
    </li>
  );
}
