/** Story helpers for invitations: who invites, and reading the emailed link back. */
import type { AppDeps } from "#server/deps";
import { callerAs, createUser, createWorkspaceOwnedBy } from "./fixtures";
import { newestMail, tokenIn } from "./mailbox";
import type { TestServer } from "./server";

export async function roleIdsByKey(deps: AppDeps, workspaceId: string): Promise<Record<string, string>> {
  const rows = await deps.db.selectFrom("roles").select(["id", "builtin_key"]).where("workspace_id", "=", workspaceId).execute();
  return Object.fromEntries(rows.filter((r) => r.builtin_key).map((r) => [r.builtin_key as string, r.id]));
}

/** A new workspace whose Owner, Olivia, is about to invite: its built-in roles' ids and her in-process caller. */
export async function invitingOwner(deps: AppDeps, workspaceName: string) {
  const owner = await createUser(deps, { name: "Olivia Owner" });
  const ws = await createWorkspaceOwnedBy(deps, owner, workspaceName);
  const roles = await roleIdsByKey(deps, ws.id);
  const caller = await callerAs(deps, owner);
  return { owner, ws, roles, caller };
}

/** Puts a workspace on a paid plan after its trial, so the plan's seat limit applies. */
export async function endTrialOn(deps: AppDeps, workspaceId: string, plan: "starter" | "professional" | "enterprise"): Promise<void> {
  await deps.db
    .updateTable("workspaces")
    .set({ plan, trial_ends_at: new Date(Date.now() - 86_400_000) })
    .where("id", "=", workspaceId)
    .execute();
}

/** Lets an invitation lapse without waiting: its expiry moves a second into the past (no expiry sweep has run yet). */
export async function lapseInvitation(deps: AppDeps, which: { email: string } | { id: string }): Promise<void> {
  const query = deps.db.updateTable("invitations").set({ expires_at: new Date(Date.now() - 1000) });
  await ("id" in which ? query.where("id", "=", which.id) : query.where("email", "=", which.email)).execute();
}

/** Sends due mail, then returns the token of the newest invitation email to `to` in the development mailbox. */
export async function tokenFromMailbox(server: TestServer, to: string): Promise<string> {
  return tokenIn(await newestMail(server, to, /^You've been invited to /), "/invite/");
}
