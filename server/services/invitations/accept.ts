/**
 * Opening and accepting an invitation. Joining is one transaction that
 * holds the workspace row, then the invitation row: the membership becomes
 * active (a removed one is reactivated) with exactly the invited roles and
 * every module open, and the invitation is marked accepted. Many accepts of
 * one token at once queue on those locks; the first joins, the rest see
 * "already yours". Before joining, the sender's right to give the roles and
 * a free seat are checked again (acceptance.ts).
 */
import { sql } from "kysely";
import type { InvitationStatus } from "#db/schema";
import { enqueueEmail } from "#emails/outbox";
import { renderMemberJoinedEmail } from "#emails/templates/memberJoined";
import { hashPassword } from "../../auth/password";
import type { AppDeps } from "../../deps";
import { type Outcome, settled } from "../outcome";
import { AppError, isUniqueViolation } from "../../errors";
import { createAccount } from "../auth/newAccount";
import { startSession, type WithCookie } from "../auth/sessions";
import type { RequestInfo } from "../requestInfo";
import { assertClaimable, closeUnconfirmedAccount, recordAccountReplacement, type ReplacedAccount } from "../account/claim";
import { type AuditEntry, recordAudits, systemActor } from "../audit";
import { notify } from "../notifications";
import { inTransaction, nowIso, type Tx } from "../transaction";
import { type WorkspaceContact, workspaceContacts } from "../../permissions/contacts";
import { startMembership } from "../joining/admit";
import { refuseAcceptance, rolesToGive } from "./acceptance";
import { emitInvitationChanged } from "./events";
import { hashInvitationToken } from "./tokens";

export type InvitationPreview =
  | { state: "invalid" }
  | {
      state: "expired" | "cancelled" | "accepted";
      workspaceName: string;
      inviterName: string | null;
      /** Set only when the signed-in user is the one who accepted it. */
      workspaceSlug: string | null;
    }
  | {
      /** "Resend" replaced this link: the newest email holds the working one. */
      state: "replaced";
      workspaceName: string;
      inviterName: string | null;
      replacedAt: string;
    }
  | {
      /** Its sender could no longer give its roles when someone tried to accept it. */
      state: "voided";
      workspaceName: string;
      inviterName: string | null;
      reason: string;
      /** Whom to ask for a new invitation. */
      contacts: WorkspaceContact[];
    }
  | {
      state: "pending";
      email: string;
      workspaceName: string;
      workspaceSlug: string;
      inviterName: string | null;
      inviterEmail: string | null;
      roles: Array<{ name: string; isPrimary: boolean }>;
      message: string | null;
      expiresAt: string;
      /** Whether an account exists for the invited email (shown only to the holder of a valid link). */
      hasAccount: boolean;
      /**
       * When that account never confirmed the address: when it was started.
       * The holder of the link may replace it (see services/account/claim.ts).
       */
      unconfirmedAccountSince: string | null;
      signedInEmail: string | null;
    };

function effectiveStatus(row: { status: InvitationStatus; expires_at: Date }): InvitationStatus {
  return row.status === "pending" && row.expires_at.getTime() <= Date.now() ? "expired" : row.status;
}

export async function previewInvitation(deps: AppDeps, token: string, viewer: { id: string; email: string } | null): Promise<InvitationPreview> {
  const row = await deps.db
    .selectFrom("invitations as i")
    .innerJoin("workspaces as w", "w.id", "i.workspace_id")
    .leftJoin("users as inviter", "inviter.id", "i.invited_by")
    .select([
      "i.id",
      "i.workspace_id",
      "i.invited_by",
      "i.email",
      "i.status",
      "i.expires_at",
      "i.message",
      "i.accepted_by",
      "i.void_reason",
      "i.sent_by",
      "w.name as workspaceName",
      "w.slug as workspaceSlug",
      "inviter.name as inviterName",
      "inviter.email as inviterEmail",
    ])
    .where("i.token_hash", "=", hashInvitationToken(token))
    .executeTakeFirst();
  if (!row) return (await replacedLink(deps, token)) ?? { state: "invalid" };
  const status = effectiveStatus(row);
  if (status === "voided") {
    const contacts = await workspaceContacts(deps.db, row.workspace_id, row.sent_by ?? row.invited_by);
    return { state: "voided", workspaceName: row.workspaceName, inviterName: row.inviterName, reason: row.void_reason ?? "", contacts };
  }
  if (status !== "pending") {
    const mine = status === "accepted" && viewer !== null && row.accepted_by === viewer.id;
    return { state: status, workspaceName: row.workspaceName, inviterName: row.inviterName, workspaceSlug: mine ? row.workspaceSlug : null };
  }
  const [roles, account] = await Promise.all([
    deps.db
      .selectFrom("invitation_roles as ir")
      .innerJoin("roles as r", "r.id", "ir.role_id")
      .select(["r.name", "ir.is_primary as isPrimary"])
      .where("ir.invitation_id", "=", row.id)
      .orderBy("ir.is_primary", "desc")
      .orderBy("r.name")
      .execute(),
    deps.db.selectFrom("users").select(["id", "email_verified_at", "created_at"]).where("email", "=", row.email).executeTakeFirst(),
  ]);
  return {
    state: "pending",
    email: row.email,
    workspaceName: row.workspaceName,
    workspaceSlug: row.workspaceSlug,
    inviterName: row.inviterName,
    inviterEmail: row.inviterEmail,
    roles,
    message: row.message,
    expiresAt: row.expires_at.toISOString(),
    hasAccount: Boolean(account),
    unconfirmedAccountSince: account && !account.email_verified_at ? account.created_at.toISOString() : null,
    signedInEmail: viewer?.email ?? null,
  };
}

/**
 * A link that "Resend" replaced. While the invitation is still waiting it
 * says so (the newest email holds the working link); once it has ended, the
 * old link says what happened to the invitation, as its newest link would.
 */
async function replacedLink(deps: AppDeps, token: string): Promise<InvitationPreview | null> {
  const row = await deps.db
    .selectFrom("invitation_replaced_tokens as t")
    .innerJoin("invitations as i", "i.id", "t.invitation_id")
    .innerJoin("workspaces as w", "w.id", "i.workspace_id")
    .leftJoin("users as inviter", "inviter.id", "i.invited_by")
    .select(["t.replaced_at", "i.status", "i.expires_at", "w.name as workspaceName", "inviter.name as inviterName"])
    .where("t.token_hash", "=", hashInvitationToken(token))
    .executeTakeFirst();
  if (!row) return null;
  const status = effectiveStatus(row);
  if (status === "pending" || status === "voided") {
    return { state: "replaced", workspaceName: row.workspaceName, inviterName: row.inviterName, replacedAt: row.replaced_at.toISOString() };
  }
  return { state: status, workspaceName: row.workspaceName, inviterName: row.inviterName, workspaceSlug: null };
}

/** Accepting through a replaced link: refused with the same words the page shows. */
async function assertNotReplaced(db: Tx["db"], token: string): Promise<void> {
  const replaced = await db.selectFrom("invitation_replaced_tokens").select("invitation_id").where("token_hash", "=", hashInvitationToken(token)).executeTakeFirst();
  if (replaced) throw new AppError("INVITATION_REPLACED");
}

export interface JoinResult {
  workspaceSlug: string;
  membershipId: string;
  /** False when this user had already accepted the same invitation (accepting twice is harmless). */
  joined: boolean;
}

async function lockByToken(tx: Tx, token: string) {
  const hash = hashInvitationToken(token);
  const found = await tx.db.selectFrom("invitations").select("workspace_id").where("token_hash", "=", hash).executeTakeFirst();
  if (!found) return undefined;
  // The workspace row first, as inviting, resending and role changes take it: seats and the sender's roles hold still.
  await tx.db.selectFrom("workspaces").select("id").where("id", "=", found.workspace_id).forUpdate().execute();
  return tx.db.selectFrom("invitations").selectAll().where("token_hash", "=", hash).forUpdate().executeTakeFirst();
}

type LockedInvitation = NonNullable<Awaited<ReturnType<typeof lockByToken>>>;

/** Refuses a token that cannot be used now; returns the prior result when this user already accepted it. */
async function checkUsable(tx: Tx, invitation: LockedInvitation | undefined, userId: string | null): Promise<JoinResult | null> {
  if (!invitation) throw new AppError("INVITATION_INVALID");
  const status = effectiveStatus(invitation);
  if (status === "accepted") {
    if (userId && invitation.accepted_by === userId) {
      const done = await tx.db
        .selectFrom("memberships as m")
        .innerJoin("workspaces as w", "w.id", "m.workspace_id")
        .select(["m.id", "w.slug"])
        .where("m.workspace_id", "=", invitation.workspace_id)
        .where("m.user_id", "=", userId)
        .executeTakeFirst();
      if (done) return { workspaceSlug: done.slug, membershipId: done.id, joined: false };
    }
    throw new AppError("INVITATION_USED");
  }
  if (status === "cancelled") throw new AppError("INVITATION_CANCELLED");
  if (status === "voided") throw new AppError("INVITATION_VOIDED", invitation.void_reason ? `${invitation.void_reason} Ask an Admin or Owner of the workspace for a new invitation.` : undefined);
  if (status === "expired") throw new AppError("INVITATION_EXPIRED");
  return null;
}

/**
 * The department and manager a CSV line named (decision 31), as far as they
 * still exist: a department deleted since is left unset (the foreign key
 * cleared it), and so is a manager who is no longer an active member.
 */
async function placeInTeam(tx: Tx, invitation: LockedInvitation, membershipId: string): Promise<void> {
  if (!invitation.department_id && !invitation.manager_id) return;
  const manager = invitation.manager_id
    ? await tx.db
        .selectFrom("memberships")
        .select("id")
        .where("id", "=", invitation.manager_id)
        .where("workspace_id", "=", invitation.workspace_id)
        .where("status", "=", "active")
        .where("id", "!=", membershipId)
        .executeTakeFirst()
    : undefined;
  // A member who joins (or comes back) has no reports: removal handed them on, so no cycle can form here.
  await tx.db
    .updateTable("memberships")
    .set({
      ...(invitation.department_id ? { department_id: invitation.department_id } : {}),
      ...(invitation.manager_id ? { manager_id: manager?.id ?? null } : {}),
    })
    .where("id", "=", membershipId)
    .execute();
}

async function join(deps: AppDeps, tx: Tx, invitation: LockedInvitation, user: { id: string; name: string; email: string }): Promise<JoinResult> {
  const workspace = await tx.db.selectFrom("workspaces").select(["id", "slug", "name"]).where("id", "=", invitation.workspace_id).executeTakeFirstOrThrow();
  const existing = await tx.db.selectFrom("memberships").select(["id", "status"]).where("workspace_id", "=", workspace.id).where("user_id", "=", user.id).forUpdate().executeTakeFirst();

  let membershipId: string;
  const alreadyActive = existing?.status === "active";
  if (existing && alreadyActive) {
    // Already a member (joined some other way): keep their access as it is.
    membershipId = existing.id;
  } else {
    // Exactly the invited roles.
    membershipId = await startMembership(tx, { workspaceId: workspace.id, userId: user.id, existing, roles: await rolesToGive(tx, invitation) });
    await placeInTeam(tx, invitation, membershipId);
  }

  await tx.db
    .updateTable("invitations")
    .set({ status: "accepted", accepted_at: sql<Date>`now()`, accepted_by: user.id })
    .where("id", "=", invitation.id)
    .execute();

  const roleNames = (
    await tx.db
      .selectFrom("membership_roles as mr")
      .innerJoin("roles as r", "r.id", "mr.role_id")
      .select("r.name")
      .where("mr.membership_id", "=", membershipId)
      .orderBy("mr.is_primary", "desc")
      .orderBy("r.name")
      .execute()
  ).map((r) => r.name);
  const actor = { userId: user.id, impersonatorUserId: null };
  const entries: AuditEntry[] = [
    {
      workspaceId: workspace.id,
      actor,
      action: "invitation.accepted",
      targetType: "invitation",
      targetId: invitation.id,
      targetLabel: invitation.email,
      before: { status: "pending" },
      after: { status: "accepted", membershipId },
    },
  ];
  if (!alreadyActive) {
    entries.push({
      workspaceId: workspace.id,
      actor,
      action: "member.joined",
      targetType: "membership",
      targetId: membershipId,
      targetLabel: user.email,
      before: existing ? { status: existing.status } : null,
      after: { status: "active", roles: roleNames, invitationId: invitation.id },
    });
  }
  await recordAudits(tx, entries);

  if (invitation.invited_by && invitation.invited_by !== user.id) {
    // Only an inviter who still belongs to the workspace hears about it.
    const inviter = await tx.db
      .selectFrom("users as u")
      .innerJoin("memberships as m", (j) => j.onRef("m.user_id", "=", "u.id").on("m.workspace_id", "=", workspace.id).on("m.status", "=", "active"))
      .select(["u.id", "u.email"])
      .where("u.id", "=", invitation.invited_by)
      .executeTakeFirst();
    if (inviter) {
      const membersUrl = `${deps.config.publicOrigin}/w/${workspace.slug}/members`;
      await notify(tx, {
        userId: inviter.id,
        workspaceId: workspace.id,
        kind: "invitation.accepted",
        title: `${user.name} joined ${workspace.name}`,
        body: `${user.name} (${user.email}) accepted your invitation and joined as ${roleNames.join(", ")}.`,
        link: `/w/${workspace.slug}/members`,
      });
      await enqueueEmail(tx, {
        workspaceId: workspace.id,
        kind: "member_joined",
        referenceId: invitation.id,
        to: inviter.email,
        from: deps.config.email.from,
        message: renderMemberJoinedEmail({ workspaceName: workspace.name, memberName: user.name, memberEmail: user.email, roles: roleNames, membersUrl }),
      });
    }
  }

  emitInvitationChanged(tx, workspace.id, invitation.id, "accepted");
  tx.emit({ kind: "workspace", workspaceId: workspace.id, permission: "members.view" }, { type: "member.changed", change: "joined", workspaceId: workspace.id, membershipId, at: nowIso() });
  tx.refreshRooms(user.id);
  return { workspaceSlug: workspace.slug, membershipId, joined: true };
}

/** A signed-in user accepts; the invitation must be for their email. */
export async function acceptInvitation(deps: AppDeps, user: { id: string; name: string; email: string }, token: string): Promise<JoinResult> {
  const outcome = await inTransaction(deps, async (tx): Promise<Outcome<JoinResult>> => {
    const invitation = await lockByToken(tx, token);
    if (!invitation) await assertNotReplaced(tx.db, token);
    const prior = await checkUsable(tx, invitation, user.id);
    if (prior) return { ok: prior };
    if (!invitation) throw new AppError("INVITATION_INVALID");
    if (invitation.email !== user.email.toLowerCase()) {
      throw new AppError(
        "INVITATION_WRONG_ACCOUNT",
        `This invitation was sent to ${invitation.email}, but you are signed in as ${user.email}. Sign out, then sign in or create an account with ${invitation.email} to accept it.`,
      );
    }
    const member = await tx.db.selectFrom("memberships").select("status").where("workspace_id", "=", invitation.workspace_id).where("user_id", "=", user.id).executeTakeFirst();
    // Someone already in (joined another way) is given nothing and takes no new seat.
    if (member?.status !== "active") {
      // A refusal changes nothing of the invitee's: not even their address's confirmation.
      const refused = await refuseAcceptance(tx, invitation, { userId: user.id, impersonatorUserId: null });
      if (refused) return { refused };
    }
    const joined = await join(deps, tx, invitation, user);
    // The link was opened from the invited inbox: that proves the address.
    await tx.db.updateTable("users").set({ email_verified_at: new Date() }).where("id", "=", user.id).where("email_verified_at", "is", null).execute();
    return { ok: joined };
  });
  return settled(outcome);
}

/**
 * Signed out, no account yet: the account (with the invited email, which
 * cannot be changed, and confirmed by the link) and the membership are
 * created together, then the new user is signed in. An account that holds
 * the address without ever having confirmed it is replaced, when the
 * person asks for it (`replaceUnconfirmed`, after the page has said what
 * that means): see services/account/claim.ts.
 */
export async function acceptWithNewAccount(
  deps: AppDeps,
  input: { token: string; name: string; password: string; replaceUnconfirmed?: boolean },
  request: RequestInfo,
): Promise<JoinResult & { replacedAccount: ReplacedAccount | null } & WithCookie> {
  const passwordHash = await hashPassword(input.password);
  let outcome: Outcome<JoinResult & { userId: string; replacedAccount: ReplacedAccount | null }>;
  try {
    outcome = await inTransaction(deps, async (tx) => {
      const invitation = await lockByToken(tx, input.token);
      if (!invitation) await assertNotReplaced(tx.db, input.token);
      await checkUsable(tx, invitation, null);
      if (!invitation) throw new AppError("INVITATION_INVALID");
      // Locks: workspace, invitation (lockByToken), then the address's current holder.
      const holder = await tx.db.selectFrom("users").select(["id", "name", "created_at", "email_verified_at"]).where("email", "=", invitation.email).forUpdate().executeTakeFirst();
      // Every refusal is decided before anything is written or closed: first those that write nothing
      // (the address is someone's, or replacing its holder wasn't asked for or isn't possible)…
      if (holder) {
        if (holder.email_verified_at) {
          throw new AppError("EMAIL_TAKEN", "Email already in use: an account with this email already exists. Sign in to accept the invitation.");
        }
        if (!input.replaceUnconfirmed) throw new AppError("EMAIL_HELD_UNCONFIRMED");
        await assertClaimable(tx, holder.id);
      }
      // …then the workspace's (the sender's right, a seat), recorded and committed; only then the
      // squatter's account closes, so a refused claim leaves the squatter exactly as they were.
      const refused = await refuseAcceptance(tx, invitation, systemActor);
      if (refused) return { refused };
      const replacedAccount = holder ? await closeUnconfirmedAccount(tx, deps, { id: holder.id, name: holder.name, createdAt: holder.created_at }) : null;
      // The emailed link proved the address.
      const user = await createAccount(tx.db, { email: invitation.email, name: input.name, passwordHash, emailVerifiedAt: new Date() });
      const joined = await join(deps, tx, invitation, user);
      if (replacedAccount) {
        await recordAccountReplacement(tx, {
          workspaceId: invitation.workspace_id,
          invitationId: invitation.id,
          email: invitation.email,
          user,
          replaced: replacedAccount,
          timeZone: request.timeZone ?? null,
        });
      }
      return { ok: { ...joined, userId: user.id, replacedAccount } };
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_unique")) {
      throw new AppError("EMAIL_TAKEN", "Email already in use: an account with this email already exists. Sign in to accept the invitation.");
    }
    throw error;
  }
  const result = settled(outcome);
  const { cookie } = await startSession(deps, result.userId, request);
  return { workspaceSlug: result.workspaceSlug, membershipId: result.membershipId, joined: result.joined, replacedAccount: result.replacedAccount, cookie };
}
