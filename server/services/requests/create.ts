/**
 * A member asks for a permission (with its scope) for a while. Refused when
 * they already have it, or already asked for the same thing and are still
 * waiting; approvers are told at once.
 */
import type { AppDeps } from "../../deps";
import { AppError, isUniqueViolation } from "../../errors";
import { hasModule } from "#shared/permissions/access";
import { isRecordPermission, moduleDefinitions, moduleOf, ownerOnlyPermissions, scopeCovers } from "#shared/permissions/catalogue";
import { grantDurationLabels } from "#shared/permissions/durations";
import type { CreateRequestInput } from "../../schemas/requests";
import { recordAudit } from "../audit";
import { notify } from "../notifications";
import { inTransaction } from "../transaction";
import { approversFor } from "../../permissions/approve";
import type { WorkspaceCaller } from "../caller";
import { accessLabel, announceRequestChange, triagePageLink } from "./records";
import { expireRequestsDue } from "./expire";

export async function createPermissionRequest(deps: AppDeps, caller: WorkspaceCaller, input: CreateRequestInput): Promise<{ id: string }> {
  const { permission } = input;
  // Workspace permissions are yes/no: their scope is always "all".
  const scope = isRecordPermission(permission) ? input.scope : "all";
  if ((ownerOnlyPermissions as ReadonlySet<string>).has(permission)) {
    throw new AppError("REQUEST_NOT_REQUESTABLE", undefined, { permission });
  }
  const module = moduleOf(permission);
  if (module && !hasModule(caller.access, module)) {
    throw new AppError("MODULE_CLOSED", `The ${moduleDefinitions[module].label} module is not open to you, so this access would not help. Ask an admin to open the module first.`, { module, permission });
  }
  const held = caller.access.permissions[permission];
  if (held && scopeCovers(held, scope)) {
    throw new AppError("REQUEST_ALREADY_HELD", `You already have ${accessLabel(permission, held)}, so there is nothing to request.`, {
      permission,
      scope: held,
    });
  }

  try {
    return await inTransaction(deps, async (tx) => {
      // A request left undecided past its lifetime no longer blocks asking again.
      await expireRequestsDue(tx, { requesterMembershipId: caller.membershipId });
      const request = await tx.db
        .insertInto("permission_requests")
        .values({
          workspace_id: caller.workspace.id,
          requester_membership_id: caller.membershipId,
          permission,
          scope,
          reason: input.reason,
          duration: input.duration,
        })
        .returning(["id", "created_at", "expires_at"])
        .executeTakeFirstOrThrow();
      const label = accessLabel(permission, scope);
      await recordAudit(tx, {
        workspaceId: caller.workspace.id,
        actor: caller.actor,
        action: "request.created",
        targetType: "permission_request",
        targetId: request.id,
        targetLabel: label,
        after: { permission, scope, duration: input.duration, reason: input.reason, requesterMembershipId: caller.membershipId },
      });
      const routed = { id: request.id, workspaceId: caller.workspace.id, requesterMembershipId: caller.membershipId, permission, scope };
      const approvers = await approversFor(tx.db, routed);
      const requester = await tx.db.selectFrom("users").select("name").where("id", "=", caller.user.id).executeTakeFirstOrThrow();
      for (const approver of approvers) {
        await notify(tx, {
          userId: approver.userId,
          workspaceId: caller.workspace.id,
          kind: "request.created",
          title: `${requester.name} asks for ${label}`,
          body: `For ${grantDurationLabels[input.duration].toLowerCase()}. Reason: ${input.reason}`,
          link: triagePageLink(caller.workspace.slug),
        });
      }
      await announceRequestChange(tx, { ...routed, requesterUserId: caller.user.id }, "created");
      return { id: request.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, "permission_requests_one_pending")) {
      throw new AppError("REQUEST_DUPLICATE", `You have already asked for ${accessLabel(permission, scope)}. Your request is waiting for a decision.`, { permission, scope });
    }
    throw error;
  }
}
