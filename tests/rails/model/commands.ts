/**
 * The actions of the model-based test, each by a random person of the cast
 * over the real HTTP API: invite, accept, make an invite link and join
 * through it, cancel, remove, change roles
 * (demote, promote, give custom roles), ask for and approve a grant,
 * revoke it, create a custom role, start and stop viewing as someone,
 * change the plan, leave the workspace and transfer ownership. Each one first decides from the model alone whether it
 * must be allowed, then runs, then checks that the server agreed, updates
 * the model, and checks every invariant.
 */
import fc from "fast-check";
import type { Plan } from "#db/schema";
import { isRecordPermission, type Permission, type Scope, scopeRank } from "#shared/permissions/catalogue";
import { tokenFromMailbox } from "../../helpers/invitations";
import { connectSocket, roomsOf } from "../../helpers/sockets";
import {
  activeOwnerCount,
  can,
  effectivePermissions,
  endBrokenViews,
  identityOf,
  isActive,
  isOwner,
  isOwnerOnlyPermission,
  leaveChain,
  manages,
  rolePermissions as rolePermissionsOf,
  type Model,
  mayGive,
  role,
  seats,
} from "./spec";
import { checkInvariants, expectAgreement, outcomeOf, type Real } from "./world";

type Step = fc.AsyncCommand<Model, Real>;

/** Runs an action and then the invariants, with the seat counts from before it. */
abstract class RailsCommand implements Step {
  protected planChange = false;
  /** The acting person, resolved from `who` when the step runs. */
  protected actor = 0;
  constructor(readonly who: ActorPick) {}
  check(_m: Readonly<Model>): boolean {
    return true;
  }
  async run(m: Model, r: Real): Promise<void> {
    const before = seats(m);
    m.stats.steps += 1;
    this.actor = actorOf(m, this.who);
    await this.act(m, r);
    endBrokenViews(m);
    await checkInvariants(m, r, before, this.planChange);
  }
  protected abstract act(m: Model, r: Real): Promise<void>;
  abstract toString(): string;
}

/** A step that picks one of a list (an invitation, a member, a grant) by `index`, modulo the list's length when it runs. */
abstract class PickingCommand extends RailsCommand {
  constructor(
    who: ActorPick,
    readonly index: number,
  ) {
    super(who);
  }
}

const person = (r: Real, key: number) => {
  const found = r.people[key];
  if (!found) throw new Error(`No person ${key}`);
  return found;
};
const nameOf = (m: Model, key: number) => m.people[key]?.name ?? `#${key}`;
const pick = <T>(list: T[], index: number): T | undefined => (list.length === 0 ? undefined : list[index % list.length]);
/**
 * Who acts, chosen when the step runs: one of the two Owners or the Admin, one of the others, someone
 * holding a grant right now (to try passing it on), someone viewing as a member (to act as them), or a
 * member being viewed (whose leaving must end the view).
 */
export interface ActorPick {
  kind: "strong" | "lesser" | "grantee" | "viewer" | "viewed";
  index: number;
}

function actorOf(m: Readonly<Model>, who: ActorPick): number {
  const fallback = who.index % m.people.length;
  if (who.kind === "strong") return who.index % 3;
  if (who.kind === "lesser") return 2 + (who.index % (m.people.length - 2));
  if (who.kind === "grantee") return pick([...new Set(m.grants.map((g) => g.holder))], who.index) ?? fallback;
  if (who.kind === "viewed") return pick([...m.views.values()], who.index) ?? fallback;
  return pick([...m.views.keys()], who.index) ?? fallback;
}

/**
 * Roles to give, chosen when the step runs: often among those whose every permission the caller holds
 * right now, roles and grants alike — where "only through roles" is what decides.
 */
function rolesPicked(m: Readonly<Model>, caller: number, indexes: number[]): string[] {
  const held = effectivePermissions(m as Model, caller);
  const within = m.roles.filter((r) => [...r.grants].every(([p, s]) => held.has(p) && scopeRank[held.get(p) as Scope] >= scopeRank[s]));
  const choices = [...within, ...within, ...m.roles];
  return [...new Set(indexes.map((i) => pick(choices, i)?.id ?? ""))];
}

/** Targets are chosen among the people the action can apply to now, so few steps are skipped. */
const activeKeys = (m: Readonly<Model>) => m.people.filter((p) => p.status === "active").map((p) => p.key);
/** The same, often someone in a view-as (its viewer or its member): what a removal or a role change must end. */
const targetKeys = (m: Readonly<Model>) => {
  const inViews = [...m.views.entries()].flat().filter((k) => m.people[k]?.status === "active");
  return [...inViews, ...inViews, ...activeKeys(m)];
};
const outsiderKeys = (m: Readonly<Model>) => m.people.filter((p) => p.status !== "active").map((p) => p.key);

class Invite extends RailsCommand {
  private invitee = 0;
  constructor(
    who: ActorPick,
    /** Mostly someone not in the workspace; sometimes anyone (already a member, already invited). */
    readonly whom: { outsider: boolean; index: number },
    readonly roleIndexes: number[],
  ) {
    super(who);
  }
  toString() {
    return `Invite(by ${this.actor}, ${this.whom.outsider ? "outsider" : "anyone"} ${this.whom.index}, roles ${this.roleIndexes.join("+")})`;
  }
  protected async act(m: Model, r: Real) {
    const outsiders = outsiderKeys(m);
    this.invitee = this.whom.outsider && outsiders.length > 0 ? (pick(outsiders, this.whom.index) ?? 0) : this.whom.index % m.people.length;
    const caller = identityOf(m, this.actor);
    const roleIds = rolesPicked(m, caller, this.roleIndexes);
    const expected = can(m, caller, "members.invite") && mayGive(m, caller, { roleIds }, []);
    const outcome = await outcomeOf(
      person(r, this.actor).http.invitations.invite.mutate({
        workspaceSlug: r.ws.slug,
        emails: [person(r, this.invitee).email],
        roleIds,
        primaryRoleId: roleIds[0] ?? "",
      }),
    );
    expectAgreement(m, `${nameOf(m, this.actor)} invites ${nameOf(m, this.invitee)}`, expected, outcome);
    if (!outcome.ok) return;
    const answer = outcome.value.results[0];
    const { used, limit } = seats(m);
    const wanted = isActive(m, this.invitee)
      ? "already_member"
      : m.invitations.some((i) => i.invitee === this.invitee && i.status === "pending")
        ? "already_invited"
        : limit !== null && used >= limit
          ? "seat_limit"
          : "invited";
    if (answer?.outcome !== wanted) throw new Error(`${this.toString()}: the model expects "${wanted}", the server answered "${answer?.outcome}"`);
    if (answer.invitationId) m.invitations.push({ id: answer.invitationId, invitee: this.invitee, roleIds, sentBy: caller, status: "pending" });
  }
}

class Accept extends RailsCommand {
  constructor(readonly index: number) {
    // The invitee acts; who that is follows from the invitation picked.
    super({ kind: "strong", index: 0 });
  }
  toString() {
    return `Accept(${this.index})`;
  }
  override check(m: Readonly<Model>) {
    return m.invitations.some((i) => i.status === "pending");
  }
  protected async act(m: Model, r: Real) {
    const invitation = pick(
      m.invitations.filter((i) => i.status === "pending"),
      this.index,
    );
    if (!invitation) return;
    const sender = invitation.sentBy;
    const rightStands = can(m, sender, "members.invite") && mayGive(m, sender, { roleIds: invitation.roleIds }, []);
    const { used, limit } = seats(m);
    const seatFree = limit === null || used <= limit;
    // Someone who joined another way meanwhile (an invite link) is given nothing and keeps their access.
    const alreadyIn = isActive(m, invitation.invitee);
    const invitee = person(r, invitation.invitee);
    const token = await tokenFromMailbox(r.server, invitee.email);
    const outcome = await outcomeOf(invitee.http.invitations.accept.mutate({ token }));
    expectAgreement(m, `${nameOf(m, invitation.invitee)} accepts ${nameOf(m, sender)}'s invitation`, alreadyIn || (rightStands && seatFree), outcome);
    if (outcome.ok) {
      invitation.status = "accepted";
      const joined = m.people[invitation.invitee];
      if (joined && !alreadyIn) Object.assign(joined, { status: "active", roleIds: [...invitation.roleIds] });
      invitee.membershipId = outcome.value.membershipId;
    } else {
      const code = rightStands ? "INVITATION_NO_SEAT" : "INVITATION_VOIDED";
      if (outcome.code !== code) throw new Error(`${this.toString()}: expected ${code}, got ${outcome.code}`);
      if (!rightStands) invitation.status = "voided";
    }
  }
}

/** Makes a shareable invite link (issue 13): Member or Viewer unless an Owner chooses more, within the one rule. */
class MakeLink extends RailsCommand {
  constructor(
    who: ActorPick,
    readonly roleIndex: number,
  ) {
    super(who);
  }
  toString() {
    return `MakeLink(by ${this.actor}, role ${this.roleIndex})`;
  }
  protected async act(m: Model, r: Real) {
    const caller = identityOf(m, this.actor);
    const [roleId = ""] = rolesPicked(m, caller, [this.roleIndex]);
    const picked = role(m, roleId);
    const offered = isOwner(m, caller) || picked.builtinKey === "member" || picked.builtinKey === "viewer";
    const expected = can(m, caller, "members.invite") && offered && mayGive(m, caller, { roleIds: [roleId] }, []);
    const outcome = await outcomeOf(person(r, this.actor).http.inviteLinks.create.mutate({ workspaceSlug: r.ws.slug, roleId, expiresInDays: 1, maxUses: null, requiresApproval: false }));
    expectAgreement(m, `${nameOf(m, this.actor)} makes an invite link for ${picked.name}`, expected, outcome);
    if (outcome.ok) m.links.push({ id: outcome.value.id, token: outcome.value.url.split("/join/").pop() ?? "", roleId, maker: caller });
  }
}

/** Someone (mostly not in the workspace) opens an invite link: joins with its role if its maker may still give it and a seat is free. */
class JoinByLink extends RailsCommand {
  private joiner = 0;
  constructor(
    readonly linkIndex: number,
    readonly whom: { outsider: boolean; index: number },
  ) {
    super({ kind: "strong", index: 0 });
  }
  toString() {
    return `JoinByLink(${this.linkIndex}, ${this.whom.outsider ? "outsider" : "anyone"} ${this.whom.index})`;
  }
  override check(m: Readonly<Model>) {
    return m.links.length > 0;
  }
  protected async act(m: Model, r: Real) {
    const link = pick(m.links, this.linkIndex);
    if (!link) return;
    const outsiders = outsiderKeys(m);
    this.joiner = this.whom.outsider && outsiders.length > 0 ? (pick(outsiders, this.whom.index) ?? 0) : this.whom.index % m.people.length;
    const alreadyIn = isActive(m, this.joiner);
    const rightStands = can(m, link.maker, "members.invite") && mayGive(m, link.maker, { roleIds: [link.roleId] }, []);
    const { used, limit } = seats(m);
    // Their own pending invitation already holds their seat.
    const holdsSeat = m.invitations.some((i) => i.status === "pending" && i.invitee === this.joiner);
    const seatFree = limit === null || used + (holdsSeat ? 0 : 1) <= limit;
    const joiner = person(r, this.joiner);
    const outcome = await outcomeOf(joiner.http.inviteLinks.join.mutate({ token: link.token }));
    expectAgreement(m, `${nameOf(m, this.joiner)} joins through ${nameOf(m, link.maker)}'s link`, alreadyIn || (rightStands && seatFree), outcome);
    if (outcome.ok) {
      if (outcome.value.outcome === "waiting") throw new Error(`${this.toString()}: no link here requires approval`);
      if (outcome.value.outcome !== (alreadyIn ? "already_member" : "joined")) throw new Error(`${this.toString()}: the server answered ${outcome.value.outcome}`);
      const joined = m.people[this.joiner];
      if (joined && !alreadyIn) Object.assign(joined, { status: "active", roleIds: [link.roleId] });
      joiner.membershipId = outcome.value.membershipId;
    } else {
      const code = rightStands ? "JOIN_NO_SEAT" : "JOIN_GIVER_LOST_RIGHT";
      if (outcome.code !== code) throw new Error(`${this.toString()}: expected ${code}, got ${outcome.code}`);
    }
  }
}

class Cancel extends PickingCommand {
  toString() {
    return `Cancel(by ${this.actor}, ${this.index})`;
  }
  override check(m: Readonly<Model>) {
    return m.invitations.some((i) => i.status === "pending");
  }
  protected async act(m: Model, r: Real) {
    const caller = identityOf(m, this.actor);
    const pending = m.invitations.filter((i) => i.status === "pending");
    // Often one whose roles the caller could not give: the cancel the rule must refuse.
    const beyond = pending.filter((i) => !mayGive(m, caller, { roleIds: i.roleIds }, []));
    const invitation = pick([...beyond, ...pending], this.index);
    if (!invitation) return;
    const expected = can(m, caller, "members.invite") && mayGive(m, caller, { roleIds: invitation.roleIds }, []);
    const outcome = await outcomeOf(person(r, this.actor).http.invitations.cancel.mutate({ workspaceSlug: r.ws.slug, invitationId: invitation.id }));
    expectAgreement(m, `${nameOf(m, this.actor)} cancels ${nameOf(m, invitation.invitee)}'s invitation`, expected, outcome);
    if (outcome.ok) invitation.status = "cancelled";
  }
}

class Remove extends PickingCommand {
  private target = 0;
  toString() {
    return `Remove(by ${this.actor}, active member ${this.index})`;
  }
  protected async act(m: Model, r: Real) {
    this.target = pick(targetKeys(m), this.index) ?? 0;
    const caller = identityOf(m, this.actor);
    const lastOwner = isOwner(m, this.target) && activeOwnerCount(m) === 1;
    const expected = can(m, caller, "members.manage") && isActive(m, this.target) && (!isOwner(m, this.target) || isOwner(m, caller)) && !lastOwner;
    const target = person(r, this.target);
    const outcome = await outcomeOf(person(r, this.actor).http.members.remove.mutate({ workspaceSlug: r.ws.slug, membershipId: target.membershipId ?? "" }));
    expectAgreement(m, `${nameOf(m, this.actor)} removes ${nameOf(m, this.target)}`, expected, outcome);
    if (!outcome.ok) return;
    const removed = m.people[this.target];
    if (removed) removed.status = "removed";
    // Grants belong to a stay: a rejoining member starts without them.
    m.grants = m.grants.filter((g) => g.holder !== this.target);
    leaveChain(m, this.target);
    // A socket opened now, after the removal, joins none of the workspace's rooms either.
    const fresh = await connectSocket(r.server, { cookie: target.cookie });
    try {
      const joined = (await roomsOf(r.server, fresh)).filter((room) => room.startsWith(`ws:${r.ws.id}`));
      if (joined.length > 0) throw new Error(`${nameOf(m, this.target)}'s new socket joined ${joined.join(", ")} after removal`);
    } finally {
      fresh.close();
    }
  }
}

/** One person sets another's roles (the core of SetRoles and of passing a grant on). */
async function trySetRoles(m: Model, r: Real, actor: number, target: number, roleIds: string[]): Promise<void> {
  const caller = identityOf(m, actor);
  const before = m.people[target]?.roleIds ?? [];
  const added = roleIds.filter((id) => !before.includes(id));
  const takesOwner = before.some((id) => role(m, id).builtinKey === "owner") && !roleIds.some((id) => role(m, id).builtinKey === "owner");
  const after = m.people.map((p) => (p.key === target ? { ...p, roleIds } : p));
  const ownerLeft = after.some((p) => p.status === "active" && p.roleIds.some((id) => role(m, id).builtinKey === "owner"));
  const expected =
    can(m, caller, "members.manage") && isActive(m, target) && (!isOwner(m, target) || isOwner(m, caller)) && mayGive(m, caller, { roleIds: added }, [target]) && (!takesOwner || isOwner(m, caller)) && ownerLeft;
  const outcome = await outcomeOf(
    person(r, actor).http.members.setRoles.mutate({
      workspaceSlug: r.ws.slug,
      membershipId: person(r, target).membershipId ?? "",
      roleIds,
      primaryRoleId: roleIds[0] ?? "",
    }),
  );
  expectAgreement(m, `${nameOf(m, caller)} sets ${nameOf(m, target)}'s roles to ${roleIds.map((id) => role(m, id).name).join(", ")}`, expected, outcome);
  const changed = m.people[target];
  if (outcome.ok && changed) changed.roleIds = roleIds;
}

/** A member asks for access, another decides (the core of Grant and of passing a grant on). */
async function tryGrant(m: Model, r: Real, approver: number, requester: number, permission: Permission, scope: Scope, permanent: boolean): Promise<void> {
  const asker = identityOf(m, requester);
  const decider = identityOf(m, approver);
  const wanted: Scope = isRecordPermission(permission) ? scope : "all";
  const mayAsk = isActive(m, asker) && !can(m, asker, permission, scope);
  const asked = await outcomeOf(person(r, requester).http.requests.create.mutate({ workspaceSlug: r.ws.slug, permission, scope, reason: "Model-based test", duration: permanent ? "permanent" : "1d" }));
  expectAgreement(m, `${nameOf(m, asker)} asks for ${permission} (${scope})`, mayAsk, asked);
  if (!asked.ok) return;
  const mayApprove =
    can(m, decider, "requests.approve") && decider !== asker && (rolePermissionsOf(m, decider).has("members.manage") || manages(m, decider, asker)) && mayGive(m, decider, { grants: [[permission, wanted]] }, [asker]);
  const approved = await outcomeOf(person(r, approver).http.requests.approve.mutate({ workspaceSlug: r.ws.slug, requestId: asked.value.id }));
  expectAgreement(m, `${nameOf(m, decider)} approves ${nameOf(m, asker)}'s ${permission} (${scope})`, mayApprove, approved);
  if (approved.ok) {
    m.grants.push({ id: approved.value.grantId, holder: asker, permission, scope: wanted });
  } else {
    // Undecided requests are withdrawn, so the next identical ask is not a duplicate.
    await person(r, requester).http.requests.withdraw.mutate({ workspaceSlug: r.ws.slug, requestId: asked.value.id });
  }
}

let roleCounter = 0;

/** A person makes a custom role of these permissions (the core of CreateRole and of passing a grant on). */
async function tryCreateRole(m: Model, r: Real, actor: number, contents: Array<[Permission, Scope]>): Promise<string | null> {
  const caller = identityOf(m, actor);
  const grants = new Map<Permission, Scope>(contents);
  const list = [...grants.entries()];
  // Owner power lives in the Owner role alone: no custom role carries it, whoever makes it.
  const expected = can(m, caller, "roles.manage") && !list.some(([p]) => isOwnerOnlyPermission(p)) && mayGive(m, caller, { grants: list }, []);
  roleCounter += 1;
  const name = `Custom ${roleCounter}`;
  const outcome = await outcomeOf(person(r, actor).http.roles.create.mutate({ workspaceSlug: r.ws.slug, name, grants: list.map(([permission, scope]) => ({ permission, scope })) }));
  expectAgreement(m, `${nameOf(m, caller)} creates a role of ${list.map(([p, sc]) => `${p}:${sc}`).join(", ")}`, expected, outcome);
  if (!outcome.ok) return null;
  m.roles.push({ id: outcome.value.id, name, builtinKey: null, grants });
  return outcome.value.id;
}

class SetRoles extends RailsCommand {
  constructor(
    who: ActorPick,
    /** Null: the caller's own identity (giving to oneself); otherwise one of the active members. */
    readonly index: number | null,
    readonly roleIndexes: number[],
  ) {
    super(who);
  }
  toString() {
    return `SetRoles(by ${this.actor}, ${this.index === null ? "self" : `active member ${this.index}`}, roles ${this.roleIndexes.join("+")})`;
  }
  protected async act(m: Model, r: Real) {
    const caller = identityOf(m, this.actor);
    const target = this.index === null ? caller : (pick(targetKeys(m), this.index) ?? 0);
    await trySetRoles(m, r, this.actor, target, rolesPicked(m, caller, this.roleIndexes));
  }
}

const requestable: Array<[Permission, Scope]> = [
  ["members.invite", "all"],
  ["members.manage", "all"],
  ["roles.manage", "all"],
  ["requests.approve", "all"],
  ["audit.view", "all"],
  ["crm.contacts.export", "all"],
  ["crm.contacts.export", "own"],
  ["crm.contacts.delete", "team"],
  ["recruiting.jobs.read", "all"],
];

class Grant extends RailsCommand {
  constructor(
    /** Who decides. */
    who: ActorPick,
    /** Who asks: one of those who hold less. */
    readonly asking: number,
    readonly what: number,
    readonly permanent: boolean,
  ) {
    super(who);
  }
  toString() {
    return `Grant(asked by ${this.asking}, decided by ${this.actor}, ${this.what})`;
  }
  protected async act(m: Model, r: Real) {
    // Often what someone holds by a grant right now: the approvals a grant must never let its holder give.
    const granted = m.grants.map((g): [Permission, Scope] => [g.permission, g.scope]);
    const choices = [...granted, ...granted, ...granted, ...requestable];
    const [permission, scope] = choices[this.what % choices.length] as [Permission, Scope];
    await tryGrant(m, r, this.actor, 2 + (this.asking % (m.people.length - 2)), permission, scope, this.permanent);
  }
}

class Revoke extends PickingCommand {
  toString() {
    return `Revoke(by ${this.actor}, ${this.index})`;
  }
  override check(m: Readonly<Model>) {
    return m.grants.length > 0;
  }
  protected async act(m: Model, r: Real) {
    const grant = pick(m.grants, this.index);
    if (!grant) return;
    const caller = identityOf(m, this.actor);
    const outcome = await outcomeOf(person(r, this.actor).http.grants.revoke.mutate({ workspaceSlug: r.ws.slug, grantId: grant.id }));
    expectAgreement(m, `${nameOf(m, caller)} revokes ${nameOf(m, grant.holder)}'s ${grant.permission}`, can(m, caller, "members.manage"), outcome);
    if (outcome.ok) m.grants = m.grants.filter((g) => g.id !== grant.id);
  }
}

const roleContents: Array<[Permission, Scope]> = [
  ["members.view", "all"],
  ["members.invite", "all"],
  ["members.manage", "all"],
  ["roles.manage", "all"],
  ["requests.approve", "all"],
  ["audit.view", "all"],
  ["billing.manage", "all"],
  ["crm.contacts.read", "all"],
  ["crm.contacts.export", "team"],
  ["recruiting.candidates.update", "own"],
];

class CreateRole extends RailsCommand {
  constructor(
    who: ActorPick,
    readonly contents: number[],
  ) {
    super(who);
  }
  toString() {
    return `CreateRole(by ${this.actor}, ${this.contents.join("+")})`;
  }
  protected async act(m: Model, r: Real) {
    const caller = identityOf(m, this.actor);
    // Chosen among what anyone holds by a grant now, what the caller holds (roles and grants alike) and a
    // fixed list: roles made of granted access come up often.
    const granted = m.grants.map((g): [Permission, Scope] => [g.permission, g.scope]);
    const candidates: Array<[Permission, Scope]> = [...granted, ...granted, ...effectivePermissions(m, caller).entries(), ...roleContents];
    await tryCreateRole(
      m,
      r,
      this.actor,
      this.contents.map((i) => candidates[i % candidates.length] as [Permission, Scope]),
    );
  }
}

/**
 * Someone holding a grant tries to pass it on, each way there is: a custom role made of it (and given to
 * someone), an approval of the same access for someone they manage, or a role that carries it.
 */
class PassOnGrant extends RailsCommand {
  constructor(
    readonly index: number,
    readonly how: number,
    readonly other: number,
  ) {
    super({ kind: "grantee", index });
  }
  toString() {
    return `PassOnGrant(grant ${this.index}, way ${this.how % 3}, other ${this.other})`;
  }
  override check(m: Readonly<Model>) {
    return m.grants.length > 0;
  }
  protected async act(m: Model, r: Real) {
    const grant = pick(m.grants, this.index);
    if (!grant) return;
    const holder = grant.holder;
    const gift: [Permission, Scope] = [grant.permission, grant.scope];
    const others = activeKeys(m).filter((k) => k !== holder);
    if (this.how % 3 === 0) {
      const roleId = await tryCreateRole(m, r, holder, [gift, ...[...rolePermissionsOf(m, holder)].slice(0, this.other % 3)]);
      const target = pick(others, this.other);
      if (roleId && target !== undefined) await trySetRoles(m, r, holder, target, [...(m.people[target]?.roleIds ?? []), roleId]);
    } else if (this.how % 3 === 1) {
      const reports = activeKeys(m).filter((k) => manages(m, holder, k));
      const report = pick(reports.length > 0 ? reports : others, this.other);
      if (report !== undefined) await tryGrant(m, r, holder, report, gift[0], gift[1], this.other % 2 === 0);
    } else {
      const carrying = m.roles.filter((ro) => ro.builtinKey === null && ro.grants.has(gift[0]));
      const roleId = pick(carrying, this.other)?.id;
      const target = pick(others, this.other);
      if (roleId && target !== undefined) await trySetRoles(m, r, holder, target, [...new Set([...(m.people[target]?.roleIds ?? []), roleId])]);
    }
  }
}

class StartView extends PickingCommand {
  private target = 0;
  toString() {
    return `StartView(${this.actor} as active member ${this.index})`;
  }
  protected async act(m: Model, r: Real) {
    this.target = pick(activeKeys(m), this.index) ?? 0;
    const caller = identityOf(m, this.actor);
    const expected = isOwner(m, caller) && caller === this.actor && this.target !== this.actor && isActive(m, this.target) && !isOwner(m, this.target);
    const outcome = await outcomeOf(
      person(r, this.actor).http.impersonation.start.mutate({
        workspaceSlug: r.ws.slug,
        membershipId: person(r, this.target).membershipId ?? "",
        // The viewer's own password, asked again before every view (re-authentication).
        password: person(r, this.actor).password,
      }),
    );
    expectAgreement(m, `${nameOf(m, this.actor)} starts viewing as ${nameOf(m, this.target)}`, expected, outcome);
    if (outcome.ok) m.views.set(this.actor, this.target);
  }
}

class StopView extends RailsCommand {
  constructor(who: ActorPick) {
    super(who);
  }
  toString() {
    return `StopView(${this.actor})`;
  }
  protected async act(m: Model, r: Real) {
    const outcome = await outcomeOf(person(r, this.actor).http.impersonation.stop.mutate());
    expectAgreement(m, `${nameOf(m, this.actor)} stops viewing`, true, outcome);
    m.views.delete(this.actor);
  }
}

/** The acting person leaves the workspace themselves (never while viewing as someone; never its last Owner). */
class Leave extends RailsCommand {
  toString() {
    return `Leave(${this.actor})`;
  }
  protected async act(m: Model, r: Real) {
    const viewing = identityOf(m, this.actor) !== this.actor;
    const lastOwner = isOwner(m, this.actor) && activeOwnerCount(m) === 1;
    const expected = !viewing && isActive(m, this.actor) && !lastOwner;
    const outcome = await outcomeOf(person(r, this.actor).http.members.leave.mutate({ workspaceSlug: r.ws.slug }));
    expectAgreement(m, `${nameOf(m, this.actor)} leaves${viewing ? " (while viewing)" : ""}`, expected, outcome);
    if (!outcome.ok) return;
    const left = m.people[this.actor];
    if (left) left.status = "removed";
    m.grants = m.grants.filter((g) => g.holder !== this.actor);
    leaveChain(m, this.actor);
  }
}

/** An Owner makes another member an Owner, staying an Owner or stepping down to Admin (the give rule: Owners only, never to oneself). */
class TransferOwnership extends RailsCommand {
  private target = 0;
  constructor(
    who: ActorPick,
    readonly index: number,
    readonly stepDown: boolean,
  ) {
    super(who);
  }
  toString() {
    return `TransferOwnership(by ${this.actor}, to active member ${this.index}${this.stepDown ? ", stepping down" : ""})`;
  }
  protected async act(m: Model, r: Real) {
    // Often a member being viewed: making them an Owner must end the view.
    const viewedNow = [...m.views.values()];
    this.target = pick([...viewedNow, ...viewedNow, ...viewedNow, ...targetKeys(m)], this.index) ?? 0;
    // While viewing, the caller is the member viewed, who is never an Owner.
    const caller = identityOf(m, this.actor);
    const expected = isOwner(m, caller) && this.target !== caller && isActive(m, this.target) && !isOwner(m, this.target);
    const outcome = await outcomeOf(
      person(r, this.actor).http.members.transferOwnership.mutate({
        workspaceSlug: r.ws.slug,
        membershipId: person(r, this.target).membershipId ?? "",
        formerOwnerBecomes: this.stepDown ? "admin" : "owner",
      }),
    );
    expectAgreement(m, `${nameOf(m, caller)} makes ${nameOf(m, this.target)} an Owner${this.stepDown ? ", stepping down to Admin" : ""}`, expected, outcome);
    if (!outcome.ok) return;
    const ownerRole = m.roles.find((ro) => ro.builtinKey === "owner")?.id ?? "";
    const adminRole = m.roles.find((ro) => ro.builtinKey === "admin")?.id ?? "";
    const withPrimary = (primary: string, others: string[]) => [primary, ...new Set(others.filter((id) => id !== primary))];
    const heir = m.people[this.target];
    if (heir) heir.roleIds = withPrimary(ownerRole, heir.roleIds);
    const me = m.people[caller];
    if (me && this.stepDown)
      me.roleIds = withPrimary(
        adminRole,
        me.roleIds.filter((id) => id !== ownerRole),
      );
  }
}

class ChangePlan extends RailsCommand {
  constructor(
    who: ActorPick,
    readonly plan: Plan,
  ) {
    super(who);
    this.planChange = true;
  }
  toString() {
    return `ChangePlan(by ${this.actor}, ${this.plan})`;
  }
  protected async act(m: Model, r: Real) {
    const caller = identityOf(m, this.actor);
    const outcome = await outcomeOf(person(r, this.actor).http.billing.changePlan.mutate({ workspaceSlug: r.ws.slug, plan: this.plan }));
    expectAgreement(m, `${nameOf(m, caller)} changes the plan to ${this.plan}`, isOwner(m, caller), outcome);
    if (outcome.ok) m.plan = this.plan;
  }
}

export function railsCommands() {
  const index = fc.nat();
  // Mostly the two Owners and the Admin (so sequences reach deep states) and the others, who hold less;
  // sometimes whoever holds a grant now (to try passing it on) or views as someone (to act as them).
  const strong = index.map((i): ActorPick => ({ kind: "strong", index: i }));
  const someone = fc
    .oneof(
      { arbitrary: fc.constant("strong" as const), weight: 3 },
      { arbitrary: fc.constant("lesser" as const), weight: 3 },
      { arbitrary: fc.constant("grantee" as const), weight: 2 },
      { arbitrary: fc.constant("viewer" as const), weight: 1 },
    )
    .chain((kind) => index.map((i): ActorPick => ({ kind, index: i })));
  const roleIndexes = fc.array(index, { minLength: 1, maxLength: 3 });
  const invite = fc
    .tuple(fc.oneof(someone, strong), fc.record({ outsider: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }), index }), roleIndexes)
    .map(([a, whom, roles]) => new Invite(a, whom, roles));
  const accept = index.map((i) => new Accept(i));
  const makeLink = fc.tuple(fc.oneof(someone, strong), index).map(([a, i]) => new MakeLink(a, i));
  const joinByLink = fc.tuple(index, fc.record({ outsider: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }), index })).map(([i, whom]) => new JoinByLink(i, whom));
  const cancel = fc.tuple(fc.oneof(someone, strong), index).map(([a, i]) => new Cancel(a, i));
  const setRoles = fc.tuple(someone, fc.option(index, { freq: 3 }), roleIndexes).map(([a, i, roles]) => new SetRoles(a, i, roles));
  const grant = fc.tuple(someone, index, index, fc.boolean()).map(([a, asking, w, p]) => new Grant(a, asking, w, p));
  const createRole = fc.tuple(someone, fc.array(index, { minLength: 1, maxLength: 4 })).map(([a, c]) => new CreateRole(a, c));
  const passOn = fc.tuple(index, index, index).map(([i, how, other]) => new PassOnGrant(i, how, other));
  const changePlan = fc.tuple(someone, fc.constantFrom<Plan>("starter", "professional", "enterprise")).map(([a, p]) => new ChangePlan(a, p));
  // Often someone in a view-as: its viewer (who may neither leave nor transfer as the member viewed) or its
  // member (whose leaving ends it).
  const inView = index.map((i): ActorPick => ({ kind: "viewer", index: i }));
  const viewed = index.map((i): ActorPick => ({ kind: "viewed", index: i }));
  const leave = fc.oneof(someone, inView, viewed).map((a) => new Leave(a));
  const transfer = fc.tuple(fc.oneof(someone, strong, inView), index, fc.boolean()).map(([a, i, down]) => new TransferOwnership(a, i, down));
  // Listed twice: the actions that give access come up more often.
  return [
    invite,
    invite,
    accept,
    accept,
    makeLink,
    joinByLink,
    cancel,
    cancel,
    fc.tuple(someone, index).map(([a, i]) => new Remove(a, i)),
    setRoles,
    setRoles,
    grant,
    grant,
    grant,
    fc.tuple(someone, index).map(([a, i]) => new Revoke(a, i)),
    createRole,
    createRole,
    passOn,
    passOn,
    fc.tuple(someone, index).map(([a, i]) => new StartView(a, i)),
    someone.map((a) => new StopView(a)),
    changePlan,
    changePlan,
    leave,
    transfer,
    transfer,
  ];
}
