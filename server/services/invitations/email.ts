/** Queues an invitation's email in the caller's transaction and remembers which outbox row carries it. */
import { sql } from "kysely";
import { enqueueEmails } from "#emails/outbox";
import type { SentBy } from "#emails/layout";
import { renderInvitationEmail } from "#emails/templates/invitation";
import type { AppDeps } from "../../deps";
import type { Tx } from "../transaction";
import { invitationLink } from "./tokens";

export interface InvitationEmailJob {
  invitationId: string;
  email: string;
  token: string;
  expiresAt: Date;
}

export interface InvitationEmailContext {
  workspaceId: string;
  workspaceName: string;
  inviter: { name: string; email: string };
  roleNames: string[];
  message: string | null;
  /** Who really sent it, when not the inviter (see services/realSender.ts). */
  sentBy: SentBy | null;
}

export async function queueInvitationEmails(deps: AppDeps, tx: Tx, context: InvitationEmailContext, jobs: InvitationEmailJob[]): Promise<void> {
  if (jobs.length === 0) return;
  // People who already have an account get the expiry in their own zone (the email names the zone either way).
  const known = await tx.db
    .selectFrom("users")
    .select(["email", "time_zone"])
    .where(
      "email",
      "in",
      jobs.map((job) => job.email),
    )
    .where("time_zone", "is not", null)
    .execute();
  const zoneOf = new Map(known.map((u) => [u.email, u.time_zone ?? undefined]));
  const outboxIds = await enqueueEmails(
    tx,
    jobs.map((job) => ({
      workspaceId: context.workspaceId,
      kind: "invitation",
      referenceId: job.invitationId,
      to: job.email,
      from: deps.config.email.from,
      message: renderInvitationEmail({
        workspaceName: context.workspaceName,
        inviterName: context.inviter.name,
        inviterEmail: context.inviter.email,
        roles: context.roleNames,
        message: context.message,
        acceptUrl: invitationLink(deps.config.publicOrigin, job.token),
        expiresAt: job.expiresAt,
        timeZone: zoneOf.get(job.email),
        sentBy: context.sentBy,
      }),
    })),
  );
  const ids = jobs.map((job) => job.invitationId);
  await sql`
    update invitations i set outbox_id = v.outbox_id, delivery_status = 'queued', delivery_error = null
    from unnest(${ids}::uuid[], ${outboxIds}::uuid[]) as v(id, outbox_id)
    where i.id = v.id
  `.execute(tx.db);
}
