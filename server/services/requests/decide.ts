/**
 * Approving or denying a request. The request row is locked first, so of
 * two deciders acting at once the first wins and the second is told who
 * decided. Approval creates the grant with its end time; the requester is
 * told in the app and by email (through the durable outbox).
 */
import { sql } from "kysely";
import { enqueueEmail } from "#emails/outbox";
import { renderRequestDecided } from "#emails/templates/requestDecided";
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import { isPermission, type Permission } from "#shared/permissions/catalogue";
import { formatEmailTime } from "#shared/time/format";
import { type GrantDuration, grantDurationDays, grantDurationLabels, isNoLongerThan } from "#shared/permissions/durations";
import { assertMayGive } from "../../permissions/giveRefusals";
import { type Actor, recordAudit } from "../audit";
import { realSender } from "../realSender";
import { notify } from "../notifications";
import { inTransaction, type Tx } from "../transaction";
import { decidesFor } from "../../permissions/approve";
import type { WorkspaceCaller } from "../caller";
import { accessLabel, announceAccessChange, announceRequestChange, lockRequest, type RequestForDecision, requestsPageLink } from "./records";

const statusWords: Record<string, string> = {
  approved: "approved",
  denied: "denied",
  expired: "expired",
  withdrawn: "withdrawn by the requester",
};

/** Everything that must hold before this caller decides this request; throws the reason otherwise. */
async function assertMayDecide(tx: Tx, caller: WorkspaceCaller, request: RequestForDecision | null): Promise<RequestForDecision> {
  if (!request) throw new AppError("NOT_FOUND", "We couldn't find that request. It may have been removed.");
  if (request.requesterMembershipId === caller.membershipId) throw new AppError("REQUEST_SELF_DECISION");
  if (!(await decidesFor(tx.db, caller, request.requesterMembershipId))) {
    throw new AppError("REQUEST_NOT_APPROVER");
  }
  if (request.status !== "pending") {
    const by = request.decidedByName && (request.status === "approved" || request.status === "denied") ? ` by ${request.decidedByName}` : "";
    throw new AppError("REQUEST_ALREADY_DECIDED", `This request was already ${statusWords[request.status] ?? request.status}${by}.`, {
      status: request.status,
    });
  }
  if (request.expired) throw new AppError("REQUEST_EXPIRED");
  if (!request.requesterActive) throw new AppError("REQUEST_REQUESTER_GONE");
  if (!isPermission(request.permission)) throw new AppError("NOT_FOUND", "That access no longer exists in this workspace.");
  // The one rule for giving: only what the approver's roles give them (never a grant of their own), owner-only by Owners.
  assertMayGive(caller, { permissions: [{ permission: request.permission as Permission, scope: request.scope }] }, [request.requesterMembershipId], "approval");
  return request;
}

async function deciderName(tx: Tx, userId: string): Promise<string> {
  const row = await tx.db.selectFrom("users").select("name").where("id", "=", userId).executeTakeFirstOrThrow();
  return row.name;
}

/** In the requester's time zone when their browser reported one, else UTC; named either way. */
function whenText(endsAt: Date | null, duration: GrantDuration, timeZone: string | null): string {
  if (!endsAt) return "permanently";
  return `for ${grantDurationLabels[duration].toLowerCase()} (until ${formatEmailTime(endsAt, timeZone ?? undefined)})`;
}

export async function approvePermissionRequest(deps: AppDeps, caller: WorkspaceCaller, input: { requestId: string; duration?: GrantDuration; note?: string }): Promise<{ grantId: string; endsAt: string | null }> {
  return inTransaction(deps, async (tx) => {
    const request = await assertMayDecide(tx, caller, await lockRequest(tx, caller.workspace.id, input.requestId));
    const duration = input.duration ?? request.duration;
    if (!isNoLongerThan(duration, request.duration)) {
      throw new AppError("REQUEST_DURATION_LONGER", `They asked for ${grantDurationLabels[request.duration].toLowerCase()}; you can shorten that, but not lengthen it.`);
    }
    const note = input.note?.trim() ? input.note.trim() : null;
    await tx.db
      .updateTable("permission_requests")
      .set({
        status: "approved",
        decided_by_membership_id: caller.membershipId,
        decided_at: sql<Date>`now()`,
        decision_note: note,
        granted_duration: duration,
      })
      .where("id", "=", request.id)
      .execute();
    const days = grantDurationDays[duration];
    const grant = await tx.db
      .insertInto("permission_grants")
      .values({
        workspace_id: request.workspaceId,
        membership_id: request.requesterMembershipId,
        permission: request.permission,
        scope: request.scope,
        request_id: request.id,
        granted_by_membership_id: caller.membershipId,
        ends_at: days === null ? null : sql<Date>`now() + ${`${days} days`}::interval`,
      })
      .returning(["id", "ends_at"])
      .executeTakeFirstOrThrow();

    const label = accessLabel(request.permission, request.scope);
    await recordAudit(tx, {
      workspaceId: request.workspaceId,
      actor: caller.actor,
      action: "request.approved",
      targetType: "permission_request",
      targetId: request.id,
      targetLabel: label,
      before: { status: "pending", duration: request.duration },
      after: { status: "approved", duration, note },
    });
    await recordAudit(tx, {
      workspaceId: request.workspaceId,
      actor: caller.actor,
      action: "grant.created",
      targetType: "permission_grant",
      targetId: grant.id,
      targetLabel: label,
      after: {
        membershipId: request.requesterMembershipId,
        permission: request.permission,
        scope: request.scope,
        endsAt: grant.ends_at,
        requestId: request.id,
      },
    });

    const decider = await deciderName(tx, caller.user.id);
    const durationText = whenText(grant.ends_at, duration, request.requesterTimeZone);
    await tellRequester(tx, deps, request, { outcome: "approved", decider, durationText, note, label, actor: caller.actor });
    announceAccessChange(tx, request.workspaceId, request.requesterUserId);
    await announceRequestChange(tx, request, "approved", [caller.user.id]);
    return { grantId: grant.id, endsAt: grant.ends_at ? grant.ends_at.toISOString() : null };
  });
}

export async function denyPermissionRequest(deps: AppDeps, caller: WorkspaceCaller, input: { requestId: string; note: string }): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const request = await assertMayDecide(tx, caller, await lockRequest(tx, caller.workspace.id, input.requestId));
    await tx.db
      .updateTable("permission_requests")
      .set({ status: "denied", decided_by_membership_id: caller.membershipId, decided_at: sql<Date>`now()`, decision_note: input.note })
      .where("id", "=", request.id)
      .execute();
    const label = accessLabel(request.permission, request.scope);
    await recordAudit(tx, {
      workspaceId: request.workspaceId,
      actor: caller.actor,
      action: "request.denied",
      targetType: "permission_request",
      targetId: request.id,
      targetLabel: label,
      before: { status: "pending" },
      after: { status: "denied", note: input.note },
    });
    const decider = await deciderName(tx, caller.user.id);
    await tellRequester(tx, deps, request, { outcome: "denied", decider, durationText: null, note: input.note, label, actor: caller.actor });
    await announceRequestChange(tx, request, "denied", [caller.user.id]);
  });
}

async function tellRequester(
  tx: Tx,
  deps: AppDeps,
  request: RequestForDecision,
  decision: { outcome: "approved" | "denied"; decider: string; durationText: string | null; note: string | null; label: string; actor: Actor },
): Promise<void> {
  const approved = decision.outcome === "approved";
  await notify(tx, {
    userId: request.requesterUserId,
    workspaceId: request.workspaceId,
    kind: "request.decided",
    title: approved ? `${decision.decider} approved your request for ${decision.label}` : `${decision.decider} did not approve your request for ${decision.label}`,
    body: [approved ? `Access ${decision.durationText ?? ""}.`.replace(" .", ".") : null, decision.note ? `Note: ${decision.note}` : null].filter(Boolean).join(" "),
    link: requestsPageLink(request.workspaceSlug),
  });
  await enqueueEmail(tx, {
    workspaceId: request.workspaceId,
    kind: "request_decided",
    referenceId: request.id,
    to: request.requesterEmail,
    from: deps.config.email.from,
    message: renderRequestDecided({
      requesterName: request.requesterName,
      workspaceName: request.workspaceName,
      accessLabel: decision.label,
      outcome: decision.outcome,
      deciderName: decision.decider,
      durationText: decision.durationText,
      note: decision.note,
      url: `${deps.config.publicOrigin}${requestsPageLink(request.workspaceSlug)}`,
      sentBy: await realSender(tx.db, decision.actor, decision.actor.userId),
    }),
  });
}
