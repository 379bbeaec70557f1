/**
 * Shareable invite links (decision 32). A link gives one role, expires,
 * may have a use limit and may require an Admin's approval; it can be
 * turned off at once. The token is shown once, at creation; the database
 * keeps only its SHA-256. Every join goes through admit.ts, which asks the
 * same questions as accepting an invitation: the maker's current right to
 * give the role, and a free seat.
 */
import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import { type Outcome, settled } from "../outcome";
import { AppError, errorCatalog } from "../../errors";
import { isOwner } from "#shared/permissions/access";
import { assertMayGiveRoles, loadRolesToGrant } from "../../permissions/rails";
import { recordAudit } from "../audit";
import { type WorkspaceContact, workspaceContacts } from "../../permissions/contacts";
import { hashInvitationToken, newInvitationToken } from "../invitations/tokens";
import { type Db, inTransaction, type Tx } from "../transaction";
import { activeMembership, admit, assertAddressConfirmed, assertGiverStillMay, lockWorkspace, type Newcomer } from "./admit";
import { emitJoiningChanged } from "./events";
import { cancelPendingRequests, createJoinRequest } from "./requests";
import type { WorkspaceCaller } from "../caller";

export const inviteLinkLifetimes = [1, 7, 30] as const;
export type InviteLinkState = "active" | "expired" | "used_up" | "turned_off";

/** Roles a non-Owner may put on a link: the product's "Member or Viewer". */
const rolesAnyInviterMayLink = new Set(["member", "viewer"]);

export function inviteLinkUrl(publicOrigin: string, token: string): string {
  return `${publicOrigin}/join/${token}`;
}

interface LinkRow {
  expires_at: Date;
  max_uses: number | null;
  uses: number;
  turned_off_at: Date | null;
}

export function linkState(row: LinkRow, now = Date.now()): InviteLinkState {
  if (row.turned_off_at) return "turned_off";
  if (row.expires_at.getTime() <= now) return "expired";
  if (row.max_uses !== null && row.uses >= row.max_uses) return "used_up";
  return "active";
}

const refusalOf: Record<Exclude<InviteLinkState, "active">, "INVITE_LINK_TURNED_OFF" | "INVITE_LINK_EXPIRED" | "INVITE_LINK_USED_UP"> = {
  turned_off: "INVITE_LINK_TURNED_OFF",
  expired: "INVITE_LINK_EXPIRED",
  used_up: "INVITE_LINK_USED_UP",
};

/** Throws the link's refusal unless it can be used now. */
export function assertLinkUsable(row: LinkRow): void {
  const state = linkState(row);
  if (state !== "active") throw new AppError(refusalOf[state]);
}

export interface NewInviteLink {
  roleId: string;
  expiresInDays: (typeof inviteLinkLifetimes)[number];
  maxUses: number | null;
  requiresApproval: boolean;
}

export async function createInviteLink(deps: AppDeps, maker: WorkspaceCaller, input: NewInviteLink): Promise<{ id: string; url: string; expiresAt: string }> {
  return inTransaction(deps, async (tx) => {
    await tx.db.selectFrom("workspaces").select("id").where("id", "=", maker.workspace.id).forUpdate().execute();
    const [role] = await loadRolesToGrant(tx.db, maker.workspace.id, [input.roleId]);
    if (!role) throw new AppError("NOT_FOUND", "That role does not exist in this workspace.");
    if (!isOwner(maker.access) && !rolesAnyInviterMayLink.has(role.builtinKey ?? "")) throw new AppError("INVITE_LINK_ROLE_NOT_OFFERED");
    await assertMayGiveRoles(tx.db, maker.workspace.id, { access: maker.access, membershipId: maker.membershipId }, [role.id]);
    const { token, hash } = newInvitationToken();
    const row = await tx.db
      .insertInto("invite_links")
      .values({
        workspace_id: maker.workspace.id,
        token_hash: hash,
        role_id: role.id,
        created_by: maker.user.id,
        expires_at: sql<Date>`now() + make_interval(days => ${input.expiresInDays})`,
        max_uses: input.maxUses,
        requires_approval: input.requiresApproval,
      })
      .returning(["id", "expires_at"])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      workspaceId: maker.workspace.id,
      actor: maker.actor,
      action: "invite_link.created",
      targetType: "invite_link",
      targetId: row.id,
      targetLabel: role.name,
      after: { role: role.name, expiresAt: row.expires_at.toISOString(), maxUses: input.maxUses, requiresApproval: input.requiresApproval },
    });
    emitJoiningChanged(tx, maker.workspace.id, "invite_link", row.id);
    return { id: row.id, url: inviteLinkUrl(deps.config.publicOrigin, token), expiresAt: row.expires_at.toISOString() };
  });
}

export async function listInviteLinks(deps: AppDeps, caller: WorkspaceCaller) {
  const workspaceId = caller.workspace.id;
  const rows = await deps.db
    .selectFrom("invite_links as l")
    .innerJoin("roles as r", "r.id", "l.role_id")
    .leftJoin("users as u", "u.id", "l.created_by")
    .select([
      "l.id",
      "r.name as roleName",
      "u.name as createdByName",
      "l.created_at",
      "l.expires_at",
      "l.max_uses",
      "l.uses",
      "l.requires_approval",
      "l.turned_off_at",
      (eb) => eb.selectFrom("join_requests as jr").select(eb.fn.countAll<string>().as("n")).whereRef("jr.invite_link_id", "=", "l.id").where("jr.status", "=", "pending").as("pendingRequests"),
    ])
    .where("l.workspace_id", "=", workspaceId)
    .orderBy("l.created_at", "desc")
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    roleName: r.roleName,
    createdByName: r.createdByName,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    maxUses: r.max_uses,
    uses: r.uses,
    requiresApproval: r.requires_approval,
    turnedOffAt: r.turned_off_at?.toISOString() ?? null,
    state: linkState(r),
    pendingRequests: Number(r.pendingRequests ?? 0),
  }));
}

/** Turns a link off at once; requests still waiting through it are cancelled (their askers are told). */
export async function turnOffInviteLink(deps: AppDeps, by: WorkspaceCaller, linkId: string): Promise<{ turnedOff: boolean }> {
  return inTransaction(deps, async (tx) => {
    await tx.db.selectFrom("workspaces").select("id").where("id", "=", by.workspace.id).forUpdate().execute();
    const link = await tx.db.selectFrom("invite_links").select(["id", "turned_off_at"]).where("id", "=", linkId).where("workspace_id", "=", by.workspace.id).forUpdate().executeTakeFirst();
    if (!link) throw new AppError("NOT_FOUND", "That invite link does not exist in this workspace.");
    if (link.turned_off_at) return { turnedOff: false };
    await tx.db
      .updateTable("invite_links")
      .set({ turned_off_at: sql<Date>`now()`, turned_off_by: by.user.id })
      .where("id", "=", link.id)
      .execute();
    const cancelled = await cancelPendingRequests(tx, by.workspace, { inviteLinkId: link.id }, "The invite link you used was turned off.");
    await recordAudit(tx, {
      workspaceId: by.workspace.id,
      actor: by.actor,
      action: "invite_link.turned_off",
      targetType: "invite_link",
      targetId: link.id,
      before: { state: "active" },
      after: { state: "turned_off", cancelledRequests: cancelled },
    });
    emitJoiningChanged(tx, by.workspace.id, "invite_link", link.id);
    return { turnedOff: true };
  });
}

export type InviteLinkPreview =
  | { state: "invalid" }
  | {
      state: InviteLinkState | "maker_lost_right";
      workspaceName: string;
      roleName: string;
      makerName: string | null;
      requiresApproval: boolean;
      expiresAt: string;
      /** Why it can't be used, in words (null while it can). */
      reason: string | null;
      contacts: WorkspaceContact[];
      viewer: null | {
        email: string;
        emailConfirmed: boolean;
        /** Set when they are already a member: where to go. */
        memberOf: string | null;
        request: null | { id: string; status: "pending" | "approved" | "denied" | "cancelled" };
      };
    };

async function findLink(db: Db, token: string) {
  return db
    .selectFrom("invite_links as l")
    .innerJoin("workspaces as w", "w.id", "l.workspace_id")
    .innerJoin("roles as r", "r.id", "l.role_id")
    .leftJoin("users as u", "u.id", "l.created_by")
    .select([
      "l.id",
      "l.workspace_id",
      "l.role_id",
      "l.created_by",
      "l.expires_at",
      "l.max_uses",
      "l.uses",
      "l.requires_approval",
      "l.turned_off_at",
      "w.name as workspaceName",
      "w.slug as workspaceSlug",
      "r.name as roleName",
      "u.name as makerName",
    ])
    .where("l.token_hash", "=", hashInvitationToken(token))
    .executeTakeFirst();
}

/** What /join/<token> shows; an unknown token says nothing more than "invalid". */
export async function previewInviteLink(deps: AppDeps, token: string, viewer: { id: string } | null): Promise<InviteLinkPreview> {
  const link = await findLink(deps.db, token);
  if (!link) return { state: "invalid" };
  let state: InviteLinkState | "maker_lost_right" = linkState(link);
  let reason: string | null = state === "active" ? null : errorCatalog[refusalOf[state]].message;
  if (state === "active") {
    try {
      await assertGiverStillMay({ db: deps.db }, { id: link.workspace_id, name: link.workspaceName }, link.created_by, link.role_id, { kind: "invite_link", linkId: link.id });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      state = "maker_lost_right";
      reason = error.message;
    }
  }
  let viewerInfo: Extract<InviteLinkPreview, { workspaceName: string }>["viewer"] = null;
  if (viewer) {
    const [user, member, request] = await Promise.all([
      deps.db.selectFrom("users").select(["email", "email_verified_at"]).where("id", "=", viewer.id).executeTakeFirstOrThrow(),
      activeMembership({ db: deps.db }, link.workspace_id, viewer.id),
      deps.db.selectFrom("join_requests").select(["id", "status"]).where("invite_link_id", "=", link.id).where("user_id", "=", viewer.id).orderBy("created_at", "desc").limit(1).executeTakeFirst(),
    ]);
    viewerInfo = {
      email: user.email,
      emailConfirmed: user.email_verified_at !== null,
      memberOf: member?.status === "active" ? link.workspaceSlug : null,
      request: request ?? null,
    };
  }
  return {
    state,
    workspaceName: link.workspaceName,
    roleName: link.roleName,
    makerName: link.makerName,
    requiresApproval: link.requires_approval,
    expiresAt: link.expires_at.toISOString(),
    reason,
    contacts: state === "active" ? [] : await workspaceContacts(deps.db, link.workspace_id),
    viewer: viewerInfo,
  };
}

export type JoinByLinkResult = { outcome: "joined" | "already_member"; workspaceSlug: string; membershipId: string } | { outcome: "waiting"; requestId: string };

/**
 * The signed-in person opens the link and joins (or asks to). Holds the
 * workspace row, then the link row: concurrent joins queue, so the use limit
 * and the seats hold.
 */
export async function joinByInviteLink(deps: AppDeps, user: Newcomer, token: string): Promise<JoinByLinkResult> {
  const outcome = await inTransaction(deps, async (tx): Promise<Outcome<JoinByLinkResult>> => {
    const found = await tx.db.selectFrom("invite_links").select("workspace_id").where("token_hash", "=", hashInvitationToken(token)).executeTakeFirst();
    if (!found) throw new AppError("INVITE_LINK_INVALID");
    const workspace = await lockWorkspace(tx, found.workspace_id);
    const link = await tx.db.selectFrom("invite_links").selectAll().where("token_hash", "=", hashInvitationToken(token)).forUpdate().executeTakeFirst();
    if (!link) throw new AppError("INVITE_LINK_INVALID");
    const member = await activeMembership(tx, workspace.id, user.id);
    if (member?.status === "active") return { ok: { outcome: "already_member", workspaceSlug: workspace.slug, membershipId: member.id } };
    assertLinkUsable(link);
    await assertAddressConfirmed(tx, user.id);
    const way = { kind: "invite_link", linkId: link.id } as const;
    if (link.requires_approval) {
      await assertGiverStillMay(tx, workspace, link.created_by, link.role_id, way);
      const requestId = await createJoinRequest(tx, { workspace, newcomer: user, roleId: link.role_id, inviteLinkId: link.id, domainId: null, how: "an invite link" });
      return { ok: { outcome: "waiting", requestId } };
    }
    const admission = await admit(tx, {
      workspace,
      newcomer: user,
      roleId: link.role_id,
      giverId: link.created_by,
      way,
      actor: { userId: user.id, impersonatorUserId: null },
    });
    if ("refused" in admission) return admission;
    const admitted = admission.ok;
    if (admitted.joined) await countUse(tx, link.id);
    emitJoiningChanged(tx, workspace.id, "invite_link", link.id);
    return { ok: { outcome: admitted.joined ? "joined" : "already_member", workspaceSlug: workspace.slug, membershipId: admitted.membershipId } };
  });
  return settled(outcome);
}

export async function countUse(tx: Tx, linkId: string): Promise<void> {
  await tx.db
    .updateTable("invite_links")
    .set((eb) => ({ uses: eb("uses", "+", 1) }))
    .where("id", "=", linkId)
    .execute();
}
