import type { RouterOutputs } from "../../lib/trpc";

type SearchedMember = RouterOutputs["members"]["search"]["rows"][number];
type ListedRole = RouterOutputs["roles"]["list"][number];

/**
 * What the Members page shows of a member, and all the loader sends of one
 * (decisions 38 and 40: the page sends only what it shows). Role names come
 * once from the page's list; the department and the manager are sent by
 * name, which is what the row shows (department names are unique in a
 * workspace, so the page's list gives the id the panel's select needs). The
 * status is the page's filter, the same for every row.
 */
export interface DirectoryMember {
  membershipId: string;
  name: string;
  email: string;
  joinedAt: string;
  /** By name, primary first (role names are unique in a workspace; the page's list gives their ids). */
  roles: Array<{ name: string; isPrimary: boolean }>;
  /** Present for Owners only: only Owners change an Owner's roles, manager, department or membership. */
  isOwner?: true;
  department: string | null;
  /** The manager's name. */
  manager: string | null;
  /** Absent when every module is open. */
  closedModules?: SearchedMember["closedModules"];
  /** Absent when no one reports to them. */
  reportCount?: number;
}

/** The filter and the row badges need a role's name only; the roles dialog loads the rest when it opens. */
export type RoleName = Pick<ListedRole, "id" | "name">;
export type RoleSummary = ListedRole;
export type DepartmentSummary = Pick<RouterOutputs["departments"]["list"][number], "id" | "name">;

export function directoryMember(row: SearchedMember): DirectoryMember {
  return {
    membershipId: row.membershipId,
    name: row.name,
    email: row.email,
    joinedAt: row.joinedAt,
    roles: row.roles.map((r) => ({ name: r.name, isPrimary: r.isPrimary })),
    ...(row.roles.some((r) => r.builtinKey === "owner") ? { isOwner: true as const } : {}),
    department: row.department?.name ?? null,
    manager: row.manager?.name ?? null,
    ...(row.closedModules.length > 0 ? { closedModules: row.closedModules } : {}),
    ...(row.reportCount > 0 ? { reportCount: row.reportCount } : {}),
  };
}
