/**
 * The changes whose events are timed. Until the invitations feature is in
 * this branch, each is the committed equivalent of an accepted invitation:
 * in one transaction a new person becomes a member (membership, role,
 * audit entry), and the workspace's invitation viewers and member viewers
 * are told after COMMIT, exactly as an accept does.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { AppDeps } from "../../server/deps";
import { recordAudit } from "../../server/services/audit";
import { inTransaction, nowIso } from "../../server/services/transaction";

export interface TimedChange {
  /** The key of the event whose arrival is timed (as bench/realtime/clients.ts computes it). */
  eventKey: string;
  run(): Promise<void>;
}

export async function prepareChanges(deps: AppDeps, workspaceId: string, count: number): Promise<TimedChange[]> {
  const run = randomBytes(3).toString("hex");
  const people = await deps.db
    .insertInto("users")
    .values(Array.from({ length: count }, (_, i) => ({ email: `joiner.${i}.${run}@bench.example`, name: `Joiner ${i}` })))
    .returning("id")
    .execute();
  const memberRole = await deps.db
    .selectFrom("roles")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("builtin_key", "=", "member")
    .executeTakeFirstOrThrow();

  return people.map((person) => {
    const invitationId = randomUUID();
    return {
      eventKey: `invitation.changed:accepted:${invitationId}`,
      run: () =>
        inTransaction(deps, async (tx) => {
          const membership = await tx.db
            .insertInto("memberships")
            .values({ workspace_id: workspaceId, user_id: person.id })
            .returning("id")
            .executeTakeFirstOrThrow();
          await tx.db
            .insertInto("membership_roles")
            .values({ workspace_id: workspaceId, membership_id: membership.id, role_id: memberRole.id, is_primary: true })
            .execute();
          await recordAudit(tx, {
            workspaceId,
            actor: { userId: person.id, impersonatorUserId: null },
            action: "member.joined",
            targetType: "membership",
            targetId: membership.id,
          });
          tx.refreshRooms(person.id);
          const at = nowIso();
          tx.emit(
            { kind: "workspace", workspaceId, permission: "members.invite" },
            { type: "invitation.changed", change: "accepted", workspaceId, invitationId, at },
          );
          tx.emit(
            { kind: "workspace", workspaceId, permission: "members.view" },
            { type: "member.changed", change: "joined", workspaceId, membershipId: membership.id, at },
          );
        }),
    };
  });
}
