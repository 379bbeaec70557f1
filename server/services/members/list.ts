import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import type { WorkspaceCaller } from "../caller";

export interface MemberRole {
  id: string;
  name: string;
  builtinKey: string | null;
  isPrimary: boolean;
}

export interface MemberRow {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  status: "active" | "removed";
  joinedAt: string;
  roles: MemberRole[];
  department: { id: string; name: string } | null;
  manager: { membershipId: string; name: string } | null;
}

/** A member's roles, primary first, as JSON; the member row is aliased `m`. */
export function memberRolesSql() {
  return sql<MemberRole[]>`coalesce((
    select json_agg(json_build_object('id', r.id, 'name', r.name, 'builtinKey', r.builtin_key, 'isPrimary', mr.is_primary)
                    order by mr.is_primary desc, r.name)
    from membership_roles mr join roles r on r.id = mr.role_id
    where mr.membership_id = m.id
  ), '[]'::json)`;
}

/** Active members of a workspace with their roles (primary first). */
export async function listMembers(deps: AppDeps, caller: WorkspaceCaller): Promise<MemberRow[]> {
  const workspaceId = caller.workspace.id;
  const rows = await deps.db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .leftJoin("departments as d", "d.id", "m.department_id")
    .leftJoin("memberships as mgr", "mgr.id", "m.manager_id")
    .leftJoin("users as mu", "mu.id", "mgr.user_id")
    .select([
      "m.id as membershipId",
      "u.id as userId",
      "u.name",
      "u.email",
      "m.status",
      "m.joined_at",
      "d.id as departmentId",
      "d.name as departmentName",
      "mgr.id as managerId",
      "mu.name as managerName",
      memberRolesSql().as("roles"),
    ])
    .where("m.workspace_id", "=", workspaceId)
    .where("m.status", "=", "active")
    .orderBy("u.name")
    .orderBy("m.id")
    .execute();
  return rows.map((r) => ({
    membershipId: r.membershipId,
    userId: r.userId,
    name: r.name,
    email: r.email,
    status: r.status,
    joinedAt: r.joined_at.toISOString(),
    roles: r.roles,
    department: r.departmentId && r.departmentName ? { id: r.departmentId, name: r.departmentName } : null,
    manager: r.managerId && r.managerName ? { membershipId: r.managerId, name: r.managerName } : null,
  }));
}
