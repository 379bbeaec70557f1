/**
 * Transferring ownership: an explicit Owner action. The chosen member (an
 * active member who isn't an Owner yet) becomes an Owner, with Owner as
 * their primary role and their other roles kept; the Owner who transfers
 * chooses to stay an Owner or to step down to Admin (their other roles
 * kept). One transaction under the workspace's access lock, audited, the
 * new Owner (and any other Owner) told, everyone's pages updated live.
 * Giving the Owner role asks the one rule for giving (permissions/give.ts),
 * and the views-as the change breaks end with it (permissions/viewAs.ts).
 */
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import { assertMayGiveRoles, assertOwnerRemains, lockWorkspaceAccess } from "../../permissions/rails";
import { loadAccessInWorkspace } from "../../permissions/resolve";
import { recordAudit } from "../audit";
import { notify } from "../notifications";
import { endViewsAfterMemberChange } from "../impersonation/end";
import { inTransaction, type Tx } from "../transaction";
import { announceMemberChange } from "./manage";
import { loadMemberTarget, type MemberTarget } from "./target";
import type { WorkspaceCaller } from "../caller";

export type FormerOwnerBecomes = "owner" | "admin";

async function builtInRoleIds(tx: Tx, workspaceId: string): Promise<{ owner: string; admin: string }> {
  const rows = await tx.db.selectFrom("roles").select(["id", "builtin_key"]).where("workspace_id", "=", workspaceId).where("builtin_key", "in", ["owner", "admin"]).execute();
  const owner = rows.find((r) => r.builtin_key === "owner")?.id;
  const admin = rows.find((r) => r.builtin_key === "admin")?.id;
  if (!owner || !admin) throw new AppError("INTERNAL", "This workspace is missing its built-in roles.");
  return { owner, admin };
}

async function setRoles(tx: Tx, workspaceId: string, membershipId: string, primaryRoleId: string, otherRoleIds: string[]): Promise<string[]> {
  const roleIds = [primaryRoleId, ...new Set(otherRoleIds.filter((id) => id !== primaryRoleId))];
  await tx.db.deleteFrom("membership_roles").where("membership_id", "=", membershipId).execute();
  await tx.db
    .insertInto("membership_roles")
    .values(roleIds.map((roleId) => ({ workspace_id: workspaceId, membership_id: membershipId, role_id: roleId, is_primary: roleId === primaryRoleId })))
    .execute();
  return roleIds;
}

const roleIdsOf = (member: MemberTarget) => member.roles.map((r) => r.id);

export async function transferOwnership(
  deps: AppDeps,
  caller: WorkspaceCaller,
  input: { membershipId: string; formerOwnerBecomes: FormerOwnerBecomes },
): Promise<{ newOwnerMembershipId: string; formerOwnerBecame: FormerOwnerBecomes }> {
  return inTransaction(deps, async (tx) => {
    await lockWorkspaceAccess(tx.db, caller.workspace.id);
    const target = await loadMemberTarget(tx.db, caller.workspace.id, input.membershipId);
    if (target.id === caller.membershipId) throw new AppError("TRANSFER_TO_SELF");
    if (target.isOwner) throw new AppError("TRANSFER_TARGET_OWNER", `${target.name} is already an Owner. Choose someone who isn't.`);
    const me = await loadMemberTarget(tx.db, caller.workspace.id, caller.membershipId);
    const roles = await builtInRoleIds(tx, caller.workspace.id);
    // The one rule for giving, with the transferring Owner's access as it is now (under the lock): only an
    // Owner gives the Owner role; stepping down to Admin is giving oneself what an Owner already holds.
    const mine = await loadAccessInWorkspace(tx.db, me.userId, caller.workspace.id);
    if (!mine) throw new AppError("NOT_FOUND", "We couldn't find that workspace, or you are not a member of it.");
    const giver = { access: mine.access, membershipId: me.id };
    await assertMayGiveRoles(tx.db, caller.workspace.id, giver, [roles.owner], [target.id]);
    if (input.formerOwnerBecomes === "admin") await assertMayGiveRoles(tx.db, caller.workspace.id, giver, [roles.admin], [me.id]);

    const targetAfter = await setRoles(tx, caller.workspace.id, target.id, roles.owner, roleIdsOf(target));
    const meAfter =
      input.formerOwnerBecomes === "admin"
        ? await setRoles(
            tx,
            caller.workspace.id,
            me.id,
            roles.admin,
            roleIdsOf(me).filter((id) => id !== roles.owner),
          )
        : roleIdsOf(me);
    await assertOwnerRemains(tx.db, caller.workspace.id);
    // The new Owner is no longer viewed by anyone; an Owner who stepped down stops viewing as others.
    await endViewsAfterMemberChange(tx, caller.workspace.id, { membershipId: target.id, userId: target.userId }, caller.actor);
    await endViewsAfterMemberChange(tx, caller.workspace.id, { membershipId: me.id, userId: me.userId }, caller.actor);

    await recordAudit(tx, {
      workspaceId: caller.workspace.id,
      actor: caller.actor,
      action: "member.ownership_transferred",
      targetType: "membership",
      targetId: target.id,
      targetLabel: target.name,
      before: { newOwnerRoleIds: roleIdsOf(target), formerOwnerMembershipId: me.id, formerOwnerRoleIds: roleIdsOf(me) },
      after: { newOwnerRoleIds: targetAfter, formerOwnerMembershipId: me.id, formerOwnerRoleIds: meAfter, formerOwnerBecame: input.formerOwnerBecomes },
    });

    const workspace = await tx.db.selectFrom("workspaces").select(["name", "slug"]).where("id", "=", caller.workspace.id).executeTakeFirstOrThrow();
    const stepped = input.formerOwnerBecomes === "admin" ? ` ${me.name} is now an Admin.` : ` ${me.name} stays an Owner too.`;
    await notify(tx, {
      userId: target.userId,
      workspaceId: caller.workspace.id,
      kind: "member.ownership_transferred",
      title: `${me.name} made you an Owner of ${workspace.name}`,
      body: `You now have full access, including billing, deleting the workspace and viewing as other members.${stepped}`,
      link: `/w/${workspace.slug}`,
    });
    const otherOwners = await tx.db
      .selectFrom("membership_roles as mr")
      .innerJoin("memberships as m", "m.id", "mr.membership_id")
      .select("m.user_id")
      .where("mr.workspace_id", "=", caller.workspace.id)
      .where("mr.role_id", "=", roles.owner)
      .where("m.status", "=", "active")
      .where("m.id", "not in", [me.id, target.id])
      .execute();
    for (const owner of otherOwners) {
      await notify(tx, {
        userId: owner.user_id,
        workspaceId: caller.workspace.id,
        kind: "member.ownership_transferred",
        title: `${me.name} made ${target.name} an Owner of ${workspace.name}`,
        body: stepped.trim(),
        link: `/w/${workspace.slug}/members`,
      });
    }

    announceMemberChange(tx, caller.workspace.id, target, "roles_changed", true);
    announceMemberChange(tx, caller.workspace.id, me, "roles_changed", input.formerOwnerBecomes === "admin");
    return { newOwnerMembershipId: target.id, formerOwnerBecame: input.formerOwnerBecomes };
  });
}
