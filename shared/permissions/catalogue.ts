/**
 * The permission catalogue: every permission the product knows, with the
 * words the UI shows. Pure data and pure functions, imported by the server
 * (to decide) and by the pages (to ask the same question before offering a
 * button).
 *
 * A permission is `area.action`. Workspace permissions are yes/no. Record
 * permissions (`module.resource.action`) carry a scope: own < team < all.
 */

export const scopes = ["own", "team", "all"] as const;
export type Scope = (typeof scopes)[number];

export const scopeRank: Record<Scope, number> = { own: 1, team: 2, all: 3 };

export function widerScope(a: Scope, b: Scope): Scope {
  return scopeRank[a] >= scopeRank[b] ? a : b;
}

export function scopeCovers(held: Scope, needed: Scope): boolean {
  return scopeRank[held] >= scopeRank[needed];
}

export const scopeLabels: Record<Scope, string> = {
  own: "Own records",
  team: "Their team's records",
  all: "All records",
};

export const workspacePermissionDefinitions = {
  "members.view": { label: "View members", description: "See the member list and who holds which role." },
  "members.invite": { label: "Invite members", description: "Invite people by email and manage pending invitations." },
  "members.manage": {
    label: "Manage members",
    description: "Change members' roles, manager, department and modules, or remove them.",
  },
  "roles.manage": { label: "Manage roles", description: "Create, edit and delete custom roles." },
  "modules.manage": { label: "Manage modules", description: "Turn modules on or off for the workspace." },
  "departments.manage": { label: "Manage departments", description: "Create, rename and delete departments." },
  "settings.manage": { label: "Manage settings", description: "Change the workspace's name and settings." },
  "requests.approve": {
    label: "Approve permission requests",
    description: "Decide on requests for access from the people they manage.",
  },
  "audit.view": { label: "View audit log", description: "Read and export the record of who changed what." },
  "billing.manage": { label: "Manage billing", description: "Change the plan and seats.", ownerOnly: true },
  "workspace.delete": { label: "Delete workspace", description: "Delete the workspace and all its data.", ownerOnly: true },
  "workspace.transfer": {
    label: "Transfer ownership",
    description: "Make another member an Owner, stepping down to Admin or staying an Owner.",
    ownerOnly: true,
  },
  "members.impersonate": {
    label: "View as another member",
    description: "See the app as another member sees it (always logged).",
    ownerOnly: true,
  },
} as const satisfies Record<string, { label: string; description: string; ownerOnly?: boolean }>;

export type WorkspacePermission = keyof typeof workspacePermissionDefinitions;
export const workspacePermissions = Object.keys(workspacePermissionDefinitions) as WorkspacePermission[];

export const ownerOnlyPermissions: ReadonlySet<WorkspacePermission> = new Set(workspacePermissions.filter((p) => "ownerOnly" in workspacePermissionDefinitions[p]));

export const recordActions = ["read", "create", "update", "delete", "export"] as const;
export type RecordAction = (typeof recordActions)[number];

export const recordActionLabels: Record<RecordAction, string> = {
  read: "View",
  create: "Create",
  update: "Edit",
  delete: "Delete",
  export: "Export",
};

export const moduleDefinitions = {
  crm: { label: "CRM", description: "Contacts, companies and the people who own them.", resources: { contacts: "Contacts", companies: "Companies" } },
  recruiting: {
    label: "Recruiting",
    description: "Open jobs and the candidates who apply.",
    resources: { jobs: "Jobs", candidates: "Candidates" },
  },
} as const;

export type ModuleKey = keyof typeof moduleDefinitions;
export const moduleKeys = Object.keys(moduleDefinitions) as ModuleKey[];

type ResourcesOf<M extends ModuleKey> = keyof (typeof moduleDefinitions)[M]["resources"] & string;
export type RecordResource = { [M in ModuleKey]: `${M}.${ResourcesOf<M>}` }[ModuleKey];
export type RecordPermission = `${RecordResource}.${RecordAction}`;
export type Permission = WorkspacePermission | RecordPermission;

export const recordResources: RecordResource[] = moduleKeys.flatMap((m) => Object.keys(moduleDefinitions[m].resources).map((r) => `${m}.${r}` as RecordResource));

export const recordPermissions: RecordPermission[] = recordResources.flatMap((resource) => recordActions.map((action) => `${resource}.${action}` as RecordPermission));

export const allPermissions: Permission[] = [...workspacePermissions, ...recordPermissions];
const knownPermissions: ReadonlySet<string> = new Set(allPermissions);

export function isPermission(value: string): value is Permission {
  return knownPermissions.has(value);
}

export function isRecordPermission(permission: Permission): permission is RecordPermission {
  return !(permission in workspacePermissionDefinitions);
}

/** The module a permission belongs to, or null for workspace permissions. */
export function moduleOf(permission: Permission): ModuleKey | null {
  if (!isRecordPermission(permission)) return null;
  return permission.split(".")[0] as ModuleKey;
}

export function permissionLabel(permission: Permission): string {
  if (!isRecordPermission(permission)) return workspacePermissionDefinitions[permission].label;
  const [module, resource, action] = permission.split(".") as [ModuleKey, string, RecordAction];
  const resources = moduleDefinitions[module].resources as Record<string, string>;
  return `${recordActionLabels[action]} ${resources[resource] ?? resource} (${moduleDefinitions[module].label})`;
}
