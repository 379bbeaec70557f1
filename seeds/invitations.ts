/**
 * Pending invitations in the demo workspace, so the Pending Invitations
 * section has something to show: three waiting, one expired. Their tokens
 * are random and thrown away (nobody can accept a seeded invitation; resend
 * one to get a working link). Keyed on email, so seeding twice adds nothing.
 */
import type { Kysely } from "kysely";
import { newInvitationToken } from "#server/services/invitations/tokens";
import type { Database } from "#db/schema";
import { demo } from "./demo";

export const demoInvitations = [
  { email: `jordan.ellis@${demo.domain}`, role: "member", by: "adam", message: "Welcome to the sales team, Jordan!", daysAgo: 1, expired: false },
  { email: `priscilla.ong@${demo.domain}`, role: "manager", by: "olivia", message: null, daysAgo: 2, expired: false },
  { email: `felix.wagner@${demo.domain}`, role: "viewer", by: "amara", message: null, daysAgo: 0, expired: false },
  { email: `late.larry@${demo.domain}`, role: "member", by: "adam", message: null, daysAgo: 9, expired: true },
] as const;

export async function seedDemoInvitations(db: Kysely<Database>, seeded: { workspaceId: string; userIds: Record<string, string> }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let added = 0;
    for (const invitation of demoInvitations) {
      const existing = await trx.selectFrom("invitations").select("id").where("workspace_id", "=", seeded.workspaceId).where("email", "=", invitation.email).executeTakeFirst();
      if (existing) continue;
      const role = await trx.selectFrom("roles").select("id").where("workspace_id", "=", seeded.workspaceId).where("builtin_key", "=", invitation.role).executeTakeFirstOrThrow();
      const sentAt = new Date(Date.now() - invitation.daysAgo * 86_400_000);
      const row = await trx
        .insertInto("invitations")
        .values({
          workspace_id: seeded.workspaceId,
          email: invitation.email,
          token_hash: newInvitationToken().hash,
          status: invitation.expired ? "expired" : "pending",
          invited_by: seeded.userIds[invitation.by] ?? null,
          sent_by: seeded.userIds[invitation.by] ?? null,
          message: invitation.message,
          sent_at: sentAt,
          expires_at: new Date(sentAt.getTime() + 7 * 86_400_000),
          delivery_status: "sent",
          created_at: sentAt,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.insertInto("invitation_roles").values({ workspace_id: seeded.workspaceId, invitation_id: row.id, role_id: role.id, is_primary: true }).execute();
      added += 1;
    }
    return added;
  });
}
