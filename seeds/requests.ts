/**
 * Demo permission requests, so the triage page has something to show:
 * two waiting for a decision and one approved with a grant running. Plain
 * inserts (the seed has no server to notify); running it again adds nothing.
 */
import { type Kysely, sql } from "kysely";
import type { Database, GrantDuration } from "#db/schema";
import type { SeededDemo } from "./demo";

interface DemoRequest {
  requester: string;
  permission: string;
  scope: "own" | "team" | "all";
  duration: GrantDuration;
  reason: string;
  approvedBy?: string;
}

const demoRequests: DemoRequest[] = [
  { requester: "mia", permission: "crm.contacts.export", scope: "own", duration: "7d", reason: "Quarterly pipeline report for Sofia." },
  { requester: "grace", permission: "recruiting.candidates.export", scope: "own", duration: "1d", reason: "Sharing the shortlist with the hiring panel." },
  { requester: "emma", permission: "crm.contacts.delete", scope: "own", duration: "30d", reason: "Cleaning up duplicate contacts.", approvedBy: "liam" },
];

export async function seedDemoRequests(db: Kysely<Database>, seeded: SeededDemo): Promise<number> {
  let added = 0;
  await db.transaction().execute(async (trx) => {
    for (const demo of demoRequests) {
      const requesterId = seeded.membershipIds[demo.requester];
      if (!requesterId) continue;
      const exists = await trx.selectFrom("permission_requests").select("id").where("requester_membership_id", "=", requesterId).where("permission", "=", demo.permission).executeTakeFirst();
      if (exists) continue;
      const deciderId = demo.approvedBy ? seeded.membershipIds[demo.approvedBy] : undefined;
      const request = await trx
        .insertInto("permission_requests")
        .values({
          workspace_id: seeded.workspaceId,
          requester_membership_id: requesterId,
          permission: demo.permission,
          scope: demo.scope,
          reason: demo.reason,
          duration: demo.duration,
          ...(deciderId ? { status: "approved" as const, decided_by_membership_id: deciderId, decided_at: sql<Date>`now()`, granted_duration: demo.duration } : {}),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (deciderId) {
        await trx
          .insertInto("permission_grants")
          .values({
            workspace_id: seeded.workspaceId,
            membership_id: requesterId,
            permission: demo.permission,
            scope: demo.scope,
            request_id: request.id,
            granted_by_membership_id: deciderId,
            ends_at: sql<Date>`now() + interval '30 days'`,
          })
          .execute();
      }
      added += 1;
    }
  });
  return added;
}
