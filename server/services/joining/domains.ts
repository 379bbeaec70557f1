/**
 * Verified domains (decision 33). An Owner adds a company domain and proves
 * control of it: a link goes to an address at that domain (through the email
 * outbox); opening it marks the domain verified. Then people whose confirmed
 * address is at that domain are offered the workspace: "automatic" joins
 * them in one click with the domain's role, "request" asks an Admin.
 * Public email providers are refused. Removing a domain stops new joins and
 * removes no one. Several workspaces may verify the same domain, each with
 * its own proof; a person sees each offer and chooses.
 */
import { enforceRateLimit } from "../../auth/rateLimit";
import { sql } from "kysely";
import { enqueueEmail } from "#emails/outbox";
import { renderAccountEmail } from "#emails/templates/account/frame";
import type { AppDeps } from "../../deps";
import { AppError, isUniqueViolation } from "../../errors";
import { assertMayGiveRoles } from "../../permissions/rails";
import { recordAudit } from "../audit";
import { hashInvitationToken, newInvitationToken } from "../invitations/tokens";
import { notifyMembersManagers } from "../notifications";
import { type Outcome, settled } from "../outcome";
import { inTransaction, type Tx } from "../transaction";
import { activeMembership, admit, assertAddressConfirmed, assertGiverStillMay, lockWorkspace, type Newcomer } from "./admit";
import { emitJoiningChanged } from "./events";
import { domainOf, isPublicEmailDomain } from "./publicDomains";
import { cancelPendingRequests, createJoinRequest } from "./requests";
import type { WorkspaceCaller } from "../caller";

export const domainVerificationHours = 24;
export type DomainMode = "automatic" | "request";

export function domainVerificationUrl(publicOrigin: string, token: string): string {
  return `${publicOrigin}/verify-domain/${token}`;
}

async function sendVerification(tx: Tx, deps: AppDeps, input: { domainId: string; workspace: { id: string; name: string }; domain: string; email: string; ownerName: string }) {
  const { token, hash } = newInvitationToken();
  await tx.db
    .updateTable("workspace_domains")
    .set({ verification_email: input.email, verification_token_hash: hash, verification_expires_at: sql<Date>`now() + make_interval(hours => ${domainVerificationHours})` })
    .where("id", "=", input.domainId)
    .execute();
  await enqueueEmail(tx, {
    workspaceId: input.workspace.id,
    kind: "domain_verification",
    referenceId: input.domainId,
    to: input.email,
    from: deps.config.email.from,
    message: renderAccountEmail({
      subject: `Verify ${input.domain} for ${input.workspace.name}`,
      preheader: `Confirm that ${input.domain} belongs to your company`,
      paragraphs: [
        `${input.ownerName} asked to verify ${input.domain} for the workspace ${input.workspace.name} on Team Access.`,
        `Opening the link proves that ${input.domain} is your company's: people with a confirmed address at ${input.domain} will then be offered to join ${input.workspace.name}.`,
        `The link works for ${domainVerificationHours} hours.`,
      ],
      button: { label: `Verify ${input.domain}`, url: domainVerificationUrl(deps.config.publicOrigin, token) },
      footer: "If you don't know what this is about, ignore this email: without a click on the link, the domain stays unverified.",
    }),
  });
}

function ownerOf(by: WorkspaceCaller) {
  return { access: by.access, membershipId: by.membershipId };
}

export async function addDomain(deps: AppDeps, by: WorkspaceCaller, input: { domain: string; localPart: string; mode: DomainMode; roleId: string }): Promise<{ id: string; sentTo: string }> {
  const domain = input.domain;
  if (isPublicEmailDomain(domain)) throw new AppError("DOMAIN_PUBLIC", `${domain} is a public email provider: anyone can have an address there, so it can't be verified for a workspace. Use your company's own domain.`);
  const email = `${input.localPart}@${domain}`;
  try {
    return await inTransaction(deps, async (tx) => {
      const workspace = await lockWorkspace(tx, by.workspace.id);
      await assertMayGiveRoles(tx.db, workspace.id, ownerOf(by), [input.roleId]);
      // Counted once the request is known to be valid and before anything is written: a refusal rolls back, leaving no domain row.
      await enforceRateLimit(deps.db, deps.rateLimits.domainVerification, { address: email, user: by.user.id });
      const row = await tx.db.insertInto("workspace_domains").values({ workspace_id: workspace.id, domain, mode: input.mode, role_id: input.roleId, set_by: by.user.id }).returning("id").executeTakeFirstOrThrow();
      await sendVerification(tx, deps, { domainId: row.id, workspace, domain, email, ownerName: by.user.name });
      await recordAudit(tx, {
        workspaceId: workspace.id,
        actor: by.actor,
        action: "domain.added",
        targetType: "domain",
        targetId: row.id,
        targetLabel: domain,
        after: { domain, mode: input.mode, roleId: input.roleId, verificationSentTo: email },
      });
      emitJoiningChanged(tx, workspace.id, "domain", row.id);
      return { id: row.id, sentTo: email };
    });
  } catch (error) {
    if (isUniqueViolation(error, "workspace_domains_one_live")) throw new AppError("DOMAIN_ALREADY_ADDED");
    throw error;
  }
}

async function lockDomain(tx: Tx, workspaceId: string, domainId: string) {
  const row = await tx.db.selectFrom("workspace_domains").selectAll().where("id", "=", domainId).where("workspace_id", "=", workspaceId).where("removed_at", "is", null).forUpdate().executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", "That domain is not on this workspace's list.");
  return row;
}

/** A new link to the same (or another) address at the domain, while it is not verified yet. */
export async function resendDomainVerification(deps: AppDeps, by: WorkspaceCaller, input: { domainId: string; localPart: string }): Promise<{ sentTo: string }> {
  return inTransaction(deps, async (tx) => {
    const workspace = await lockWorkspace(tx, by.workspace.id);
    const row = await lockDomain(tx, workspace.id, input.domainId);
    if (row.verified_at) throw new AppError("CONFLICT", `${row.domain} is already verified.`);
    const email = `${input.localPart}@${row.domain}`;
    await enforceRateLimit(deps.db, deps.rateLimits.domainVerification, { address: email, user: by.user.id });
    await sendVerification(tx, deps, { domainId: row.id, workspace, domain: row.domain, email, ownerName: by.user.name });
    emitJoiningChanged(tx, workspace.id, "domain", row.id);
    return { sentTo: email };
  });
}

/** Opening the emailed link: the token is the proof, no session needed. Opening it again still says "verified". */
export async function confirmDomain(deps: AppDeps, token: string): Promise<{ domain: string; workspaceName: string; workspaceSlug: string }> {
  return inTransaction(deps, async (tx) => {
    const row = await tx.db
      .selectFrom("workspace_domains as d")
      .innerJoin("workspaces as w", "w.id", "d.workspace_id")
      .select(["d.id", "d.workspace_id", "d.domain", "d.verified_at", "d.removed_at", "d.verification_expires_at", "d.verification_email", "w.name", "w.slug"])
      .where("d.verification_token_hash", "=", hashInvitationToken(token))
      .forUpdate(["d"])
      .executeTakeFirst();
    if (!row || row.removed_at) throw new AppError("DOMAIN_LINK_INVALID");
    const result = { domain: row.domain, workspaceName: row.name, workspaceSlug: row.slug };
    if (row.verified_at) return result;
    if (!row.verification_expires_at || row.verification_expires_at.getTime() <= Date.now()) throw new AppError("DOMAIN_LINK_EXPIRED");
    await tx.db
      .updateTable("workspace_domains")
      .set({ verified_at: sql<Date>`now()` })
      .where("id", "=", row.id)
      .execute();
    await recordAudit(tx, {
      workspaceId: row.workspace_id,
      actor: { userId: null, impersonatorUserId: null },
      action: "domain.verified",
      targetType: "domain",
      targetId: row.id,
      targetLabel: row.domain,
      after: { verifiedThrough: row.verification_email },
    });
    await notifyMembersManagers(tx, {
      workspaceId: row.workspace_id,
      kind: "domain.verified",
      title: `${row.domain} is verified for ${row.name}`,
      body: `The link sent to ${row.verification_email ?? "an address at the domain"} was opened, so people with a confirmed address at ${row.domain} are now offered to join.`,
      link: `/w/${row.slug}/settings/domains`,
    });
    emitJoiningChanged(tx, row.workspace_id, "domain", row.id);
    return result;
  });
}

export async function updateDomain(deps: AppDeps, by: WorkspaceCaller, input: { domainId: string; mode: DomainMode; roleId: string }): Promise<{ updated: true }> {
  return inTransaction(deps, async (tx) => {
    const workspace = await lockWorkspace(tx, by.workspace.id);
    const row = await lockDomain(tx, workspace.id, input.domainId);
    await assertMayGiveRoles(tx.db, workspace.id, ownerOf(by), [input.roleId]);
    await tx.db.updateTable("workspace_domains").set({ mode: input.mode, role_id: input.roleId, set_by: by.user.id }).where("id", "=", row.id).execute();
    await recordAudit(tx, {
      workspaceId: workspace.id,
      actor: by.actor,
      action: "domain.updated",
      targetType: "domain",
      targetId: row.id,
      targetLabel: row.domain,
      before: { mode: row.mode, roleId: row.role_id },
      after: { mode: input.mode, roleId: input.roleId },
    });
    emitJoiningChanged(tx, workspace.id, "domain", row.id);
    return { updated: true };
  });
}

export async function removeDomain(deps: AppDeps, by: WorkspaceCaller, domainId: string): Promise<{ removed: true }> {
  return inTransaction(deps, async (tx) => {
    const workspace = await lockWorkspace(tx, by.workspace.id);
    const row = await lockDomain(tx, workspace.id, domainId);
    await tx.db
      .updateTable("workspace_domains")
      .set({ removed_at: sql<Date>`now()`, verification_token_hash: null })
      .where("id", "=", row.id)
      .execute();
    const cancelled = await cancelPendingRequests(tx, workspace, { domainId: row.id }, `${row.domain} was removed from ${workspace.name}'s verified domains.`);
    await recordAudit(tx, {
      workspaceId: workspace.id,
      actor: by.actor,
      action: "domain.removed",
      targetType: "domain",
      targetId: row.id,
      targetLabel: row.domain,
      before: { verified: row.verified_at !== null, mode: row.mode },
      after: { removed: true, cancelledRequests: cancelled },
    });
    emitJoiningChanged(tx, workspace.id, "domain", row.id);
    return { removed: true };
  });
}

export async function listDomains(deps: AppDeps, caller: WorkspaceCaller) {
  const workspaceId = caller.workspace.id;
  const rows = await deps.db
    .selectFrom("workspace_domains as d")
    .innerJoin("roles as r", "r.id", "d.role_id")
    .leftJoin("users as u", "u.id", "d.set_by")
    .select(["d.id", "d.domain", "d.mode", "d.role_id", "r.name as roleName", "u.name as setByName", "d.verified_at", "d.verification_email", "d.verification_expires_at", "d.created_at"])
    .where("d.workspace_id", "=", workspaceId)
    .where("d.removed_at", "is", null)
    .orderBy("d.domain")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    domain: r.domain,
    mode: r.mode,
    roleId: r.role_id,
    roleName: r.roleName,
    setByName: r.setByName,
    verifiedAt: r.verified_at?.toISOString() ?? null,
    verificationEmail: r.verification_email,
    verificationExpiresAt: r.verification_expires_at?.toISOString() ?? null,
  }));
}

/** Workspaces that offer joining to the signed-in person's confirmed address's domain, and where they stand with each. */
export async function domainOffers(deps: AppDeps, userId: string) {
  const user = await deps.db.selectFrom("users").select(["email", "email_verified_at"]).where("id", "=", userId).executeTakeFirstOrThrow();
  const domain = domainOf(user.email);
  if (!user.email_verified_at || !domain) return [];
  const rows = await deps.db
    .selectFrom("workspace_domains as d")
    .innerJoin("workspaces as w", "w.id", "d.workspace_id")
    .innerJoin("roles as r", "r.id", "d.role_id")
    .leftJoin("memberships as m", (j) => j.onRef("m.workspace_id", "=", "d.workspace_id").on("m.user_id", "=", userId).on("m.status", "=", "active"))
    .leftJoin("join_requests as jr", (j) => j.onRef("jr.workspace_id", "=", "d.workspace_id").on("jr.user_id", "=", userId).on("jr.status", "=", "pending"))
    .select(["d.id", "d.domain", "d.mode", "w.name as workspaceName", "r.name as roleName", "jr.id as pendingRequestId"])
    .where("d.domain", "=", domain)
    .where("d.removed_at", "is", null)
    .where("d.verified_at", "is not", null)
    .where("m.id", "is", null)
    .orderBy("w.name")
    .execute();
  return rows.map((r) => ({ domainId: r.id, domain: r.domain, mode: r.mode, workspaceName: r.workspaceName, roleName: r.roleName, waiting: r.pendingRequestId !== null }));
}

/** Not offered to this person (no such domain, another domain, removed or unverified): not found, like any id that isn't theirs. */
function notOffered(): AppError {
  return new AppError("NOT_FOUND", "That workspace doesn't offer joining to your email domain (any more). Ask one of its Admins for an invitation.");
}

export type JoinByDomainResult = { outcome: "joined" | "already_member"; workspaceSlug: string } | { outcome: "waiting"; requestId: string };

export async function joinByDomain(deps: AppDeps, user: Newcomer, domainId: string): Promise<JoinByDomainResult> {
  const outcome = await inTransaction(deps, async (tx): Promise<Outcome<JoinByDomainResult>> => {
    const found = await tx.db.selectFrom("workspace_domains").select("workspace_id").where("id", "=", domainId).executeTakeFirst();
    if (!found) throw notOffered();
    const workspace = await lockWorkspace(tx, found.workspace_id);
    const row = await tx.db.selectFrom("workspace_domains").selectAll().where("id", "=", domainId).forUpdate().executeTakeFirstOrThrow();
    await assertAddressConfirmed(tx, user.id);
    const me = await tx.db.selectFrom("users").select("email").where("id", "=", user.id).executeTakeFirstOrThrow();
    if (row.removed_at || !row.verified_at || domainOf(me.email) !== row.domain) throw notOffered();
    const member = await activeMembership(tx, workspace.id, user.id);
    if (member?.status === "active") return { ok: { outcome: "already_member", workspaceSlug: workspace.slug } };
    const way = { kind: "domain", domainId: row.id, domain: row.domain } as const;
    if (row.mode === "request") {
      await assertGiverStillMay(tx, workspace, row.set_by, row.role_id, way);
      const requestId = await createJoinRequest(tx, { workspace, newcomer: user, roleId: row.role_id, inviteLinkId: null, domainId: row.id, how: `their address at ${row.domain}` });
      return { ok: { outcome: "waiting", requestId } };
    }
    const admission = await admit(tx, { workspace, newcomer: user, roleId: row.role_id, giverId: row.set_by, way, actor: { userId: user.id, impersonatorUserId: null } });
    if ("refused" in admission) return admission;
    return { ok: { outcome: admission.ok.joined ? "joined" : "already_member", workspaceSlug: workspace.slug } };
  });
  return settled(outcome);
}
