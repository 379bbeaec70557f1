/**
 * Every call that tries to change something while an owner views the app
 * as a member leaves a line naming both people, whether or not the change
 * itself writes its own audit entry, and whether or not it was allowed.
 */
import type { AppDeps } from "../../deps";
import { type Actor, recordAudit } from "../audit";
import { inTransaction } from "../transaction";

export async function recordImpersonatedAction(
  deps: AppDeps,
  workspaceId: string,
  actor: Actor,
  procedure: string,
  succeeded: boolean,
): Promise<void> {
  await inTransaction(deps, (tx) =>
    recordAudit(tx, {
      workspaceId,
      actor,
      action: "impersonation.action",
      targetType: "procedure",
      targetId: procedure,
      targetLabel: procedure,
      after: { succeeded },
    }),
  );
}
