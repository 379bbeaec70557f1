/**
 * What a member hears about changes to their own access: their roles
 * changed, or they were removed from a workspace. Nobody is told about
 * what they did to themselves.
 */
import { sql } from "kysely";
import type { Actor } from "../audit";
import { notify } from "../notifications";
import type { Tx } from "../transaction";

async function workspaceOf(tx: Tx, workspaceId: string) {
  return tx.db.selectFrom("workspaces").select(["name", "slug"]).where("id", "=", workspaceId).executeTakeFirstOrThrow();
}

export async function noticeRolesChanged(tx: Tx, input: { workspaceId: string; userId: string; actor: Actor; roleIds: string[]; primaryRoleId: string }) {
  if (input.actor.userId === input.userId) return;
  // The workspace's name and the roles' names in one round trip (the roles as the list did: by name).
  const workspace = await tx.db
    .selectFrom("workspaces as w")
    .select(["w.name", "w.slug"])
    .select(
      sql<Array<{ id: string; name: string }>>`coalesce((select jsonb_agg(jsonb_build_object('id', r.id, 'name', r.name) order by r.name) from roles r where r.id = any(${input.roleIds}::uuid[])), '[]'::jsonb)`.as(
        "roles",
      ),
    )
    .where("w.id", "=", input.workspaceId)
    .executeTakeFirstOrThrow();
  const names = [...workspace.roles].sort((a, b) => (a.id === input.primaryRoleId ? -1 : b.id === input.primaryRoleId ? 1 : 0)).map((r) => r.name);
  await notify(tx, {
    userId: input.userId,
    workspaceId: input.workspaceId,
    kind: "member.roles_changed",
    title: `Your roles in ${workspace.name} changed`,
    body: `You now hold: ${names.join(", ")}.`,
    link: `/w/${workspace.slug}`,
  });
}

export async function noticeRemoved(tx: Tx, input: { workspaceId: string; userId: string; actor: Actor }) {
  if (input.actor.userId === input.userId) return;
  const workspace = await workspaceOf(tx, input.workspaceId);
  // Not tied to the workspace: they can no longer open it, and it must outlive their membership there.
  await notify(tx, {
    userId: input.userId,
    workspaceId: null,
    kind: "member.removed",
    title: `You were removed from ${workspace.name}`,
    body: "Your account and your other workspaces are unchanged.",
  });
}
