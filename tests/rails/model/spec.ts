/**
 * The model: what the product documents and issue 12 say a workspace
 * should look like, written independently of the server. It knows who holds
 * which roles and grants, the invitations, the views-as and the plan, and
 * decides by itself whether each action must be allowed. The model-based
 * test runs the same actions on the real server and checks that both agree
 * and that the server never holds more than the model allows.
 */
import type { Plan } from "#db/schema";
import { type BuiltInRoleKey, builtInRoles } from "#shared/permissions/builtinRoles";
import { isRecordPermission, ownerOnlyPermissions, type Permission, type Scope, scopeRank, workspacePermissions } from "#shared/permissions/catalogue";

export type Grants = Map<Permission, Scope>;

export interface ModelRole {
  id: string;
  name: string;
  builtinKey: BuiltInRoleKey | null;
  grants: Grants;
}

export interface ModelPerson {
  key: number;
  name: string;
  status: "active" | "removed" | "never";
  roleIds: string[];
}

export interface ModelGrant {
  id: string;
  holder: number;
  permission: Permission;
  scope: Scope;
}

export interface ModelInvitation {
  id: string;
  invitee: number;
  roleIds: string[];
  /** Whose right it rests on (the identity that sent it: the member, when sent while viewing as them). */
  sentBy: number;
  status: "pending" | "accepted" | "cancelled" | "voided";
}

/** A shareable invite link (issue 13): one role, resting on its maker's right to give it. */
export interface ModelInviteLink {
  id: string;
  token: string;
  roleId: string;
  maker: number;
}

export interface Model {
  plan: Plan;
  links: ModelInviteLink[];
  roles: ModelRole[];
  people: ModelPerson[];
  grants: ModelGrant[];
  invitations: ModelInvitation[];
  /** Viewer (the person whose session it is) → member viewed. */
  views: Map<number, number>;
  /** Who reports to whom (a removed member's reports move up to their manager). */
  managerOf: Map<number, number | null>;
  /** Counts for the closing note. */
  stats: { steps: number; allowed: number; refused: number };
}

export const seatLimits: Record<Plan, number | null> = { starter: 5, professional: 25, enterprise: null };

const widest = (a: Scope | undefined, b: Scope): Scope => (a && scopeRank[a] >= scopeRank[b] ? a : b);
const covers = (held: Scope | undefined, wanted: Scope) => held !== undefined && scopeRank[held] >= scopeRank[wanted];
export const isOwnerOnlyPermission = (p: Permission) => (ownerOnlyPermissions as ReadonlySet<string>).has(p);

export function builtInGrants(key: BuiltInRoleKey): Grants {
  return new Map(builtInRoles[key].grants.map((g) => [g.permission, g.scope]));
}

export function role(m: Model, id: string): ModelRole {
  const found = m.roles.find((r) => r.id === id);
  if (!found) throw new Error(`The model has no role ${id}`);
  return found;
}

export const isActive = (m: Model, key: number) => m.people[key]?.status === "active";
export const builtInKeysOf = (m: Model, key: number) => (m.people[key]?.roleIds ?? []).map((id) => role(m, id).builtinKey).filter((k): k is BuiltInRoleKey => k !== null);
export const isOwner = (m: Model, key: number) => isActive(m, key) && builtInKeysOf(m, key).includes("owner");

/** What someone holds through roles: owner-only permissions only through the Owner role. */
export function rolePermissions(m: Model, key: number): Grants {
  const held: Grants = new Map();
  for (const id of m.people[key]?.roleIds ?? []) {
    const r = role(m, id);
    for (const [permission, scope] of r.grants) {
      if (isOwnerOnlyPermission(permission) && r.builtinKey !== "owner") continue;
      held.set(permission, widest(held.get(permission), scope));
    }
  }
  return held;
}

/** Roles and live grants together: what they may do. */
export function effectivePermissions(m: Model, key: number): Grants {
  const held = rolePermissions(m, key);
  for (const g of m.grants) if (g.holder === key && !isOwnerOnlyPermission(g.permission)) held.set(g.permission, widest(held.get(g.permission), g.scope));
  return held;
}

export const can = (m: Model, key: number, permission: Permission, scope: Scope = "own") => isActive(m, key) && covers(effectivePermissions(m, key).get(permission), isRecordPermission(permission) ? scope : "all");

/**
 * The rule of issue 12, as the model states it: owner power only by Owners,
 * only what the giver's roles hold, never to oneself (an Owner may, since it
 * changes nothing).
 */
export function mayGive(m: Model, giver: number, gifts: { roleIds?: string[]; grants?: Array<[Permission, Scope]> }, recipients: number[]): boolean {
  if (!isActive(m, giver)) return false;
  const owner = isOwner(m, giver);
  const wanted: Array<[Permission, Scope]> = [...(gifts.grants ?? [])];
  for (const id of gifts.roleIds ?? []) {
    const r = role(m, id);
    if (r.builtinKey === "owner" && !owner) return false;
    wanted.push(...r.grants);
  }
  if (wanted.length === 0 && (gifts.roleIds ?? []).length === 0) return true;
  if (!owner && wanted.some(([p]) => isOwnerOnlyPermission(p))) return false;
  const mine = rolePermissions(m, giver);
  const allHeld = wanted.every(([p, s]) => covers(mine.get(p), s));
  if (recipients.includes(giver)) return owner && allHeld;
  return allHeld;
}

/** Is `manager` above `member` in the reporting chain (at any depth)? */
export function manages(m: Model, manager: number, member: number): boolean {
  const seen = new Set<number>();
  for (let at = m.managerOf.get(member) ?? null; at !== null && !seen.has(at); at = m.managerOf.get(at) ?? null) {
    if (at === manager) return true;
    seen.add(at);
  }
  return false;
}

/** A removal: the member leaves the chain, and their reports move up to the member's own manager. */
export function leaveChain(m: Model, member: number): void {
  const up = m.managerOf.get(member) ?? null;
  for (const [report, manager] of m.managerOf) if (manager === member) m.managerOf.set(report, up);
  m.managerOf.set(member, null);
}

/** Whose identity a person's requests carry: the member they view as, or themselves. */
export const identityOf = (m: Model, key: number) => m.views.get(key) ?? key;

export function seats(m: Model): { active: number; pending: number; used: number; limit: number | null } {
  const active = m.people.filter((p) => p.status === "active").length;
  // A seat is a person: an invitation to someone already active holds no second seat.
  const pending = m.invitations.filter((i) => i.status === "pending" && m.people[i.invitee]?.status !== "active").length;
  return { active, pending, used: active + pending, limit: seatLimits[m.plan] };
}

export function activeOwnerCount(m: Model): number {
  return m.people.filter((p) => isOwner(m, p.key)).length;
}

/** Views that may no longer go on: the viewer an active Owner, the member an active non-owner. Ended at once. */
export function endBrokenViews(m: Model): void {
  for (const [viewer, member] of [...m.views]) {
    if (!isOwner(m, viewer) || !isActive(m, member) || isOwner(m, member)) m.views.delete(viewer);
  }
}

/** The workspace permissions someone's socket rooms follow (their own access, also while viewing as someone). */
export function workspacePermissionsOf(m: Model, key: number): string[] {
  const held = effectivePermissions(m, key);
  return workspacePermissions.filter((p) => held.has(p)).sort();
}

export function sortedEntries(grants: Grants | Partial<Record<Permission, Scope>>): Array<[string, Scope]> {
  const entries = grants instanceof Map ? [...grants.entries()] : (Object.entries(grants) as Array<[string, Scope]>);
  return entries.sort(([a], [b]) => a.localeCompare(b));
}
