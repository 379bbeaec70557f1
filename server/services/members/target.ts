import { sql } from "kysely";
import { AppError } from "../../errors";
import type { Db } from "../transaction";

export interface MemberTarget {
  id: string;
  userId: string;
  name: string;
  status: "active" | "removed";
  managerId: string | null;
  departmentId: string | null;
  roles: Array<{ id: string; name: string; builtinKey: string | null; isPrimary: boolean }>;
  isOwner: boolean;
}

/**
 * The member being acted on, locked for the rest of the transaction. A
 * membership of another workspace answers NOT_FOUND, exactly like one
 * that does not exist.
 */
export async function loadMemberTarget(db: Db, workspaceId: string, membershipId: string, options: { activeOnly?: boolean } = {}): Promise<MemberTarget> {
  const row = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select([
      "m.id",
      "m.user_id",
      "u.name",
      "m.status",
      "m.manager_id",
      "m.department_id",
      sql<MemberTarget["roles"]>`coalesce((
        select json_agg(json_build_object('id', r.id, 'name', r.name, 'builtinKey', r.builtin_key, 'isPrimary', mr.is_primary) order by mr.is_primary desc, r.name)
        from membership_roles mr join roles r on r.id = mr.role_id where mr.membership_id = m.id
      ), '[]'::json)`.as("roles"),
    ])
    .where("m.workspace_id", "=", workspaceId)
    .where("m.id", "=", membershipId)
    .forUpdate("m")
    .executeTakeFirst();
  if (!row || (options.activeOnly !== false && row.status !== "active")) {
    throw new AppError("NOT_FOUND", "We couldn't find that member in this workspace.");
  }
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    status: row.status,
    managerId: row.manager_id,
    departmentId: row.department_id,
    roles: row.roles,
    isOwner: row.roles.some((r) => r.builtinKey === "owner"),
  };
}
