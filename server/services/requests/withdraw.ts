/** A member takes back their own pending request. */
import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import { recordAudit } from "../audit";
import { inTransaction } from "../transaction";
import type { WorkspaceCaller } from "../caller";
import { accessLabel, announceRequestChange, lockRequest } from "./records";

export async function withdrawPermissionRequest(deps: AppDeps, caller: WorkspaceCaller, requestId: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const request = await lockRequest(tx, caller.workspace.id, requestId);
    // Someone else's request answers "not found": its existence is not the caller's business.
    if (!request || request.requesterMembershipId !== caller.membershipId) {
      throw new AppError("NOT_FOUND", "We couldn't find that request.");
    }
    if (request.status !== "pending") {
      throw new AppError("REQUEST_ALREADY_DECIDED", `This request was already ${request.status}.`, { status: request.status });
    }
    await tx.db
      .updateTable("permission_requests")
      .set({ status: "withdrawn", decided_at: sql<Date>`now()` })
      .where("id", "=", request.id)
      .execute();
    await recordAudit(tx, {
      workspaceId: request.workspaceId,
      actor: caller.actor,
      action: "request.withdrawn",
      targetType: "permission_request",
      targetId: request.id,
      targetLabel: accessLabel(request.permission, request.scope),
      before: { status: "pending" },
      after: { status: "withdrawn" },
    });
    await announceRequestChange(tx, request, "withdrawn");
  });
}
