/**
 * Every error a user can meet: a stable code (tests and clients check it),
 * the kind of refusal it is (an HTTP-like status), and words a person
 * understands. Free of the transport: the tRPC edge turns an AppError into
 * its TRPCError in one place (server/trpc/errors.ts).
 * Add new codes here rather than throwing transport errors from services.
 */

/** What kind of refusal an error is; the names are the HTTP-like statuses the API answers with. */
export type ErrorKind =
  "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_SUPPORTED" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "TOO_MANY_REQUESTS" | "INTERNAL_SERVER_ERROR" | "SERVICE_UNAVAILABLE";

export const errorCatalog = {
  // Generic
  INVALID_INPUT: { status: "BAD_REQUEST", message: "Some of the information you entered is not valid." },
  NOT_SIGNED_IN: { status: "UNAUTHORIZED", message: "Please sign in to continue." },
  FORBIDDEN: { status: "FORBIDDEN", message: "You don't have permission to do that." },
  MODULE_CLOSED: { status: "FORBIDDEN", message: "That module is not available to you in this workspace." },
  NOT_FOUND: { status: "NOT_FOUND", message: "We couldn't find that. It may have been removed, or you may not have access to it." },
  CONFLICT: { status: "CONFLICT", message: "Someone else changed this at the same time. Reload and try again." },
  RATE_LIMITED: { status: "TOO_MANY_REQUESTS", message: "You're doing that too often. Please wait a moment and try again." },
  TEMPORARILY_UNAVAILABLE: {
    status: "SERVICE_UNAVAILABLE",
    message: "The service is briefly unavailable. Please try again in a few seconds.",
  },
  INTERNAL: { status: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side. Please try again." },
  CROSS_ORIGIN: { status: "FORBIDDEN", message: "This request came from another site and was refused." },
  BATCH_TOO_LARGE: { status: "BAD_REQUEST", message: "Too many operations in one request." },
  PAYLOAD_TOO_LARGE: { status: "PAYLOAD_TOO_LARGE", message: "That request is too large." },
  QUERY_TIMEOUT: {
    status: "SERVICE_UNAVAILABLE",
    message: "That took too long, so we stopped it. Please try again in a moment.",
  },

  // Accounts
  EMAIL_TAKEN: { status: "CONFLICT", message: "An account with this email already exists. Sign in instead." },
  INVALID_CREDENTIALS: { status: "UNAUTHORIZED", message: "That email and password don't match. Please try again." },
  SIGN_IN_LOCKED: {
    status: "TOO_MANY_REQUESTS",
    message: "Too many failed sign-in attempts. Sign-in is paused for a while; please try again later.",
  },
  WEAK_PASSWORD: { status: "BAD_REQUEST", message: "Choose a password of at least 8 characters." },

  // Accounts people can verify, recover and control (issue 11)
  EMAIL_NOT_VERIFIED: {
    status: "FORBIDDEN",
    message: "Confirm your email address first: open the link we emailed you, or ask for a new one.",
  },
  ACCOUNT_LINK_INVALID: {
    status: "NOT_FOUND",
    message: "This link isn't valid. Check that you opened the whole link from the email, or ask for a new one.",
  },
  ACCOUNT_LINK_USED: { status: "CONFLICT", message: "This link has already been used. Each link works once; ask for a new one if you need it." },
  ACCOUNT_LINK_EXPIRED: { status: "CONFLICT", message: "This link has expired. Ask for a new one." },
  ACCOUNT_LINK_REPLACED: {
    status: "CONFLICT",
    message: "A newer link was sent after this one, so this one no longer works. Use the link in the most recent email.",
  },
  ACCOUNT_LINK_CANCELLED: { status: "CONFLICT", message: "This link was cancelled from the account's settings, so it no longer works." },
  REAUTH_REQUIRED: { status: "FORBIDDEN", message: "Enter your password to confirm it's you." },
  PASSWORD_INCORRECT: { status: "FORBIDDEN", message: "That isn't your current password. Please try again." },
  EMAIL_CHANGE_SAME: { status: "BAD_REQUEST", message: "That is already your email address." },
  EMAIL_CHANGE_UNAVAILABLE: {
    status: "CONFLICT",
    message: "That address is now used by another account, so your email stays as it was. Choose another address.",
  },
  EMAIL_HELD_UNCONFIRMED: {
    status: "CONFLICT",
    message: "An account was started with this email address but never confirmed. Confirm that you want to replace it with your own account, or sign in if it is yours.",
  },
  CLAIM_BLOCKED: {
    status: "CONFLICT",
    message: "The unconfirmed account that uses this address still belongs to a workspace, so it can't be replaced here. Ask the workspace's owner for help.",
  },
  SIGN_UP_RATE_LIMITED: { status: "TOO_MANY_REQUESTS", message: "Too many accounts have been started from here. Please try again later." },
  PASSWORD_RESET_RATE_LIMITED: { status: "TOO_MANY_REQUESTS", message: "Too many password reset emails have been asked for. Please try again later." },
  VERIFICATION_RATE_LIMITED: { status: "TOO_MANY_REQUESTS", message: "We've sent several confirmation emails already. Please try again later." },
  EMAIL_CHANGE_RATE_LIMITED: { status: "TOO_MANY_REQUESTS", message: "Too many email address changes have been asked for. Please try again later." },
  PASSWORD_CHECK_RATE_LIMITED: { status: "TOO_MANY_REQUESTS", message: "Your password has been entered too many times. Please try again later." },
  DOMAIN_VERIFICATION_RATE_LIMITED: { status: "TOO_MANY_REQUESTS", message: "Several verification emails have been sent for domains already. Please try again later." },

  // Access rails
  OWNER_ONLY: { status: "FORBIDDEN", message: "Only an Owner can do that." },
  ROLE_NOT_GRANTABLE: { status: "FORBIDDEN", message: "You can't give access your roles don't give you." },
  GIVE_TO_SELF: {
    status: "FORBIDDEN",
    message: "You can't give access to yourself. Ask another Admin or an Owner of the workspace to do it.",
  },
  ROLE_OWNER_ONLY_PERMISSION: {
    status: "BAD_REQUEST",
    message: "Billing, deleting the workspace, transferring ownership and viewing as others come only with the Owner role, so no custom role can carry them.",
  },

  // Access (#3): members, roles, departments, modules, records
  LAST_OWNER: { status: "CONFLICT", message: "A workspace needs at least one Owner. Make someone else an Owner first." },
  LAST_OWNER_CANNOT_LEAVE: {
    status: "CONFLICT",
    message: "You're the only Owner of this workspace, so you can't leave it yet. Transfer ownership to another member first.",
  },
  TRANSFER_TO_SELF: { status: "BAD_REQUEST", message: "Choose another member: you are already an Owner." },
  TRANSFER_TARGET_OWNER: { status: "CONFLICT", message: "That member is already an Owner. Choose someone who isn't." },
  ACTS_ON_OWNER: { status: "FORBIDDEN", message: "Only an Owner can change or remove another Owner." },
  MANAGER_CYCLE: { status: "BAD_REQUEST", message: "That would make a loop in the reporting chain: someone would end up managing their own manager." },
  MANAGER_NOT_ACTIVE: { status: "BAD_REQUEST", message: "That manager is not an active member of this workspace." },
  PRIMARY_ROLE_REQUIRED: { status: "BAD_REQUEST", message: "Pick one of the member's roles as their primary role." },
  BUILT_IN_ROLE: { status: "FORBIDDEN", message: "Built-in roles can't be edited or deleted. Create a custom role instead." },
  ROLE_NAME_TAKEN: { status: "CONFLICT", message: "A role with that name already exists in this workspace." },
  ROLE_IN_USE: { status: "CONFLICT", message: "Members hold this role. Choose what to do with them before deleting it." },
  ROLE_WOULD_LEAVE_NO_ROLE: { status: "CONFLICT", message: "Some holders have no other role. Move them to another role instead." },
  DEPARTMENT_NAME_TAKEN: { status: "CONFLICT", message: "A department with that name already exists." },
  RECORD_NOT_YOURS: { status: "FORBIDDEN", message: "You can see this record but you may not change it: it belongs to someone outside your scope." },

  // Workspaces
  WORKSPACE_SLUG_TAKEN: { status: "CONFLICT", message: "That workspace address is already taken. Try another." },

  // Invitations (feature/invitations)
  INVITATION_BATCH_TOO_LARGE: { status: "BAD_REQUEST", message: "You can invite at most 100 people at once." },
  INVITATION_NO_ADDRESSES: { status: "BAD_REQUEST", message: "Enter at least one email address." },
  INVITATION_RESEND_LIMIT: {
    status: "TOO_MANY_REQUESTS",
    message: "This invitation has been resent too many times today. You can resend it again tomorrow.",
  },
  SEAT_LIMIT_REACHED: { status: "FORBIDDEN", message: "All seats on your plan are in use. Upgrade the plan to invite more people." },
  INVITATION_NOT_PENDING: { status: "CONFLICT", message: "That invitation is no longer pending." },
  INVITATION_ALREADY_PENDING: {
    status: "CONFLICT",
    message: "There is already a pending invitation for this email. Resend or cancel that one instead.",
  },
  INVITATION_ALREADY_MEMBER: { status: "CONFLICT", message: "This person is already a member of the workspace." },
  INVITATION_INVALID: {
    status: "NOT_FOUND",
    message: "This invitation link is not valid. Check that you copied the whole link, or ask for a new invitation.",
  },
  INVITATION_REPLACED: {
    status: "CONFLICT",
    message: "This invitation link was replaced by a newer invitation. Open the newest invitation email: it holds the working link.",
  },
  INVITATION_EXPIRED: {
    status: "CONFLICT",
    message: "This invitation has expired. Ask the person who invited you to send a new one.",
  },
  INVITATION_CANCELLED: {
    status: "CONFLICT",
    message: "This invitation was cancelled. Ask the workspace admin for a new invitation if you still need access.",
  },
  INVITATION_USED: {
    status: "CONFLICT",
    message: "This invitation has already been used. Sign in with the account that accepted it, or ask for a new invitation.",
  },
  INVITATION_VOIDED: {
    status: "CONFLICT",
    message: "This invitation can no longer be used: the person who sent it may no longer give these roles. Ask an Admin or Owner of the workspace for a new one.",
  },
  INVITATION_NO_SEAT: {
    status: "FORBIDDEN",
    message: "The workspace has no free seat on its plan right now. Your invitation is still valid: ask an Owner or Admin to free a seat, then open the link again.",
  },
  INVITATION_WRONG_ACCOUNT: {
    status: "FORBIDDEN",
    message: "This invitation was sent to a different email address. Sign out and sign in with the invited email to accept it.",
  },

  // Invite links and verified domains (issue 13)
  INVITE_LINK_INVALID: {
    status: "NOT_FOUND",
    message: "This invite link is not valid. Check that you copied the whole link, or ask the person who shared it for a new one.",
  },
  INVITE_LINK_TURNED_OFF: { status: "CONFLICT", message: "This invite link was turned off. Ask an Admin of the workspace for a new link or an invitation." },
  INVITE_LINK_EXPIRED: { status: "CONFLICT", message: "This invite link has expired. Ask an Admin of the workspace for a new link or an invitation." },
  INVITE_LINK_USED_UP: {
    status: "CONFLICT",
    message: "This invite link has been used as many times as it allows. Ask an Admin of the workspace for a new link or an invitation.",
  },
  JOIN_GIVER_LOST_RIGHT: {
    status: "CONFLICT",
    message: "You can't join this way any more: the person who set it up may no longer give its role. Ask an Admin or Owner of the workspace for an invitation.",
  },
  INVITE_LINK_ROLE_NOT_OFFERED: {
    status: "FORBIDDEN",
    message: "Links can give the Member or Viewer role; only an Owner can make a link for another role.",
  },
  JOIN_NO_SEAT: {
    status: "FORBIDDEN",
    message: "The workspace has no free seat on its plan right now. Ask an Owner or Admin to free a seat or upgrade the plan, then try again.",
  },
  JOIN_EMAIL_NOT_VERIFIED: {
    status: "FORBIDDEN",
    message: "Confirm your email address first: open the link we emailed you when you signed up (or ask for a new one), then open this page again.",
  },
  JOIN_REQUEST_NOT_PENDING: { status: "CONFLICT", message: "That request to join has already been decided or withdrawn." },
  DOMAIN_PUBLIC: {
    status: "BAD_REQUEST",
    message: "That is a public email provider: anyone can have an address there, so it can't be verified for a workspace. Use your company's own domain.",
  },
  DOMAIN_ALREADY_ADDED: { status: "CONFLICT", message: "That domain is already on this workspace's list." },
  DOMAIN_LINK_INVALID: { status: "NOT_FOUND", message: "This verification link isn't valid. Check that you opened the whole link, or send a new one from the Domains page." },
  DOMAIN_LINK_EXPIRED: { status: "CONFLICT", message: "This verification link has expired. Send a new one from the Domains page." },
  DOMAIN_NOT_VERIFIED: { status: "CONFLICT", message: "That domain isn't verified yet: open the link sent to the address at it first." },

  // Permission requests and grants
  REQUEST_DUPLICATE: {
    status: "CONFLICT",
    message: "You have already asked for this access. Your request is waiting for a decision.",
  },
  REQUEST_ALREADY_HELD: { status: "CONFLICT", message: "You already have this access, so there is nothing to request." },
  REQUEST_NOT_REQUESTABLE: { status: "BAD_REQUEST", message: "Owner-only access can't be requested. Ask an Owner of the workspace." },
  REQUEST_SELF_DECISION: { status: "FORBIDDEN", message: "You can't decide your own request. Someone else has to approve it." },
  REQUEST_NOT_APPROVER: {
    status: "FORBIDDEN",
    message: "Only the requester's managers, admins and owners can decide this request.",
  },
  PERMISSION_NOT_GRANTABLE: { status: "FORBIDDEN", message: "You can't approve access your roles don't give you." },
  REQUEST_ALREADY_DECIDED: { status: "CONFLICT", message: "This request has already been decided." },
  REQUEST_EXPIRED: { status: "CONFLICT", message: "This request expired: it was not decided within 14 days." },
  REQUEST_DURATION_LONGER: { status: "BAD_REQUEST", message: "You can shorten the duration they asked for, but not lengthen it." },
  REQUEST_REQUESTER_GONE: { status: "CONFLICT", message: "The person who asked is no longer a member of this workspace." },
  GRANT_ALREADY_ENDED: { status: "CONFLICT", message: "This access has already ended." },
  // Owner powers (feature/owner)
  IMPERSONATE_OWNER: { status: "FORBIDDEN", message: "You can't view the app as another Owner; choose a member who is not an Owner." },
  IMPERSONATE_SELF: { status: "BAD_REQUEST", message: "You are already seeing the app as yourself." },
  IMPERSONATION_NOT_ALLOWED: {
    status: "FORBIDDEN",
    message: "You can't do that while viewing the app as another member. Stop viewing as them first.",
  },
  WORKSPACE_NAME_MISMATCH: {
    status: "BAD_REQUEST",
    message: "The name you typed doesn't match the workspace's name. Type it exactly to confirm.",
  },
  AUDIT_APPEND_ONLY: { status: "FORBIDDEN", message: "Audit log entries can't be changed or deleted." },

  // Hardening (requests the API refuses before any procedure runs)
  METHOD_NOT_ALLOWED: { status: "METHOD_NOT_SUPPORTED", message: "That can't be done with this kind of request (wrong HTTP method)." },
  UNSUPPORTED_CONTENT_TYPE: { status: "UNSUPPORTED_MEDIA_TYPE", message: "Send this request as JSON (Content-Type: application/json)." },
} as const satisfies Record<string, { status: ErrorKind; message: string }>;

export type AppErrorCode = keyof typeof errorCatalog;

export class AppError extends Error {
  readonly appCode: AppErrorCode;
  readonly kind: ErrorKind;
  readonly details: Record<string, unknown> | undefined;

  constructor(appCode: AppErrorCode, message?: string, details?: Record<string, unknown>, cause?: unknown) {
    const entry = errorCatalog[appCode];
    super(message ?? entry.message, cause === undefined ? undefined : { cause });
    this.name = "AppError";
    this.appCode = appCode;
    this.kind = entry.status;
    this.details = details;
  }
}

/** PostgreSQL error codes we turn into user-facing answers. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === "23505" && (constraint === undefined || e.constraint === constraint);
}

export function isSerializationFailure(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "40001" || code === "40P01";
}

/**
 * PostgreSQL's "data exception" class (22xxx): a value the database cannot
 * store or compare (a NUL byte in text, an id that is not a uuid, a number out
 * of range). It is the caller's input, not our failure: INVALID_INPUT, not 500.
 */
export function isInvalidDataValue(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code);
}

/**
 * The database stopped a statement that ran past `statement_timeout`, or
 * ended a transaction left idle past `idle_in_transaction_session_timeout`.
 * Either way the transaction was rolled back.
 */
export function isQueryTimeout(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code === "25P03") return true;
  return e.code === "57014" && /statement timeout/i.test(e.message ?? "");
}

/** Connection-level failures: the database is down or restarting. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && ["ECONNREFUSED", "ECONNRESET", "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "53300"].includes(e.code)) {
    return true;
  }
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e.message ?? "");
}
