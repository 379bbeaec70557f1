import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import { isOwnerSql } from "../../permissions/resolve";
import type { WorkspaceCaller } from "../caller";

export interface ImpersonationCandidate {
  membershipId: string;
  name: string;
  email: string;
  roles: string[];
}

/** Active members other than the owner and other owners, with their role names. */
export async function impersonationCandidates(deps: AppDeps, caller: WorkspaceCaller): Promise<ImpersonationCandidate[]> {
  const workspaceId = caller.workspace.id;
  const ownerUserId = caller.user.id;
  const rows = await deps.db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.id", "u.name", "u.email"])
    .select(
      sql<string[]>`coalesce((
        select array_agg(r.name order by mr.is_primary desc, r.name)
        from membership_roles mr join roles r on r.id = mr.role_id
        where mr.membership_id = m.id
      ), '{}')`.as("roles"),
    )
    .where("m.workspace_id", "=", workspaceId)
    .where("m.status", "=", "active")
    .where("m.user_id", "<>", ownerUserId)
    .where(sql<boolean>`not ${isOwnerSql(sql.ref("m.id"))}`)
    .orderBy("u.name")
    .execute();
  return rows.map((r) => ({ membershipId: r.id, name: r.name, email: r.email, roles: r.roles }));
}
