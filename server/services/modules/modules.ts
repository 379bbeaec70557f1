/** The workspace-level module switch (admins), on top of per-member access. */
import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import { type ModuleKey, moduleDefinitions, moduleKeys } from "#shared/permissions/catalogue";
import { recordAudit } from "../audit";
import { inTransaction, nowIso } from "../transaction";
import type { WorkspaceCaller } from "../caller";

export interface WorkspaceModule {
  key: ModuleKey;
  label: string;
  description: string;
  enabled: boolean;
}

export async function listWorkspaceModules(deps: AppDeps, caller: WorkspaceCaller): Promise<WorkspaceModule[]> {
  const workspaceId = caller.workspace.id;
  const rows = await deps.db.selectFrom("workspace_modules").select(["module", "enabled"]).where("workspace_id", "=", workspaceId).execute();
  return moduleKeys.map((key) => ({
    key,
    label: moduleDefinitions[key].label,
    description: moduleDefinitions[key].description,
    enabled: rows.find((r) => r.module === key)?.enabled ?? true,
  }));
}

export async function setWorkspaceModule(deps: AppDeps, caller: WorkspaceCaller, input: { module: string; enabled: boolean }): Promise<{ module: string; enabled: boolean }> {
  return inTransaction(deps, async (tx) => {
    const before = await tx.db.selectFrom("workspace_modules").select("enabled").where("workspace_id", "=", caller.workspace.id).where("module", "=", input.module).forUpdate().executeTakeFirst();
    const wasEnabled = before?.enabled ?? true;
    if (wasEnabled === input.enabled) return input;
    await tx.db
      .insertInto("workspace_modules")
      .values({ workspace_id: caller.workspace.id, module: input.module, enabled: input.enabled })
      .onConflict((oc) => oc.columns(["workspace_id", "module"]).doUpdateSet({ enabled: sql`excluded.enabled` }))
      .execute();
    await recordAudit(tx, {
      workspaceId: caller.workspace.id,
      actor: caller.actor,
      action: input.enabled ? "module.enabled" : "module.disabled",
      targetType: "module",
      targetId: input.module,
      targetLabel: moduleDefinitions[input.module as ModuleKey]?.label ?? input.module,
      before: { enabled: wasEnabled },
      after: { enabled: input.enabled },
    });
    // Everyone's navigation and module access changed.
    const at = nowIso();
    tx.emit({ kind: "workspace", workspaceId: caller.workspace.id }, { type: "workspace.changed", workspaceId: caller.workspace.id, at });
    tx.emit({ kind: "workspace", workspaceId: caller.workspace.id }, { type: "access.changed", workspaceId: caller.workspace.id, at });
    return input;
  });
}
