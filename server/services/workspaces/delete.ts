/**
 * Deleting a workspace: owner only, confirmed by typing its name. One
 * DELETE of the workspace row removes everything of it in the same
 * transaction, because every table that holds workspace data references
 * the workspace (directly or through a row that does) with ON DELETE
 * CASCADE; tests/workspace-deletion.test.ts checks that for every table.
 * Users' accounts and their other workspaces remain. One audit entry
 * survives, outside the workspace (workspace_id null, target the workspace).
 */
import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import { recordAudit } from "../audit";
import { notify } from "../notifications";
import { inTransaction, nowIso } from "../transaction";
import type { WorkspaceCaller } from "../caller";

export async function deleteWorkspace(deps: AppDeps, caller: WorkspaceCaller, input: { confirmName: string }): Promise<{ deleted: true }> {
  const { actor } = caller;
  const workspaceId = caller.workspace.id;
  return inTransaction(deps, async (tx) => {
    const workspace = await tx.db.selectFrom("workspaces").select(["id", "name", "slug", "plan", "created_at"]).where("id", "=", workspaceId).forUpdate().executeTakeFirst();
    if (!workspace) throw new AppError("NOT_FOUND");
    if (input.confirmName.trim() !== workspace.name.trim()) {
      throw new AppError("WORKSPACE_NAME_MISMATCH", undefined, { field: "confirmName" });
    }
    const members = await tx.db.selectFrom("memberships").select("user_id").where("workspace_id", "=", workspaceId).where("status", "=", "active").execute();

    // The audit log refuses deletes except for the workspace named here, in this transaction only.
    await sql`select set_config('team_access.deleting_workspace', ${workspaceId}, true)`.execute(tx.db);
    await tx.db.deleteFrom("workspaces").where("id", "=", workspaceId).execute();
    await sql`select set_config('team_access.deleting_workspace', '', true)`.execute(tx.db);

    await recordAudit(tx, {
      workspaceId: null,
      actor,
      action: "workspace.deleted",
      targetType: "workspace",
      targetId: workspaceId,
      targetLabel: workspace.name,
      before: { name: workspace.name, slug: workspace.slug, plan: workspace.plan, activeMembers: members.length, createdAt: workspace.created_at },
    });

    const userIds = members.map((m) => m.user_id);
    for (const userId of userIds) {
      if (userId === caller.user.id) continue;
      await notify(tx, {
        userId,
        workspaceId: null,
        kind: "workspace.deleted",
        title: `${workspace.name} was deleted`,
        body: `${caller.user.name} deleted the workspace ${workspace.name}. Your account and your other workspaces are unchanged.`,
      });
    }
    // Open pages leave the workspace; sockets drop its rooms.
    if (userIds.length > 0) {
      tx.emit({ kind: "users", userIds }, { type: "workspace.left", workspaceId, reason: "deleted", at: nowIso() });
    }
    for (const userId of userIds) tx.refreshRooms(userId);
    return { deleted: true as const };
  });
}
