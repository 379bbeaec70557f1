import type { RouterOutputs } from "../../lib/trpc";

type SearchedMember = RouterOutputs["members"]["search"]["rows"][number];
type ListedRole = RouterOutputs["roles"]["list"][number];

/**
 * What the Members page shows of a member, and all the loader sends of one
 * (decision: the page sends only what it shows). Role and department names
 * come once from the page's lists, not again in every row.
 */
export interface DirectoryMember {
  membershipId: string;
  name: string;
  email: string;
  status: SearchedMember["status"];
  joinedAt: string;
  /** Primary first. */
  roles: Array<{ id: string; isPrimary: boolean }>;
  /** Only Owners change an Owner's roles, manager, department or membership. */
  isOwner: boolean;
  departmentId: string | null;
  manager: SearchedMember["manager"];
  closedModules: SearchedMember["closedModules"];
  reportCount: number;
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
    status: row.status,
    joinedAt: row.joinedAt,
    roles: row.roles.map((r) => ({ id: r.id, isPrimary: r.isPrimary })),
    isOwner: row.roles.some((r) => r.builtinKey === "owner"),
    departmentId: row.department?.id ?? null,
    manager: row.manager,
    closedModules: row.closedModules,
    reportCount: row.reportCount,
  };
}
