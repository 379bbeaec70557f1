/** Live grants in a workspace (for admins), and revoking one early. */
import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import { AppError } from "../../errors";
import type { Scope } from "#shared/permissions/catalogue";
import { recordAudit } from "../audit";
import { notify } from "../notifications";
import { inTransaction } from "../transaction";
import type { WorkspaceCaller } from "../caller";
import { accessLabel, announceAccessChange, announceRequestChange, requestsPageLink } from "./records";

export interface GrantRow {
  id: string;
  permission: string;
  scope: Scope;
  startsAt: string;
  endsAt: string | null;
  member: { membershipId: string; userId: string; name: string; email: string };
  grantedBy: string | null;
  requestId: string | null;
}

/** Grants that count right now (not ended, not revoked), soonest end first, permanent last. */
export async function listLiveGrants(deps: AppDeps, caller: WorkspaceCaller): Promise<GrantRow[]> {
  const result = await sql<{
    id: string;
    permission: string;
    scope: Scope;
    starts_at: Date;
    ends_at: Date | null;
    membership_id: string;
    user_id: string;
    name: string;
    email: string;
    granted_by: string | null;
    request_id: string | null;
  }>`
    select g.id, g.permission, g.scope, g.starts_at, g.ends_at, g.membership_id, u.id as user_id, u.name, u.email,
      gu.name as granted_by, g.request_id
    from permission_grants g
    join memberships m on m.id = g.membership_id and m.status = 'active'
    join users u on u.id = m.user_id
    left join memberships gm on gm.id = g.granted_by_membership_id
    left join users gu on gu.id = gm.user_id
    where g.workspace_id = ${caller.workspace.id} and g.revoked_at is null and (g.ends_at is null or g.ends_at > now())
    order by g.ends_at asc nulls last, u.name
    limit 500
  `.execute(deps.db);
  return result.rows.map((r) => ({
    id: r.id,
    permission: r.permission,
    scope: r.scope,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at?.toISOString() ?? null,
    member: { membershipId: r.membership_id, userId: r.user_id, name: r.name, email: r.email },
    grantedBy: r.granted_by,
    requestId: r.request_id,
  }));
}

export async function revokeGrant(deps: AppDeps, caller: WorkspaceCaller, grantId: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const grant = await tx.db
      .selectFrom("permission_grants as g")
      .innerJoin("memberships as m", "m.id", "g.membership_id")
      .select(["g.id", "g.workspace_id", "g.membership_id", "m.user_id", "g.permission", "g.scope", "g.request_id", "g.ends_at", "g.revoked_at"])
      .select(sql<boolean>`g.ends_at is not null and g.ends_at <= now()`.as("ended"))
      .where("g.id", "=", grantId)
      .where("g.workspace_id", "=", caller.workspace.id)
      .forUpdate("g")
      .executeTakeFirst();
    if (!grant) throw new AppError("NOT_FOUND", "We couldn't find that access grant.");
    if (grant.revoked_at || grant.ended) throw new AppError("GRANT_ALREADY_ENDED");
    await tx.db
      .updateTable("permission_grants")
      .set({ revoked_at: sql<Date>`now()`, revoked_by_membership_id: caller.membershipId, end_announced_at: sql<Date>`now()` })
      .where("id", "=", grant.id)
      .execute();
    const label = accessLabel(grant.permission, grant.scope);
    await recordAudit(tx, {
      workspaceId: grant.workspace_id,
      actor: caller.actor,
      action: "grant.revoked",
      targetType: "permission_grant",
      targetId: grant.id,
      targetLabel: label,
      before: { endsAt: grant.ends_at },
      after: { revoked: true, membershipId: grant.membership_id },
    });
    await notify(tx, {
      userId: grant.user_id,
      workspaceId: grant.workspace_id,
      kind: "grant.revoked",
      title: `Your access was ended early: ${label}`,
      body: "An admin revoked it. Ask again if you still need it.",
      link: requestsPageLink(caller.workspace.slug),
    });
    announceAccessChange(tx, grant.workspace_id, grant.user_id);
    if (grant.request_id) {
      await announceRequestChange(
        tx,
        {
          id: grant.request_id,
          workspaceId: grant.workspace_id,
          requesterMembershipId: grant.membership_id,
          requesterUserId: grant.user_id,
          permission: grant.permission,
          scope: grant.scope,
        },
        "grant_revoked",
        [caller.user.id],
      );
    }
  });
}
