/**
 * Changing a member: roles (one primary), manager (no cycles), department,
 * modules, and removal. Every change locks the workspace's access, checks
 * the safety rails, writes the audit entry and queues the realtime events,
 * all in one transaction.
 */
import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import { type ModuleKey, moduleKeys } from "#shared/permissions/catalogue";
import { assertMayGive } from "../../permissions/giveRefusals";
import { assertMayActOn, assertMayGiveRoles, assertOwnerRemains, lockWorkspaceAccess, replaceRolesKeepingAnOwner } from "../../permissions/rails";
import { isInTeam } from "../../permissions/team";
import type { MemberChange } from "#shared/realtime/events";
import { recordAudit } from "../audit";
import { inTransaction, nowIso, type Tx } from "../transaction";
import { endViewsAfterMemberChange } from "../impersonation/end";
import { loadMemberTarget, type MemberTarget } from "./target";
import { noticeRemoved, noticeRolesChanged } from "../notifications/memberNotices";
import type { WorkspaceCaller } from "../caller";

/** Tell the workspace the member changed, and the member that their own access did. */
export function announceMemberChange(tx: Tx, workspaceId: string, target: { id: string; userId: string }, change: MemberChange, accessChanged: boolean): void {
  const at = nowIso();
  tx.emit({ kind: "workspace", workspaceId, permission: "members.view" }, { type: "member.changed", change, workspaceId, membershipId: target.id, at });
  if (accessChanged) {
    tx.refreshRooms(target.userId);
    tx.emit({ kind: "users", userIds: [target.userId] }, { type: "access.changed", workspaceId, at });
  }
}

async function begin(tx: Tx, caller: WorkspaceCaller, membershipId: string): Promise<MemberTarget> {
  await lockWorkspaceAccess(tx.db, caller.workspace.id);
  const target = await loadMemberTarget(tx.db, caller.workspace.id, membershipId);
  assertMayActOn(caller.access, target);
  return target;
}

export async function setMemberRoles(deps: AppDeps, caller: WorkspaceCaller, input: { membershipId: string; roleIds: string[]; primaryRoleId: string }): Promise<{ membershipId: string }> {
  const roleIds = [...new Set(input.roleIds)];
  if (!roleIds.includes(input.primaryRoleId)) throw new AppError("PRIMARY_ROLE_REQUIRED");
  return inTransaction(deps, async (tx) => {
    const target = await begin(tx, caller, input.membershipId);
    const before = target.roles.map((r) => r.id);
    const added = roleIds.filter((id) => !before.includes(id));
    const removed = target.roles.filter((r) => !roleIds.includes(r.id));
    // The one rule for giving (permissions/give.ts): only owners give Owner, only what one's roles hold, never to oneself.
    await assertMayGiveRoles(tx.db, caller.workspace.id, caller, added, [target.id]);
    // Only owners take the Owner role away.
    if (removed.some((r) => r.builtinKey === "owner") && !caller.access.builtInRoles.includes("owner")) {
      throw new AppError("OWNER_ONLY", "Only an Owner can take the Owner role away.");
    }
    const primaryBefore = target.roles.find((r) => r.isPrimary)?.id ?? null;
    if (added.length === 0 && removed.length === 0 && primaryBefore === input.primaryRoleId) return { membershipId: target.id };

    // Old rows out, new rows in, and at least one active Owner left: one statement.
    await replaceRolesKeepingAnOwner(tx.db, caller.workspace.id, target.id, roleIds, input.primaryRoleId);
    // An Owner no longer an Owner stops viewing as others; a member made an Owner stops being viewed.
    await endViewsAfterMemberChange(tx, caller.workspace.id, { membershipId: target.id, userId: target.userId }, caller.actor);
    await recordAudit(tx, {
      workspaceId: caller.workspace.id,
      actor: caller.actor,
      action: "member.roles_changed",
      targetType: "membership",
      targetId: target.id,
      targetLabel: target.name,
      before: { roleIds: before, primaryRoleId: primaryBefore },
      after: { roleIds, primaryRoleId: input.primaryRoleId },
    });
    announceMemberChange(tx, caller.workspace.id, target, "roles_changed", true);
    await noticeRolesChanged(tx, { workspaceId: caller.workspace.id, userId: target.userId, actor: caller.actor, roleIds, primaryRoleId: input.primaryRoleId });
    return { membershipId: target.id };
  });
}

export async function setMemberManager(deps: AppDeps, caller: WorkspaceCaller, input: { membershipId: string; managerId: string | null }): Promise<{ membershipId: string }> {
  return inTransaction(deps, async (tx) => {
    const target = await begin(tx, caller, input.membershipId);
    if (target.managerId === input.managerId) return { membershipId: target.id };
    let managerName: string | null = null;
    if (input.managerId) {
      if (input.managerId === target.id) throw new AppError("MANAGER_CYCLE", "A member can't be their own manager.");
      const manager = await tx.db
        .selectFrom("memberships as m")
        .innerJoin("users as u", "u.id", "m.user_id")
        .select(["m.id", "m.status", "u.name"])
        .where("m.workspace_id", "=", caller.workspace.id)
        .where("m.id", "=", input.managerId)
        .executeTakeFirst();
      if (!manager) throw new AppError("NOT_FOUND", "We couldn't find that manager in this workspace.");
      if (manager.status !== "active") throw new AppError("MANAGER_NOT_ACTIVE");
      // A cycle: the new manager already reports (at any depth) to the member.
      const cycle = await isInTeam(tx.db, target.id, input.managerId);
      if (cycle) {
        throw new AppError("MANAGER_CYCLE", `${manager.name} already reports to ${target.name}, directly or through others, so they can't be ${target.name}'s manager.`);
      }
      managerName = manager.name;
    }
    await tx.db.updateTable("memberships").set({ manager_id: input.managerId }).where("id", "=", target.id).execute();
    await recordAudit(tx, {
      workspaceId: caller.workspace.id,
      actor: caller.actor,
      action: "member.manager_changed",
      targetType: "membership",
      targetId: target.id,
      targetLabel: target.name,
      before: { managerId: target.managerId },
      after: { managerId: input.managerId, managerName },
    });
    // Team scopes up the chain changed: the member and the old and new managers see different data now.
    announceMemberChange(tx, caller.workspace.id, target, "manager_changed", false);
    const affected = await tx.db
      .selectFrom("memberships")
      .select("user_id")
      .where("id", "in", [target.managerId, input.managerId].filter((id): id is string => id !== null).concat(target.id))
      .execute();
    const at = nowIso();
    tx.emit({ kind: "users", userIds: affected.map((a) => a.user_id) }, { type: "access.changed", workspaceId: caller.workspace.id, at });
    return { membershipId: target.id };
  });
}

export async function setMemberDepartment(deps: AppDeps, caller: WorkspaceCaller, input: { membershipId: string; departmentId: string | null }): Promise<{ membershipId: string }> {
  return inTransaction(deps, async (tx) => {
    const target = await begin(tx, caller, input.membershipId);
    if (target.departmentId === input.departmentId) return { membershipId: target.id };
    let departmentName: string | null = null;
    if (input.departmentId) {
      const department = await tx.db.selectFrom("departments").select(["id", "name"]).where("workspace_id", "=", caller.workspace.id).where("id", "=", input.departmentId).executeTakeFirst();
      if (!department) throw new AppError("NOT_FOUND", "We couldn't find that department.");
      departmentName = department.name;
    }
    await tx.db.updateTable("memberships").set({ department_id: input.departmentId }).where("id", "=", target.id).execute();
    await recordAudit(tx, {
      workspaceId: caller.workspace.id,
      actor: caller.actor,
      action: "member.department_changed",
      targetType: "membership",
      targetId: target.id,
      targetLabel: target.name,
      before: { departmentId: target.departmentId },
      after: { departmentId: input.departmentId, departmentName },
    });
    announceMemberChange(tx, caller.workspace.id, target, "department_changed", false);
    return { membershipId: target.id };
  });
}

/** Which modules are open to a member (no row = open). */
export async function memberModules(db: Tx["db"] | AppDeps["db"], membershipId: string): Promise<Record<ModuleKey, boolean>> {
  const rows = await db.selectFrom("member_modules").select(["module", "enabled"]).where("membership_id", "=", membershipId).execute();
  return Object.fromEntries(moduleKeys.map((m) => [m, rows.find((r) => r.module === m)?.enabled ?? true])) as Record<ModuleKey, boolean>;
}

export async function setMemberModules(
  deps: AppDeps,
  caller: WorkspaceCaller,
  input: { membershipId: string; modules: Partial<Record<string, boolean>> },
): Promise<{ membershipId: string; modules: Record<ModuleKey, boolean> }> {
  return inTransaction(deps, async (tx) => {
    const target = await begin(tx, caller, input.membershipId);
    const before = await memberModules(tx.db, target.id);
    const after = { ...before };
    for (const module of moduleKeys) {
      const wanted = input.modules[module];
      if (typeof wanted === "boolean") after[module] = wanted;
    }
    const changed = moduleKeys.filter((m) => after[m] !== before[m]);
    if (changed.length === 0) return { membershipId: target.id, modules: after };
    // Opening a module is giving access: never to oneself (an Owner excepted).
    assertMayGive(caller, { openModules: changed.filter((m) => after[m]).length }, [target.id]);
    await tx.db
      .insertInto("member_modules")
      .values(changed.map((module) => ({ membership_id: target.id, module, enabled: after[module] })))
      .onConflict((oc) => oc.columns(["membership_id", "module"]).doUpdateSet({ enabled: sql`excluded.enabled` }))
      .execute();
    await recordAudit(tx, {
      workspaceId: caller.workspace.id,
      actor: caller.actor,
      action: "member.modules_changed",
      targetType: "membership",
      targetId: target.id,
      targetLabel: target.name,
      before,
      after,
    });
    announceMemberChange(tx, caller.workspace.id, target, "modules_changed", true);
    return { membershipId: target.id, modules: after };
  });
}

/**
 * Removes a member: their access ends at commit (their sockets leave the
 * workspace's rooms and are told they left). Their records stay; the people
 * who reported to them move up to the removed member's own manager, so no
 * team loses its place in the chain.
 */
export async function removeMember(deps: AppDeps, caller: WorkspaceCaller, input: { membershipId: string }): Promise<{ membershipId: string }> {
  return inTransaction(deps, async (tx) => {
    const target = await begin(tx, caller, input.membershipId);
    await tx.db.updateTable("memberships").set({ status: "removed", removed_at: new Date(), manager_id: null }).where("id", "=", target.id).execute();
    const reports = await tx.db.updateTable("memberships").set({ manager_id: target.managerId }).where("manager_id", "=", target.id).returning("id").execute();
    await assertOwnerRemains(tx.db, caller.workspace.id);
    // Whatever they were viewing as, and anyone viewing as them, ends with the removal.
    await endViewsAfterMemberChange(tx, caller.workspace.id, { membershipId: target.id, userId: target.userId }, caller.actor);
    await recordAudit(tx, {
      workspaceId: caller.workspace.id,
      actor: caller.actor,
      action: "member.removed",
      targetType: "membership",
      targetId: target.id,
      targetLabel: target.name,
      before: { status: "active", roleIds: target.roles.map((r) => r.id), managerId: target.managerId, departmentId: target.departmentId },
      after: { status: "removed", reportsMovedTo: target.managerId, reportsMoved: reports.length },
    });
    await noticeRemoved(tx, { workspaceId: caller.workspace.id, userId: target.userId, actor: caller.actor });
    const at = nowIso();
    tx.refreshRooms(target.userId);
    tx.emit({ kind: "users", userIds: [target.userId] }, { type: "workspace.left", workspaceId: caller.workspace.id, reason: "removed", at });
    tx.emit({ kind: "workspace", workspaceId: caller.workspace.id, permission: "members.view" }, { type: "member.changed", change: "removed", workspaceId: caller.workspace.id, membershipId: target.id, at });
    return { membershipId: target.id };
  });
}
