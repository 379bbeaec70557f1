/**
 * The same record-level allow/deny decisions made two ways: our resolved
 * `Access` plus the team set, and a CASL ability built from the same grants
 * (`all` = no condition, `team` = owner in the team, `own` = owner is me).
 */
import { createMongoAbility, type MongoAbility, subject } from "@casl/ability";
import { type Access, scopeFor } from "#shared/permissions/access";
import type { Permission } from "#shared/permissions/catalogue";

export interface Decider {
  membershipId: string;
  access: Access;
  team: ReadonlySet<string>;
}

export function ourDecision(decider: Decider, permission: Permission, ownerId: string): boolean {
  const scope = scopeFor(decider.access, permission);
  if (scope === null) return false;
  if (scope === "all") return true;
  if (scope === "team") return decider.team.has(ownerId);
  return ownerId === decider.membershipId;
}

export function caslAbilityFor(decider: Decider): MongoAbility {
  const team = [...decider.team];
  const rules = Object.entries(decider.access.permissions).flatMap(([permission, scope]) => {
    if (scopeFor(decider.access, permission as Permission) === null) return [];
    if (scope === "all") return [{ action: permission, subject: "Record" }];
    if (scope === "team") return [{ action: permission, subject: "Record", conditions: { ownerId: { $in: team } } }];
    return [{ action: permission, subject: "Record", conditions: { ownerId: decider.membershipId } }];
  });
  return createMongoAbility(rules);
}

export function caslDecision(ability: MongoAbility, permission: Permission, ownerId: string): boolean {
  return ability.can(permission, subject("Record", { ownerId }));
}
