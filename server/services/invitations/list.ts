/** The Pending Invitations section: pending and expired invitations, never their tokens. */
import { sql } from "kysely";
import type { AppDeps } from "../../deps";
import type { InvitationDelivery } from "#db/schema";
import { refusalToGive } from "#shared/permissions/give";
import { loadRolesToGrant } from "../../permissions/rails";
import { invitationLimits } from "./limits";
import type { WorkspaceCaller } from "../caller";
import { inviteeIsMember } from "../workspaces/plans";

export interface InvitationRole {
  id: string;
  name: string;
  isPrimary: boolean;
}

export interface PendingInvitation {
  id: string;
  email: string;
  roles: InvitationRole[];
  invitedBy: { name: string; email: string } | null;
  message: string | null;
  sentAt: string;
  expiresAt: string;
  state: "pending" | "expired";
  delivery: InvitationDelivery;
  deliveryError: string | null;
  resendsLeftToday: number;
  /** When the invitee first tried to join while no seat was free; null otherwise. */
  waitingForSeatSince: string | null;
}

interface Row {
  id: string;
  email: string;
  status: string;
  message: string | null;
  sent_at: Date;
  expires_at: Date;
  delivery_status: InvitationDelivery;
  delivery_error: string | null;
  resend_count: number;
  resend_window_started_at: Date | null;
  waiting_for_seat_since: Date | null;
  inviter_name: string | null;
  inviter_email: string | null;
  roles: InvitationRole[];
}

export function resendsLeft(count: number, windowStartedAt: Date | null, now = Date.now()): number {
  if (!windowStartedAt || now - windowStartedAt.getTime() >= 86_400_000) return invitationLimits.resendsPerDay;
  return Math.max(0, invitationLimits.resendsPerDay - count);
}

export async function listInvitations(deps: AppDeps, caller: WorkspaceCaller): Promise<PendingInvitation[]> {
  const workspaceId = caller.workspace.id;
  // One row per email: the pending invitation, or else the latest expired one.
  const result = await sql<Row>`
    select * from (
      select distinct on (i.email)
        i.id, i.email, i.status, i.message, i.sent_at, i.expires_at, i.delivery_status, i.delivery_error,
        i.resend_count, i.resend_window_started_at, i.waiting_for_seat_since, u.name as inviter_name, u.email as inviter_email,
        coalesce((
          select json_agg(json_build_object('id', r.id, 'name', r.name, 'isPrimary', ir.is_primary) order by ir.is_primary desc, r.name)
          from invitation_roles ir join roles r on r.id = ir.role_id
          where ir.invitation_id = i.id
        ), '[]'::json) as roles
      from invitations i
      left join users u on u.id = i.invited_by
      where i.workspace_id = ${workspaceId} and i.status in ('pending', 'expired')
        -- Someone who joined another way is a member now, not someone to wait for.
        and not ${inviteeIsMember}
      order by i.email, (i.status = 'pending') desc, i.sent_at desc
    ) latest
    order by sent_at desc, email
    limit 1000
  `.execute(deps.db);
  const now = Date.now();
  return result.rows.map((r) => ({
    id: r.id,
    email: r.email,
    roles: r.roles,
    invitedBy: r.inviter_name && r.inviter_email ? { name: r.inviter_name, email: r.inviter_email } : null,
    message: r.message,
    sentAt: r.sent_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    state: r.status === "pending" && r.expires_at.getTime() > now ? "pending" : "expired",
    delivery: r.delivery_status,
    deliveryError: r.delivery_error,
    resendsLeftToday: resendsLeft(r.resend_count, r.resend_window_started_at, now),
    waitingForSeatSince: r.waiting_for_seat_since?.toISOString() ?? null,
  }));
}

export interface RoleOption {
  id: string;
  name: string;
  description: string;
  builtinKey: string | null;
  /** False when the caller may not give it (the one rule of permissions/give.ts). */
  grantable: boolean;
  /** Why not, in words, when not. */
  refusal: string | null;
}

/** The roles of the workspace, marked with whether the caller may give them in an invitation. */
export async function invitationRoleOptions(deps: AppDeps, giver: WorkspaceCaller): Promise<RoleOption[]> {
  const workspaceId = giver.workspace.id;
  const rows = await deps.db.selectFrom("roles").select(["id", "name", "description", "builtin_key"]).where("workspace_id", "=", workspaceId).execute();
  const withGrants = await loadRolesToGrant(
    deps.db,
    workspaceId,
    rows.map((r) => r.id),
  );
  const grantsById = new Map(withGrants.map((r) => [r.id, r]));
  const order = ["owner", "admin", "manager", "member", "viewer"];
  return rows
    .map((r) => {
      const role = grantsById.get(r.id);
      const refusal = role ? refusalToGive(giver, { roles: [role] }, []) : null;
      return {
        id: r.id,
        name: r.name,
        description: r.description,
        builtinKey: r.builtin_key,
        grantable: role !== undefined && refusal === null,
        refusal: !role
          ? "This role no longer exists."
          : refusal?.reason === "owner_only"
            ? "Only an Owner can give this role."
            : refusal?.reason === "not_held"
              ? refusal.onlyThroughGrant.length > 0
                ? "You can't give this role: some of its access is yours only for a time (a grant)."
                : "You can't give this role: it includes access your roles don't give you."
              : null,
      };
    })
    .sort((a, b) => {
      const ai = a.builtinKey ? order.indexOf(a.builtinKey) : 99;
      const bi = b.builtinKey ? order.indexOf(b.builtinKey) : 99;
      return ai - bi || a.name.localeCompare(b.name);
    });
}
