/**
 * "Is this view-as still allowed?", asked in one place: on every request
 * (active.ts) and at once by any change that could end it (a removal, a
 * change of roles). A view lives only while its hour runs, its viewer is
 * an active Owner of the workspace, and the member viewed is an active
 * member who is not an Owner.
 */
import { sql } from "kysely";
import type { ImpersonationEndReason } from "#db/schema";
import { AppError } from "../errors";
import { isOwnerSql } from "./resolve";

export interface ViewStanding {
  expired: boolean;
  viewer_active: boolean;
  viewer_is_owner: boolean;
  member_active: boolean;
  member_is_owner: boolean;
}

const isOwnerOf = (membership: string) => isOwnerSql(sql.ref(membership));

/** The columns of `ViewStanding` for the impersonation aliased `i`, read in the same statement as the rest. */
export function viewStandingSql() {
  return [
    sql<boolean>`i.expires_at <= now()`.as("expired"),
    sql<boolean>`exists (
      select 1 from memberships vm
      where vm.workspace_id = i.workspace_id and vm.user_id = i.owner_user_id and vm.status = 'active'
    )`.as("viewer_active"),
    sql<boolean>`exists (
      select 1 from memberships vm
      where vm.workspace_id = i.workspace_id and vm.user_id = i.owner_user_id and vm.status = 'active' and ${isOwnerOf("vm.id")}
    )`.as("viewer_is_owner"),
    sql<boolean>`exists (select 1 from memberships mm where mm.id = i.membership_id and mm.status = 'active')`.as("member_active"),
    sql<boolean>`${isOwnerOf("i.membership_id")}`.as("member_is_owner"),
  ] as const;
}

/** Why the view must end now, or null while it may go on. */
export function viewEndReason(standing: ViewStanding): ImpersonationEndReason | null {
  if (standing.expired) return "expired";
  if (!standing.viewer_active) return "viewer_removed";
  if (!standing.viewer_is_owner) return "viewer_not_owner";
  if (!standing.member_active) return "member_left";
  // Never view as an owner, even one promoted mid-view.
  if (standing.member_is_owner) return "became_owner";
  return null;
}

/** The same rule asked of a view about to start: why it may not, in words, or null. */
export function viewStartRefusal(reason: ImpersonationEndReason | null): AppError | null {
  switch (reason) {
    case null:
      return null;
    case "viewer_removed":
      return new AppError("NOT_FOUND", "We couldn't find that workspace, or you are not a member of it.");
    case "viewer_not_owner":
      return new AppError("OWNER_ONLY", "Only an Owner can view the app as another member.");
    case "became_owner":
      return new AppError("IMPERSONATE_OWNER");
    default:
      return new AppError("NOT_FOUND", "That member is not in this workspace.");
  }
}
