/**
 * Requests to join: made through an invite link that requires approval, or
 * through a verified domain in "request" mode. Admins (whoever may invite)
 * see them live and approve or deny; the person asking is told either way.
 * Approving asks every question joining does (admit.ts) and, on top, the
 * approver's own right to give the role.
 */
import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import { AppError, isUniqueViolation } from "../../errors";
import { assertMayGiveRoles } from "../../permissions/rails";
import { type Actor, recordAudit } from "../audit";
import { notify, notifyMembersManagers } from "../notifications";
import { settled } from "../outcome";
import { inTransaction, type Tx } from "../transaction";
import { admit, lockWorkspace, type Newcomer, type WayIn } from "./admit";
import { emitJoiningChanged, emitJoinRequestChanged } from "./events";
import { assertLinkUsable, countUse } from "./links";
import type { WorkspaceCaller } from "../caller";

/** Records a request (or returns the one already waiting) and tells the Admins. Inside the caller's transaction, which holds the workspace row. */
export async function createJoinRequest(
  tx: Tx,
  input: { workspace: { id: string; name: string; slug: string }; newcomer: Newcomer; roleId: string; inviteLinkId: string | null; domainId: string | null; how: string },
): Promise<string> {
  const waiting = await tx.db.selectFrom("join_requests").select("id").where("workspace_id", "=", input.workspace.id).where("user_id", "=", input.newcomer.id).where("status", "=", "pending").executeTakeFirst();
  if (waiting) return waiting.id;
  let id: string;
  try {
    id = (
      await tx.db
        .insertInto("join_requests")
        .values({
          workspace_id: input.workspace.id,
          user_id: input.newcomer.id,
          invite_link_id: input.inviteLinkId,
          domain_id: input.domainId,
          role_id: input.roleId,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  } catch (error) {
    if (isUniqueViolation(error, "join_requests_one_pending")) throw new AppError("CONFLICT");
    throw error;
  }
  await recordAudit(tx, {
    workspaceId: input.workspace.id,
    actor: { userId: input.newcomer.id, impersonatorUserId: null },
    action: "join_request.created",
    targetType: "join_request",
    targetId: id,
    targetLabel: input.newcomer.email,
    after: { status: "pending", via: input.inviteLinkId ? "invite_link" : "domain" },
  });
  await notifyMembersManagers(tx, {
    workspaceId: input.workspace.id,
    kind: "join_request.created",
    title: `${input.newcomer.name} asks to join ${input.workspace.name}`,
    body: `${input.newcomer.name} (${input.newcomer.email}) asked to join through ${input.how}. Approve or deny it on the Invite links page.`,
    link: `/w/${input.workspace.slug}/settings/invite-links`,
  });
  emitJoinRequestChanged(tx, input.workspace.id, id, input.newcomer.id, "created");
  return id;
}

/** Cancels the requests still waiting through a link or a domain that was turned off or removed; their askers are told. Returns how many. */
export async function cancelPendingRequests(tx: Tx, workspace: { id: string; name: string }, source: { inviteLinkId: string } | { domainId: string }, why: string): Promise<number> {
  let query = tx.db
    .updateTable("join_requests")
    .set({ status: "cancelled", decided_at: sql<Date>`now()` })
    .where("workspace_id", "=", workspace.id)
    .where("status", "=", "pending");
  query = "inviteLinkId" in source ? query.where("invite_link_id", "=", source.inviteLinkId) : query.where("domain_id", "=", source.domainId);
  const cancelled = await query.returning(["id", "user_id"]).execute();
  for (const request of cancelled) {
    await notify(tx, {
      userId: request.user_id,
      workspaceId: null,
      kind: "join_request.cancelled",
      title: `Your request to join ${workspace.name} was withdrawn`,
      body: `${why} Ask an Admin of ${workspace.name} for an invitation if you still need access.`,
    });
    emitJoinRequestChanged(tx, workspace.id, request.id, request.user_id, "cancelled");
  }
  return cancelled.length;
}

export async function listJoinRequests(deps: AppDeps, caller: WorkspaceCaller) {
  const workspaceId = caller.workspace.id;
  const rows = await deps.db
    .selectFrom("join_requests as jr")
    .innerJoin("users as u", "u.id", "jr.user_id")
    .innerJoin("roles as r", "r.id", "jr.role_id")
    .leftJoin("workspace_domains as d", "d.id", "jr.domain_id")
    .leftJoin("users as decider", "decider.id", "jr.decided_by")
    .select(["jr.id", "jr.status", "jr.created_at", "jr.decided_at", "jr.invite_link_id", "d.domain", "u.name", "u.email", "r.name as roleName", "decider.name as decidedBy"])
    .where("jr.workspace_id", "=", workspaceId)
    .orderBy(sql`jr.status = 'pending'`, "desc")
    .orderBy("jr.created_at", "desc")
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    name: r.name,
    email: r.email,
    roleName: r.roleName,
    via: r.invite_link_id ? "an invite link" : `the domain ${r.domain ?? ""}`,
    createdAt: r.created_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    decidedBy: r.decidedBy,
  }));
}

async function lockRequest(tx: Tx, workspaceId: string, requestId: string) {
  const request = await tx.db
    .selectFrom("join_requests as jr")
    .innerJoin("users as u", "u.id", "jr.user_id")
    .select(["jr.id", "jr.user_id", "jr.role_id", "jr.invite_link_id", "jr.domain_id", "jr.status", "u.name", "u.email"])
    .where("jr.id", "=", requestId)
    .where("jr.workspace_id", "=", workspaceId)
    .forUpdate(["jr"])
    .executeTakeFirst();
  if (!request) throw new AppError("NOT_FOUND", "That request to join does not exist in this workspace.");
  if (request.status !== "pending") throw new AppError("JOIN_REQUEST_NOT_PENDING");
  return request;
}

export async function approveJoinRequest(deps: AppDeps, approver: WorkspaceCaller, requestId: string): Promise<{ workspaceSlug: string }> {
  return inTransaction(deps, async (tx) => {
    const workspace = await lockWorkspace(tx, approver.workspace.id);
    const request = await lockRequest(tx, workspace.id, requestId);
    // The approver gives the role too: the one rule applies to them as well.
    await assertMayGiveRoles(tx.db, workspace.id, { access: approver.access, membershipId: approver.membershipId }, [request.role_id]);
    let way: WayIn;
    let giverId: string | null;
    if (request.invite_link_id) {
      const link = await tx.db.selectFrom("invite_links").selectAll().where("id", "=", request.invite_link_id).forUpdate().executeTakeFirstOrThrow();
      assertLinkUsable(link);
      way = { kind: "invite_link", linkId: link.id };
      giverId = link.created_by;
    } else {
      const domain = await tx.db
        .selectFrom("workspace_domains")
        .selectAll()
        .where("id", "=", request.domain_id ?? "")
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (domain.removed_at || !domain.verified_at) throw new AppError("CONFLICT", `${domain.domain} is no longer verified for this workspace, so no one joins through it. Invite them instead.`);
      way = { kind: "domain", domainId: domain.id, domain: domain.domain };
      giverId = domain.set_by;
    }
    const newcomer = { id: request.user_id, name: request.name, email: request.email };
    // The approver is told at once (admit throws for them); nothing is recorded.
    const admitted = settled(
      await admit(tx, {
        workspace,
        newcomer,
        roleId: request.role_id,
        giverId,
        way,
        actor: approver.actor,
        approvedBy: { id: approver.user.id, name: approver.user.name },
      }),
    );
    if (admitted.joined && way.kind === "invite_link") {
      await countUse(tx, way.linkId);
      emitJoiningChanged(tx, workspace.id, "invite_link", way.linkId);
    }
    await decide(tx, workspace, request, {
      status: "approved",
      by: { userId: approver.user.id, actor: approver.actor },
      after: { membershipId: admitted.membershipId },
      notice: {
        workspaceId: workspace.id,
        title: `You joined ${workspace.name}`,
        body: `${approver.user.name} approved your request to join ${workspace.name}.`,
        link: `/w/${workspace.slug}`,
      },
    });
    return { workspaceSlug: workspace.slug };
  });
}

/** Records a decision on a pending request: its status, the audit entry, the asker's notice and the live event. */
async function decide(
  tx: Tx,
  workspace: { id: string },
  request: { id: string; email: string; user_id: string },
  decision: { status: "approved" | "denied"; by: { userId: string; actor: Actor }; after?: Record<string, unknown>; notice: { workspaceId: string | null; title: string; body: string; link?: string } },
): Promise<void> {
  await tx.db
    .updateTable("join_requests")
    .set({ status: decision.status, decided_at: sql<Date>`now()`, decided_by: decision.by.userId })
    .where("id", "=", request.id)
    .execute();
  await recordAudit(tx, {
    workspaceId: workspace.id,
    actor: decision.by.actor,
    action: `join_request.${decision.status}`,
    targetType: "join_request",
    targetId: request.id,
    targetLabel: request.email,
    before: { status: "pending" },
    after: { status: decision.status, ...decision.after },
  });
  await notify(tx, { userId: request.user_id, kind: `join_request.${decision.status}`, ...decision.notice });
  emitJoinRequestChanged(tx, workspace.id, request.id, request.user_id, decision.status);
}

export async function denyJoinRequest(deps: AppDeps, by: WorkspaceCaller, requestId: string): Promise<{ denied: true }> {
  return inTransaction(deps, async (tx) => {
    const workspace = await lockWorkspace(tx, by.workspace.id);
    const request = await lockRequest(tx, workspace.id, requestId);
    await decide(tx, workspace, request, {
      status: "denied",
      by: { userId: by.user.id, actor: by.actor },
      notice: {
        workspaceId: null,
        title: `Your request to join ${workspace.name} was declined`,
        body: `${by.user.name} declined your request to join ${workspace.name}. Ask them for an invitation if you think you should have access.`,
      },
    });
    return { denied: true };
  });
}
