/** Story helpers for invitations: who invites, and reading the emailed link back. */
import type { AppDeps } from "#server/deps";
import { newestMail, tokenIn } from "./mailbox";
import type { TestServer } from "./server";

export async function roleIdsByKey(deps: AppDeps, workspaceId: string): Promise<Record<string, string>> {
  const rows = await deps.db.selectFrom("roles").select(["id", "builtin_key"]).where("workspace_id", "=", workspaceId).execute();
  return Object.fromEntries(rows.filter((r) => r.builtin_key).map((r) => [r.builtin_key as string, r.id]));
}

/** Puts a workspace on a paid plan after its trial, so the plan's seat limit applies. */
export async function endTrialOn(deps: AppDeps, workspaceId: string, plan: "starter" | "professional" | "enterprise"): Promise<void> {
  await deps.db
    .updateTable("workspaces")
    .set({ plan, trial_ends_at: new Date(Date.now() - 86_400_000) })
    .where("id", "=", workspaceId)
    .execute();
}

/** Sends due mail, then returns the token of the newest invitation email to `to` in the development mailbox. */
export async function tokenFromMailbox(server: TestServer, to: string): Promise<string> {
  return tokenIn(await newestMail(server, to, /^You've been invited to /), "/invite/");
}
