/**
 * The five built-in roles, as the product documents describe them. Every
 * workspace gets a copy as rows (so one SQL query resolves built-in and
 * custom roles alike); `syncBuiltInRoles` keeps those rows equal to this
 * table when the catalogue grows. Built-in roles cannot be edited.
 */
import { type Permission, type RecordAction, type Scope, recordResources, type WorkspacePermission, workspacePermissions, ownerOnlyPermissions } from "./catalogue";

export const builtInRoleKeys = ["owner", "admin", "manager", "member", "viewer"] as const;
export type BuiltInRoleKey = (typeof builtInRoleKeys)[number];

export interface RoleGrant {
  permission: Permission;
  scope: Scope;
}

function records(actions: readonly RecordAction[], scope: Scope): RoleGrant[] {
  return recordResources.flatMap((resource) => actions.map((action) => ({ permission: `${resource}.${action}` as Permission, scope })));
}

function workspace(permissions: readonly WorkspacePermission[]): RoleGrant[] {
  return permissions.map((permission) => ({ permission, scope: "all" as const }));
}

const everyAction = ["read", "create", "update", "delete", "export"] as const;

export const builtInRoles: Record<BuiltInRoleKey, { name: string; description: string; bestFor: string; grants: RoleGrant[] }> = {
  owner: {
    name: "Owner",
    description: "Full access to everything, including billing, workspace deletion, and member impersonation.",
    bestFor: "Founders, C-level",
    grants: [...workspace(workspacePermissions), ...records(everyAction, "all")],
  },
  admin: {
    name: "Admin",
    description: "Can manage members, roles, modules, and all settings; cannot do owner-only actions.",
    bestFor: "IT admins, operations leads",
    grants: [...workspace(workspacePermissions.filter((p) => !ownerOnlyPermissions.has(p))), ...records(everyAction, "all")],
  },
  manager: {
    name: "Manager",
    description: "Operates day-to-day across modules but only sees data for their team.",
    bestFor: "Sales managers, recruiting leads, project leads",
    grants: [...workspace(["members.view", "requests.approve"]), ...records(everyAction, "team")],
  },
  member: {
    name: "Member",
    description: "Can create and edit only their own records; no delete, no export, no settings.",
    bestFor: "Sales reps, recruiters, individual contributors",
    grants: [...workspace(["members.view"]), ...records(["read", "create", "update"], "own")],
  },
  viewer: {
    name: "Viewer",
    description: "Read-only across the workspace; no creates, edits, or deletes.",
    bestFor: "Executives, auditors, clients",
    grants: [...workspace(["members.view"]), ...records(["read"], "all")],
  },
};

export function isBuiltInRoleKey(value: string | null | undefined): value is BuiltInRoleKey {
  return value != null && (builtInRoleKeys as readonly string[]).includes(value);
}
