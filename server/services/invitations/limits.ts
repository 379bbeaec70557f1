/**
 * How much inviting one person and one workspace may do, so a compromised
 * or careless account cannot turn the product into a spam cannon.
 */
import { sql } from "kysely";
import type { Db } from "../transaction";

export const invitationLimits = {
  /** New invitations one person may send per hour (across workspaces): one full CSV import (decision 31). */
  perInviterPerHour: 500,
  /** New invitations one workspace may send per hour: two full CSV imports. */
  perWorkspacePerHour: 1000,
  /** Resends of one invitation within 24 hours. */
  resendsPerDay: 3,
};

export interface InvitationAllowance {
  /** How many more this inviter may send now, and which limit binds. */
  remaining: number;
  binding: "inviter" | "workspace";
}

export async function invitationAllowance(db: Db, workspaceId: string, inviterId: string): Promise<InvitationAllowance> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom("invitations")
        .select(eb.fn.countAll<string>().as("n"))
        .where("invited_by", "=", inviterId)
        .where("created_at", ">", sql<Date>`now() - interval '1 hour'`)
        .as("byInviter"),
      eb
        .selectFrom("invitations")
        .select(eb.fn.countAll<string>().as("n"))
        .where("workspace_id", "=", workspaceId)
        .where("created_at", ">", sql<Date>`now() - interval '1 hour'`)
        .as("byWorkspace"),
    ])
    .executeTakeFirstOrThrow();
  const inviterLeft = invitationLimits.perInviterPerHour - Number(row.byInviter ?? 0);
  const workspaceLeft = invitationLimits.perWorkspacePerHour - Number(row.byWorkspace ?? 0);
  return inviterLeft <= workspaceLeft ? { remaining: Math.max(0, inviterLeft), binding: "inviter" } : { remaining: Math.max(0, workspaceLeft), binding: "workspace" };
}

export function rateLimitMessage(binding: InvitationAllowance["binding"]): string {
  return binding === "inviter"
    ? `You can send up to ${invitationLimits.perInviterPerHour} invitations an hour. Please wait a while before inviting more people.`
    : `This workspace can send up to ${invitationLimits.perWorkspacePerHour} invitations an hour. Please wait a while before inviting more people.`;
}
