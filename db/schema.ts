/**
 * The typed shape of the database, as Kysely sees it. Table interfaces live
 * only inside `Database`; the rest of the code uses the Selectable /
 * Insertable / Updateable aliases below. Nullable columns are `T | null`,
 * never optional; columns with a database default are `Generated<T>`.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** A timestamp column: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp column with a database default. */
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export type AccessScope = "own" | "team" | "all";
export type MembershipStatus = "active" | "removed";
export type JobStatus = "draft" | "open" | "closed";
export type CandidateStage = "applied" | "screening" | "interview" | "offer" | "hired" | "rejected";
export type EmailStatus = "queued" | "sending" | "sent" | "failed" | "undeliverable";

export interface Database {
  users: {
    id: Generated<string>;
    email: string;
    name: string;
    /** The IANA zone the person's browser reported at their latest sign-in (emails to them use it). */
    time_zone: ColumnType<string | null, string | null | undefined, string | null>;
    created_at: CreatedAt;
    /** When the address was proven by opening an emailed link (or an invitation); null: not yet. */
    email_verified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  };
  /** Kept apart from `users` so a password hash is never loaded with a user. */
  passwords: {
    user_id: string;
    hash: string;
    updated_at: CreatedAt;
  };
  /** Signed-in browsers. `id` is the SHA-256 (hex) of the cookie's token, never the token itself. */
  sessions: {
    id: string;
    user_id: string;
    /** The earlier of (last seen + idle timeout) and (created + lifetime). */
    expires_at: Timestamp;
    created_at: CreatedAt;
    /** Written at most every few minutes (see server/auth/sessions.ts). */
    last_seen_at: CreatedAt;
    ip: string | null;
    user_agent: string | null;
    /** Owner powers: the impersonation this session is in, if any. */
    impersonation_id: ColumnType<string | null, string | null | undefined, string | null>;
  };
  sign_in_throttles: {
    key: string;
    failures: number;
    first_failure_at: Timestamp;
    locked_until: Timestamp | null;
  };
  workspaces: {
    id: Generated<string>;
    slug: string;
    name: string;
    plan: ColumnType<Plan, Plan | undefined, Plan>;
    trial_ends_at: Timestamp;
    created_by: string | null;
    created_at: CreatedAt;
  };
  departments: {
    id: Generated<string>;
    workspace_id: string;
    name: string;
    created_at: CreatedAt;
  };
  memberships: {
    id: Generated<string>;
    workspace_id: string;
    user_id: string;
    status: ColumnType<MembershipStatus, MembershipStatus | undefined, MembershipStatus>;
    manager_id: string | null;
    department_id: string | null;
    joined_at: CreatedAt;
    removed_at: Timestamp | null;
  };
  roles: {
    id: Generated<string>;
    workspace_id: string;
    /** Set for the five built-in roles (owner, admin, manager, member, viewer); null for custom roles. */
    builtin_key: string | null;
    name: string;
    description: ColumnType<string, string | undefined, string>;
    created_at: CreatedAt;
    updated_at: CreatedAt;
  };
  role_permissions: {
    role_id: string;
    permission: string;
    scope: AccessScope;
  };
  membership_roles: {
    workspace_id: string;
    membership_id: string;
    role_id: string;
    is_primary: ColumnType<boolean, boolean | undefined, boolean>;
  };
  /** Workspace-level module switch; no row means the module is on. */
  workspace_modules: {
    workspace_id: string;
    module: string;
    enabled: boolean;
  };
  /** Per-member module access; no row means the module is open to the member. */
  member_modules: {
    membership_id: string;
    module: string;
    enabled: boolean;
  };
  audit_events: {
    id: Generated<string>;
    workspace_id: string | null;
    actor_user_id: string | null;
    impersonator_user_id: string | null;
    action: string;
    target_type: string;
    target_id: string | null;
    target_label: string | null;
    before: unknown | null;
    after: unknown | null;
    created_at: CreatedAt;
  };
  notifications: {
    id: Generated<string>;
    user_id: string;
    workspace_id: string | null;
    kind: string;
    title: string;
    body: ColumnType<string, string | undefined, string>;
    link: string | null;
    read_at: Timestamp | null;
    created_at: CreatedAt;
  };
  /** Durable email intent, written in the same transaction as the change that needs it. */
  email_outbox: {
    id: Generated<string>;
    workspace_id: string | null;
    kind: string;
    reference_id: string | null;
    to_address: string;
    from_address: string;
    subject: string;
    html_body: string;
    text_body: string;
    status: ColumnType<EmailStatus, EmailStatus | undefined, EmailStatus>;
    attempts: ColumnType<number, number | undefined, number>;
    next_attempt_at: CreatedAt;
    locked_until: Timestamp | null;
    last_error: string | null;
    provider_message_id: string | null;
    created_at: CreatedAt;
    sent_at: Timestamp | null;
    /** Set when the retention sweep emptied the bodies (the delivery record stays). */
    body_removed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  };
  /** Where emails go when no Postmark token is configured (development and tests). */
  dev_mailbox: {
    id: Generated<string>;
    outbox_id: string | null;
    to_address: string;
    from_address: string;
    subject: string;
    html_body: string;
    text_body: string;
    created_at: CreatedAt;
  };
  // Access (#3): the modules' records, each owned by a member.
  contacts: {
    id: Generated<string>;
    workspace_id: string;
    owner_id: string;
    name: string;
    email: string | null;
    company: string | null;
    phone: string | null;
    created_at: CreatedAt;
    updated_at: CreatedAt;
  };
  companies: {
    id: Generated<string>;
    workspace_id: string;
    owner_id: string;
    name: string;
    domain: string | null;
    industry: string | null;
    created_at: CreatedAt;
    updated_at: CreatedAt;
  };
  jobs: {
    id: Generated<string>;
    workspace_id: string;
    owner_id: string;
    title: string;
    location: string | null;
    status: ColumnType<JobStatus, JobStatus | undefined, JobStatus>;
    created_at: CreatedAt;
    updated_at: CreatedAt;
  };
  candidates: {
    id: Generated<string>;
    workspace_id: string;
    owner_id: string;
    job_id: string | null;
    name: string;
    email: string | null;
    stage: ColumnType<CandidateStage, CandidateStage | undefined, CandidateStage>;
    created_at: CreatedAt;
    updated_at: CreatedAt;
  };
  /** Who is below whom in the manager chain, at any depth (maintained by triggers on memberships). */
  team_closure: {
    ancestor_id: string;
    descendant_id: string;
    depth: number;
  };

  // Invitations (feature/invitations)
  invitations: {
    id: Generated<string>;
    workspace_id: string;
    email: string;
    /** SHA-256 of the emailed token (the token itself is never stored); null once the retention sweep forgot an ended invitation's token. */
    token_hash: Buffer | null;
    status: ColumnType<InvitationStatus, InvitationStatus | undefined, InvitationStatus>;
    invited_by: string | null;
    message: string | null;
    sent_at: CreatedAt;
    expires_at: Timestamp;
    resend_count: ColumnType<number, number | undefined, number>;
    resend_window_started_at: Timestamp | null;
    delivery_status: ColumnType<InvitationDelivery, InvitationDelivery | undefined, InvitationDelivery>;
    delivery_error: string | null;
    /** The outbox row of the latest email; older emails' outcomes are ignored. */
    outbox_id: string | null;
    accepted_at: Timestamp | null;
    accepted_by: string | null;
    cancelled_at: Timestamp | null;
    created_at: CreatedAt;
    /** Whoever last sent it (invited, or resent): the invitation rests on their right to give its roles. */
    sent_by: ColumnType<string | null, string | null | undefined, string | null>;
    /** Set when, at accept, its sender could no longer give its roles. */
    voided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
    void_reason: ColumnType<string | null, string | null | undefined, string | null>;
    /** When the invitee first tried to join while no seat was free (Admins are told once); cleared by a resend. */
    waiting_for_seat_since: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
    /** Given to the person when they join (a CSV line may name them); null when not set or since removed. */
    department_id: ColumnType<string | null, string | null | undefined, string | null>;
    manager_id: ColumnType<string | null, string | null | undefined, string | null>;
  };
  /** Links that "Resend" replaced: the old link says so instead of "not valid" (until the retention sweep). */
  invitation_replaced_tokens: {
    token_hash: Buffer;
    invitation_id: string;
    replaced_at: CreatedAt;
    expires_at: Timestamp;
  };
  invitation_roles: {
    workspace_id: string;
    invitation_id: string;
    role_id: string;
    is_primary: ColumnType<boolean, boolean | undefined, boolean>;
  };
  // Permission requests (issue 6): asking for access, and the grants that approval creates.
  permission_requests: {
    id: Generated<string>;
    workspace_id: string;
    requester_membership_id: string;
    permission: string;
    scope: AccessScope;
    reason: string;
    duration: GrantDuration;
    status: ColumnType<RequestStatus, RequestStatus | undefined, RequestStatus>;
    decided_by_membership_id: string | null;
    decided_at: Timestamp | null;
    decision_note: string | null;
    granted_duration: GrantDuration | null;
    created_at: CreatedAt;
    expires_at: CreatedAt;
  };
  /** An ad-hoc permission for one member; counts while `ends_at` (null: permanent) is ahead and not revoked. */
  permission_grants: {
    id: Generated<string>;
    workspace_id: string;
    membership_id: string;
    permission: string;
    scope: AccessScope;
    request_id: string | null;
    granted_by_membership_id: string | null;
    starts_at: CreatedAt;
    ends_at: Timestamp | null;
    revoked_at: Timestamp | null;
    revoked_by_membership_id: string | null;
    end_announced_at: Timestamp | null;
    created_at: CreatedAt;
  };

  // Owner powers (feature/owner)
  /** An owner viewing the app as another member, for at most an hour. */
  impersonations: {
    id: Generated<string>;
    workspace_id: string;
    owner_user_id: string;
    membership_id: string;
    member_user_id: string;
    started_at: CreatedAt;
    expires_at: Timestamp;
    ended_at: Timestamp | null;
    end_reason: ImpersonationEndReason | null;
  };
  // Accounts (issue 11): emailed links, stored hashed, single-use, expiring.
  account_tokens: {
    id: Generated<string>;
    user_id: string;
    purpose: AccountTokenPurpose;
    /** SHA-256 of the emailed token; the token itself is never stored. */
    token_hash: Buffer;
    /** Where the link was sent (for an email change: the new address). */
    email: string;
    created_at: CreatedAt;
    expires_at: Timestamp;
    ended_at: Timestamp | null;
    end_reason: AccountTokenEndReason | null;
  };
  /** Fixed-window counters (server/auth/rateLimit.ts); rows past `window_ends_at` are swept. */
  rate_limits: {
    key: string;
    hits: number;
    window_ends_at: Timestamp;
  };
  // Joining without a personal invitation (issue 13): shareable links, verified domains, requests to join.
  invite_links: {
    id: Generated<string>;
    workspace_id: string;
    /** SHA-256 of the link's token (shown once, never stored); null once the retention sweep forgot an ended link's token. */
    token_hash: Buffer | null;
    role_id: string;
    /** The maker: the link rests on their right to give its role, checked again at every join. */
    created_by: string | null;
    created_at: CreatedAt;
    expires_at: Timestamp;
    max_uses: number | null;
    uses: ColumnType<number, number | undefined, number>;
    requires_approval: boolean;
    turned_off_at: Timestamp | null;
    turned_off_by: string | null;
  };
  workspace_domains: {
    id: Generated<string>;
    workspace_id: string;
    domain: string;
    mode: ColumnType<DomainJoinMode, DomainJoinMode | undefined, DomainJoinMode>;
    role_id: string;
    /** The Owner who last set the mode and role: joins rest on their right to give it. */
    set_by: string | null;
    created_at: CreatedAt;
    verification_email: string | null;
    /** SHA-256 of the emailed verification token; null once used or forgotten. */
    verification_token_hash: Buffer | null;
    verification_expires_at: Timestamp | null;
    verified_at: Timestamp | null;
    removed_at: Timestamp | null;
  };
  join_requests: {
    id: Generated<string>;
    workspace_id: string;
    user_id: string;
    invite_link_id: string | null;
    domain_id: string | null;
    role_id: string;
    status: ColumnType<JoinRequestStatus, JoinRequestStatus | undefined, JoinRequestStatus>;
    created_at: CreatedAt;
    decided_at: Timestamp | null;
    decided_by: string | null;
  };
  // Realtime (#5): large messages of the Socket.IO Postgres adapter (it writes them, nothing else reads them).
  socket_io_attachments: {
    id: Generated<number>;
    created_at: Generated<Date | null>;
    payload: Buffer | null;
  };
}

export type DomainJoinMode = "automatic" | "request";
export type JoinRequestStatus = "pending" | "approved" | "denied" | "cancelled";
export type GrantDuration = "1d" | "7d" | "30d" | "permanent";
export type RequestStatus = "pending" | "approved" | "denied" | "expired" | "withdrawn";

import type { ImpersonationEndReason, InvitationStatus, Plan } from "#shared/values";
export type { ImpersonationEndReason, InvitationStatus, Plan };
export type InvitationDelivery = "queued" | "sent" | "undeliverable";
export type AccountTokenPurpose = "verify_email" | "reset_password" | "change_email";
export type AccountTokenEndReason = "used" | "replaced" | "cancelled";

export type User = Selectable<Database["users"]>;
export type Session = Selectable<Database["sessions"]>;
export type Workspace = Selectable<Database["workspaces"]>;
export type NewWorkspace = Insertable<Database["workspaces"]>;
export type WorkspaceUpdate = Updateable<Database["workspaces"]>;
export type Membership = Selectable<Database["memberships"]>;
export type Role = Selectable<Database["roles"]>;
export type Department = Selectable<Database["departments"]>;
export type AuditEvent = Selectable<Database["audit_events"]>;
export type NewAuditEvent = Insertable<Database["audit_events"]>;
export type Notification = Selectable<Database["notifications"]>;
export type OutboxEmail = Selectable<Database["email_outbox"]>;
export type NewOutboxEmail = Insertable<Database["email_outbox"]>;
