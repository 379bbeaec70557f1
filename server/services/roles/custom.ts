/**
 * Roles: the five built-in ones (read-only) and the workspace's custom roles.
 * Creating or editing a role never puts into it access the editor lacks;
 * deleting one that members hold says what happens to them, and nobody is
 * left without a role.
 */
import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import { AppError, isUniqueViolation } from "../../errors";
import { isPermission, type Permission, type Scope, scopeCovers } from "#shared/permissions/catalogue";
import { assertMayGive, assertNoOwnerPower } from "../../permissions/giveRefusals";
import { assertMayGiveRoles, lockWorkspaceAccess } from "../../permissions/rails";
import { recordAudit } from "../audit";
import { inTransaction, nowIso, type Tx } from "../transaction";
import type { WorkspaceCaller } from "../caller";

export interface RoleSummary {
  id: string;
  name: string;
  description: string;
  builtinKey: string | null;
  grants: Array<{ permission: string; scope: Scope }>;
  holderCount: number;
  holders: Array<{ membershipId: string; name: string; isPrimary: boolean }>;
}

/** Active members holding the role: editing it gives to them, and changes their access. */
async function activeHolders(tx: Tx, roleId: string): Promise<Array<{ membershipId: string; userId: string }>> {
  return tx.db
    .selectFrom("membership_roles as mr")
    .innerJoin("memberships as m", "m.id", "mr.membership_id")
    .select(["m.id as membershipId", "m.user_id as userId"])
    .where("mr.role_id", "=", roleId)
    .where("m.status", "=", "active")
    .execute();
}

/** What the edit adds: permissions the role did not carry, or carried at a narrower scope. */
function addedBy(before: Array<{ permission: string; scope: Scope }>, after: Array<{ permission: Permission; scope: Scope }>) {
  return after.filter((g) => {
    const old = before.find((b) => b.permission === g.permission);
    return !old || !isPermission(old.permission) || !scopeCovers(old.scope, g.scope);
  });
}

/** The order roles are listed in everywhere: the built-in five in rank, then custom roles by name (needs `r`). */
export const builtInOrder = sql`array_position(array['owner','admin','manager','member','viewer'], r.builtin_key)`;

/** Every role with its permissions and (the first few of) who holds it. */
export async function listRoles(deps: AppDeps, caller: WorkspaceCaller): Promise<RoleSummary[]> {
  const workspaceId = caller.workspace.id;
  const result = await sql<RoleSummary>`
    select r.id, r.name, r.description, r.builtin_key as "builtinKey",
      coalesce((select json_agg(json_build_object('permission', rp.permission, 'scope', rp.scope) order by rp.permission)
                from role_permissions rp where rp.role_id = r.id), '[]'::json) as grants,
      (select count(*)::int from membership_roles mr join memberships m on m.id = mr.membership_id
        where mr.role_id = r.id and m.status = 'active') as "holderCount",
      coalesce((select json_agg(h) from (
        select m.id as "membershipId", u.name, mr.is_primary as "isPrimary"
        from membership_roles mr join memberships m on m.id = mr.membership_id join users u on u.id = m.user_id
        where mr.role_id = r.id and m.status = 'active'
        order by lower(u.name), m.id limit 50) h), '[]'::json) as holders
    from roles r
    where r.workspace_id = ${workspaceId}
    order by r.builtin_key is null, ${builtInOrder}, lower(r.name)
  `.execute(deps.db);
  return result.rows;
}

async function loadCustomRole(tx: Tx, workspaceId: string, roleId: string) {
  const role = await tx.db.selectFrom("roles").select(["id", "name", "description", "builtin_key"]).where("workspace_id", "=", workspaceId).where("id", "=", roleId).forUpdate().executeTakeFirst();
  if (!role) throw new AppError("NOT_FOUND", "We couldn't find that role in this workspace.");
  if (role.builtin_key) throw new AppError("BUILT_IN_ROLE");
  const grants = await tx.db.selectFrom("role_permissions").select(["permission", "scope"]).where("role_id", "=", role.id).orderBy("permission").execute();
  return { ...role, grants };
}

/** Everyone holding the role: their access changes with it. */
async function announceRoleHolders(tx: Tx, workspaceId: string, roleId: string): Promise<void> {
  const holders = await activeHolders(tx, roleId);
  const at = nowIso();
  for (const h of holders) tx.refreshRooms(h.userId);
  if (holders.length > 0) tx.emit({ kind: "users", userIds: holders.map((h) => h.userId) }, { type: "access.changed", workspaceId, at });
}

function translateNameConflict(error: unknown): never {
  if (isUniqueViolation(error, "roles_name_unique")) throw new AppError("ROLE_NAME_TAKEN");
  throw error;
}

async function insertGrants(tx: Tx, roleId: string, grants: Array<{ permission: Permission; scope: Scope }>): Promise<void> {
  if (grants.length === 0) return;
  await tx.db
    .insertInto("role_permissions")
    .values(grants.map((g) => ({ role_id: roleId, permission: g.permission, scope: g.scope })))
    .execute();
}

export async function createRole(deps: AppDeps, caller: WorkspaceCaller, input: { name: string; description: string; grants: Array<{ permission: Permission; scope: Scope }> }): Promise<{ id: string }> {
  assertNoOwnerPower(input.grants);
  // A new role is held by no one yet: only what the creator's roles give may go in it.
  assertMayGive(caller, { permissions: input.grants }, []);
  return inTransaction(deps, async (tx) => {
    const role = await tx.db.insertInto("roles").values({ workspace_id: caller.workspace.id, name: input.name, description: input.description }).returning("id").executeTakeFirstOrThrow();
    await insertGrants(tx, role.id, input.grants);
    await recordAudit(tx, {
      workspaceId: caller.workspace.id,
      actor: caller.actor,
      action: "role.created",
      targetType: "role",
      targetId: role.id,
      targetLabel: input.name,
      after: { name: input.name, description: input.description, grants: input.grants },
    });
    tx.emit({ kind: "workspace", workspaceId: caller.workspace.id, permission: "members.view" }, { type: "workspace.changed", workspaceId: caller.workspace.id, at: nowIso() });
    return { id: role.id };
  }).catch(translateNameConflict);
}

export async function updateRole(deps: AppDeps, caller: WorkspaceCaller, input: { roleId: string; name: string; description: string; grants: Array<{ permission: Permission; scope: Scope }> }): Promise<{ id: string }> {
  return inTransaction(deps, async (tx) => {
    await lockWorkspaceAccess(tx.db, caller.workspace.id);
    assertNoOwnerPower(input.grants);
    const role = await loadCustomRole(tx, caller.workspace.id, input.roleId);
    // The editor must be able to give what the role gives after the edit, and what it gave before
    // (otherwise an admin could strip access they could never give back). What the edit adds is
    // given to everyone holding the role, so never to the editor themselves.
    await assertMayGiveRoles(tx.db, caller.workspace.id, caller, [role.id]);
    const added = addedBy(role.grants, input.grants);
    assertMayGive(caller, { permissions: input.grants }, added.length > 0 ? (await activeHolders(tx, role.id)).map((h) => h.membershipId) : []);
    await tx.db.updateTable("roles").set({ name: input.name, description: input.description, updated_at: new Date() }).where("id", "=", role.id).execute();
    await tx.db.deleteFrom("role_permissions").where("role_id", "=", role.id).execute();
    await insertGrants(tx, role.id, input.grants);
    await recordAudit(tx, {
      workspaceId: caller.workspace.id,
      actor: caller.actor,
      action: "role.updated",
      targetType: "role",
      targetId: role.id,
      targetLabel: input.name,
      before: { name: role.name, description: role.description, grants: role.grants },
      after: { name: input.name, description: input.description, grants: input.grants },
    });
    await announceRoleHolders(tx, caller.workspace.id, role.id);
    tx.emit({ kind: "workspace", workspaceId: caller.workspace.id, permission: "members.view" }, { type: "workspace.changed", workspaceId: caller.workspace.id, at: nowIso() });
    return { id: role.id };
  }).catch(translateNameConflict);
}

export async function deleteRole(deps: AppDeps, caller: WorkspaceCaller, input: { roleId: string; holders?: { action: "reassign"; roleId: string } | { action: "drop" } }): Promise<{ id: string; holdersMoved: number }> {
  return inTransaction(deps, async (tx) => {
    await lockWorkspaceAccess(tx.db, caller.workspace.id);
    const role = await loadCustomRole(tx, caller.workspace.id, input.roleId);
    // Taking a role away from its holders is acting on them: the same rule as giving it.
    await assertMayGiveRoles(tx.db, caller.workspace.id, caller, [role.id]);
    const holders = await tx.db
      .selectFrom("membership_roles as mr")
      .innerJoin("memberships as m", "m.id", "mr.membership_id")
      .select(["mr.membership_id", "mr.is_primary", "m.user_id", "m.status"])
      .where("mr.role_id", "=", role.id)
      .execute();
    const active = holders.filter((h) => h.status === "active");
    if (active.length > 0 && !input.holders) {
      throw new AppError("ROLE_IN_USE", `${active.length} ${active.length === 1 ? "member holds" : "members hold"} this role. Choose what to do with them before deleting it.`, {
        holderCount: active.length,
      });
    }
    let replacement: string | null = null;
    if (input.holders?.action === "reassign") {
      if (input.holders.roleId === role.id) throw new AppError("INVALID_INPUT", "Choose a different role to move its holders to.");
      const recipients = holders.filter((h) => h.status === "active").map((h) => h.membership_id);
      const [target] = await assertMayGiveRoles(tx.db, caller.workspace.id, caller, [input.holders.roleId], recipients);
      if (target?.builtinKey === "owner") throw new AppError("OWNER_ONLY", "Holders of a deleted role can't be made Owners this way.");
      replacement = input.holders.roleId;
    }
    for (const holder of holders) {
      const others = await tx.db.selectFrom("membership_roles").select(["role_id"]).where("membership_id", "=", holder.membership_id).where("role_id", "!=", role.id).orderBy("role_id").execute();
      await tx.db.deleteFrom("membership_roles").where("membership_id", "=", holder.membership_id).where("role_id", "=", role.id).execute();
      const holdsReplacement = replacement !== null && others.some((o) => o.role_id === replacement);
      if (replacement && !holdsReplacement) {
        await tx.db.insertInto("membership_roles").values({ workspace_id: caller.workspace.id, membership_id: holder.membership_id, role_id: replacement, is_primary: holder.is_primary }).execute();
      } else if (holder.is_primary) {
        const next = replacement ?? others[0]?.role_id;
        if (!next) {
          if (holder.status === "active") throw new AppError("ROLE_WOULD_LEAVE_NO_ROLE");
          continue;
        }
        await tx.db.updateTable("membership_roles").set({ is_primary: true }).where("membership_id", "=", holder.membership_id).where("role_id", "=", next).execute();
      } else if (others.length === 0 && holder.status === "active") {
        throw new AppError("ROLE_WOULD_LEAVE_NO_ROLE");
      }
    }
    await tx.db.deleteFrom("roles").where("id", "=", role.id).execute();
    await recordAudit(tx, {
      workspaceId: caller.workspace.id,
      actor: caller.actor,
      action: "role.deleted",
      targetType: "role",
      targetId: role.id,
      targetLabel: role.name,
      before: { name: role.name, grants: role.grants, holders: active.map((h) => h.membership_id) },
      after: { holders: input.holders ?? null },
    });
    const at = nowIso();
    for (const h of active) {
      tx.refreshRooms(h.user_id);
      tx.emit(
        { kind: "workspace", workspaceId: caller.workspace.id, permission: "members.view" },
        { type: "member.changed", change: "roles_changed", workspaceId: caller.workspace.id, membershipId: h.membership_id, at },
      );
    }
    if (active.length > 0) tx.emit({ kind: "users", userIds: active.map((h) => h.user_id) }, { type: "access.changed", workspaceId: caller.workspace.id, at });
    tx.emit({ kind: "workspace", workspaceId: caller.workspace.id, permission: "members.view" }, { type: "workspace.changed", workspaceId: caller.workspace.id, at });
    return { id: role.id, holdersMoved: active.length };
  });
}
