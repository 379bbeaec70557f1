/**
 * A member leaves a workspace themselves. Like a removal (their records
 * stay, their reports move up to their own manager, their access ends at
 * commit), except that nobody else did it. The last Owner can't leave: they
 * transfer ownership first.
 */
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import { assertOwnerRemains, lockWorkspaceAccess } from "../../permissions/rails";
import { recordAudit } from "../audit";
import { endViewsAfterMemberChange } from "../impersonation/end";
import { notify } from "../notifications";
import { inTransaction, nowIso } from "../transaction";
import { loadMemberTarget } from "./target";
import type { WorkspaceCaller } from "../caller";

export async function leaveWorkspace(deps: AppDeps, caller: WorkspaceCaller): Promise<{ left: true }> {
  return inTransaction(deps, async (tx) => {
    await lockWorkspaceAccess(tx.db, caller.workspace.id);
    const me = await loadMemberTarget(tx.db, caller.workspace.id, caller.membershipId);
    if (me.isOwner) {
      const others = await tx.db
        .selectFrom("membership_roles as mr")
        .innerJoin("roles as r", "r.id", "mr.role_id")
        .innerJoin("memberships as m", "m.id", "mr.membership_id")
        .select("m.id")
        .where("mr.workspace_id", "=", caller.workspace.id)
        .where("r.builtin_key", "=", "owner")
        .where("m.status", "=", "active")
        .where("m.id", "<>", me.id)
        .limit(1)
        .executeTakeFirst();
      if (!others) throw new AppError("LAST_OWNER_CANNOT_LEAVE");
    }
    await tx.db.updateTable("memberships").set({ status: "removed", removed_at: new Date(), manager_id: null }).where("id", "=", me.id).execute();
    const reports = await tx.db.updateTable("memberships").set({ manager_id: me.managerId }).where("manager_id", "=", me.id).returning("id").execute();
    await assertOwnerRemains(tx.db, caller.workspace.id);
    // Like a removal: views they started (in any session) and views of them end now (permissions/viewAs.ts).
    await endViewsAfterMemberChange(tx, caller.workspace.id, { membershipId: me.id, userId: me.userId }, caller.actor);
    await recordAudit(tx, {
      workspaceId: caller.workspace.id,
      actor: caller.actor,
      action: "member.left",
      targetType: "membership",
      targetId: me.id,
      targetLabel: me.name,
      before: { status: "active", roleIds: me.roles.map((r) => r.id), managerId: me.managerId, departmentId: me.departmentId },
      after: { status: "removed", reportsMovedTo: me.managerId, reportsMoved: reports.length },
    });
    // Their manager hears about it: their team just changed.
    if (me.managerId) {
      const manager = await tx.db.selectFrom("memberships").select("user_id").where("id", "=", me.managerId).where("status", "=", "active").executeTakeFirst();
      const { workspace } = caller;
      if (manager) {
        await notify(tx, {
          userId: manager.user_id,
          workspaceId: caller.workspace.id,
          kind: "member.left",
          title: `${me.name} left ${workspace.name}`,
          body: reports.length > 0 ? `The ${reports.length} ${reports.length === 1 ? "person" : "people"} who reported to them now report to you.` : "",
          link: `/w/${workspace.slug}/members`,
        });
      }
    }
    const at = nowIso();
    tx.refreshRooms(me.userId);
    tx.emit({ kind: "users", userIds: [me.userId] }, { type: "workspace.left", workspaceId: caller.workspace.id, reason: "left", at });
    tx.emit({ kind: "workspace", workspaceId: caller.workspace.id, permission: "members.view" }, { type: "member.changed", change: "removed", workspaceId: caller.workspace.id, membershipId: me.id, at });
    return { left: true as const };
  });
}
