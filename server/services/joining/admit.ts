/**
 * Letting someone into a workspace through an invite link or a verified
 * domain, with the same checks as accepting an invitation
 * (invitations/acceptance.ts), inside the caller's transaction, which holds
 * the workspace row (as inviting, accepting and changing roles do):
 * - whoever stands behind the way in (the link's maker, the Owner who set
 *   the domain's role) may still give its role, by the one rule of
 *   permissions/give.ts, and may still invite;
 * - a seat is free: the newcomer takes one more than those in use (members
 *   and pending invitations), unless their own pending invitation holds it;
 *   refused for want of one, someone who came in by themselves is told and
 *   whoever manages members hears of it (recorded, then thrown by the caller).
 * Then the membership becomes active with exactly that role and every module
 * open, the join is audited, whoever manages members is told, and the newcomer's
 * sockets join their rooms.
 */
import { sql } from "kysely";
import { AppError } from "../../errors";
import { loadRolesToGrant } from "../../permissions/rails";
import { type Actor, recordAudit } from "../audit";
import { whomToAsk, workspaceContacts } from "../../permissions/contacts";
import { lostRight } from "../invitations/acceptance";
import { notifyMembersManagers } from "../notifications";
import type { Outcome } from "../outcome";
import { type Db, nowIso, type Tx } from "../transaction";
import { planDefinitions, seatLimit, seatsHeld } from "../workspaces/plans";

export type WayIn = { kind: "invite_link"; linkId: string } | { kind: "domain"; domainId: string; domain: string };

export interface Newcomer {
  id: string;
  name: string;
  email: string;
}

export interface Admitted {
  workspaceSlug: string;
  membershipId: string;
  /** False when they were already an active member (nothing changed). */
  joined: boolean;
}

/** Takes the workspace row: the first lock of every change to who holds what there. */
export async function lockWorkspace(tx: Tx, workspaceId: string) {
  return tx.db.selectFrom("workspaces").select(["id", "slug", "name", "plan", "trial_ends_at"]).where("id", "=", workspaceId).forUpdate().executeTakeFirstOrThrow();
}

export async function activeMembership(tx: { db: Db }, workspaceId: string, userId: string) {
  return tx.db.selectFrom("memberships").select(["id", "status"]).where("workspace_id", "=", workspaceId).where("user_id", "=", userId).executeTakeFirst();
}

/**
 * Makes someone's membership active (again, or new) with exactly these
 * roles and every module open (no member_modules rows): the last step of
 * joining, by invitation or by link or domain. Returns its id.
 */
export async function startMembership(tx: Tx, input: { workspaceId: string; userId: string; existing: { id: string } | undefined; roles: Array<{ role_id: string; is_primary: boolean }> }): Promise<string> {
  let membershipId: string;
  if (input.existing) {
    await tx.db
      .updateTable("memberships")
      .set({ status: "active", removed_at: null, joined_at: sql<Date>`now()` })
      .where("id", "=", input.existing.id)
      .execute();
    membershipId = input.existing.id;
  } else {
    membershipId = (await tx.db.insertInto("memberships").values({ workspace_id: input.workspaceId, user_id: input.userId }).returning("id").executeTakeFirstOrThrow()).id;
  }
  await sql`
    with old_roles as (delete from membership_roles where membership_id = ${membershipId})
    delete from member_modules where membership_id = ${membershipId}
  `.execute(tx.db);
  await tx.db
    .insertInto("membership_roles")
    .values(input.roles.map((r) => ({ workspace_id: input.workspaceId, membership_id: membershipId, role_id: r.role_id, is_primary: r.is_primary })))
    .execute();
  return membershipId;
}

function describeWay(way: WayIn): string {
  return way.kind === "invite_link" ? "an invite link" : `the verified domain ${way.domain}`;
}

/**
 * Throws (changing nothing) unless `giverId` may still give `roleId` in the
 * workspace and still invite people there. The words say who lost what and whom to ask.
 */
export async function assertGiverStillMay(tx: { db: Db }, workspace: { id: string; name: string }, giverId: string | null, roleId: string, way: WayIn): Promise<void> {
  const roles = await loadRolesToGrant(tx.db, workspace.id, [roleId]);
  const lost = await lostRight(tx, { workspace_id: workspace.id, invited_by: giverId, sent_by: giverId }, workspace.name, roles);
  if (!lost) return;
  const contacts = await workspaceContacts(tx.db, workspace.id, giverId);
  const standsBehind = way.kind === "invite_link" ? "who made this link" : `who set up joining for ${way.domain}`;
  const reason = lost.sender ? `${lost.sender}, ${standsBehind}, ${lost.what}.` : `The account ${standsBehind} no longer exists.`;
  throw new AppError("JOIN_GIVER_LOST_RIGHT", `${reason} Ask ${whomToAsk(contacts)} for an invitation.`, {
    workspaceName: workspace.name,
    reason,
    contacts,
  });
}

/** A join refused for want of a seat: the refusal (in words that say whom to ask), and the plan's name and limit. */
interface NoSeat {
  refusal: AppError;
  plan: string;
  limit: number;
}

/** Null when one more person fits the plan's seats (a newcomer whose pending invitation holds a seat has theirs). */
export async function noSeatFor(tx: { db: Db }, workspace: { id: string; name: string; plan: keyof typeof planDefinitions; trial_ends_at: Date }, newcomerEmail: string): Promise<NoSeat | null> {
  const limit = seatLimit(workspace.plan, workspace.trial_ends_at);
  if (limit === null) return null;
  // Their own pending invitation is among those counted: that seat is already theirs.
  const { usage, holdsSeat } = await seatsHeld(tx.db, workspace.id, newcomerEmail.toLowerCase());
  if (usage.used + (holdsSeat ? 0 : 1) <= limit) return null;
  const plan = planDefinitions[workspace.plan].label;
  const contacts = await workspaceContacts(tx.db, workspace.id);
  const reason = `The ${plan} plan of ${workspace.name} includes up to ${limit} users, and all of them are taken.`;
  const refusal = new AppError("JOIN_NO_SEAT", `${reason} Ask ${whomToAsk(contacts)} to free a seat or upgrade the plan, then try again.`, {
    workspaceName: workspace.name,
    reason,
    plan,
    limit,
    contacts,
  });
  return { refusal, plan, limit };
}

/** How long one person's refused joins make one notice: opening the link again the same day tells no one twice. */
const seatRefusalQuietMs = 24 * 3_600_000;

/**
 * Someone who came in by themselves (a link or their domain) was refused
 * for want of a seat: whoever manages members is told, once a day per
 * person, since only they can free a seat or upgrade, and the attempt is
 * audited. Committed with the refusal's transaction, which then changes
 * nothing else.
 */
async function recordSeatRefusal(tx: Tx, workspace: { id: string; slug: string; name: string }, newcomer: Newcomer, way: WayIn, { plan, limit }: NoSeat): Promise<void> {
  const recent = await tx.db
    .selectFrom("audit_events")
    .select("id")
    .where("workspace_id", "=", workspace.id)
    .where("action", "=", "member.join_refused")
    .where("target_id", "=", newcomer.id)
    .where("created_at", ">", new Date(Date.now() - seatRefusalQuietMs))
    .executeTakeFirst();
  if (recent) return;
  await recordAudit(tx, {
    workspaceId: workspace.id,
    actor: { userId: newcomer.id, impersonatorUserId: null },
    action: "member.join_refused",
    targetType: "user",
    targetId: newcomer.id,
    targetLabel: newcomer.email,
    after: { reason: "no_seat", via: way.kind, plan, limit },
  });
  await notifyMembersManagers(tx, {
    workspaceId: workspace.id,
    kind: "member.join_no_seat",
    title: `${newcomer.name} can't join ${workspace.name}: no free seat`,
    body: `${newcomer.name} (${newcomer.email}) tried to join through ${describeWay(way)}, but the ${plan} plan includes up to ${limit} users and all of them are taken. Cancel pending invitations, remove someone or upgrade the plan, then ask them to try again.`,
    link: `/w/${workspace.slug}/members`,
  });
}

export async function assertAddressConfirmed(tx: { db: Db }, userId: string): Promise<void> {
  const row = await tx.db.selectFrom("users").select("email_verified_at").where("id", "=", userId).executeTakeFirst();
  if (!row?.email_verified_at) throw new AppError("JOIN_EMAIL_NOT_VERIFIED");
}

/**
 * Lets the newcomer in. The caller holds the workspace row (lockWorkspace)
 * and has checked the way in itself (link usable, domain live).
 */
export async function admit(
  tx: Tx,
  input: {
    workspace: Awaited<ReturnType<typeof lockWorkspace>>;
    newcomer: Newcomer;
    roleId: string;
    giverId: string | null;
    way: WayIn;
    /** The Admin who approved the request, or the newcomer themselves. */
    actor: Actor;
    approvedBy?: { id: string; name: string } | null;
  },
): Promise<Outcome<Admitted>> {
  const { workspace, newcomer, way } = input;
  const existing = await tx.db.selectFrom("memberships").select(["id", "status"]).where("workspace_id", "=", workspace.id).where("user_id", "=", newcomer.id).forUpdate().executeTakeFirst();
  if (existing?.status === "active") return { ok: { workspaceSlug: workspace.slug, membershipId: existing.id, joined: false } };

  await assertGiverStillMay(tx, workspace, input.giverId, input.roleId, way);
  const noSeat = await noSeatFor(tx, workspace, newcomer.email);
  if (noSeat) {
    // An approver is told at once; someone who came in by themselves leaves a record for those who can help.
    if (input.actor.userId !== newcomer.id) throw noSeat.refusal;
    await recordSeatRefusal(tx, workspace, newcomer, way, noSeat);
    return { refused: noSeat.refusal };
  }

  // Exactly the link's or domain's role.
  const membershipId = await startMembership(tx, { workspaceId: workspace.id, userId: newcomer.id, existing, roles: [{ role_id: input.roleId, is_primary: true }] });
  const role = await tx.db.selectFrom("roles").select("name").where("id", "=", input.roleId).executeTakeFirstOrThrow();

  await recordAudit(tx, {
    workspaceId: workspace.id,
    actor: input.actor,
    action: "member.joined",
    targetType: "membership",
    targetId: membershipId,
    targetLabel: newcomer.email,
    before: existing ? { status: existing.status } : null,
    after: {
      status: "active",
      roles: [role.name],
      via: way.kind,
      ...(way.kind === "invite_link" ? { inviteLinkId: way.linkId } : { domainId: way.domainId, domain: way.domain }),
      ...(input.approvedBy ? { approvedBy: input.approvedBy.id } : {}),
    },
  });
  const how = describeWay(way);
  const approved = input.approvedBy ? `, approved by ${input.approvedBy.name}` : "";
  await notifyMembersManagers(
    tx,
    {
      workspaceId: workspace.id,
      kind: "member.joined",
      title: `${newcomer.name} joined ${workspace.name}`,
      body: `${newcomer.name} (${newcomer.email}) joined through ${how} as ${role.name}${approved}.`,
      link: `/w/${workspace.slug}/members`,
    },
    newcomer.id,
  );
  tx.emit({ kind: "workspace", workspaceId: workspace.id, permission: "members.view" }, { type: "member.changed", change: "joined", workspaceId: workspace.id, membershipId, at: nowIso() });
  tx.refreshRooms(newcomer.id);
  return { ok: { workspaceSlug: workspace.slug, membershipId, joined: true } };
}
