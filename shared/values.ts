/** Value sets both sides name (the database's check constraints hold the same lists). */
export type InvitationStatus = "pending" | "accepted" | "cancelled" | "expired" | "voided";
export type ImpersonationEndReason = "stopped" | "expired" | "replaced" | "member_left" | "became_owner" | "viewer_removed" | "viewer_not_owner";
export type Plan = "starter" | "professional" | "enterprise";
