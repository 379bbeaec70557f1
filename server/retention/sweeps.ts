/**
 * Retention sweeps: each removes one kind of data once it has been unneeded
 * for longer than its period, and returns how many rows it changed.
 * Each is a plain function `(db, now, periodMs) => count` so a test can run
 * it at any moment with any period. They work in batches, so no statement
 * runs long or holds many locks, and several processes may sweep at once.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "#db/schema";

export type RetentionSweep = (db: Kysely<Database>, now: Date, periodMs: number) => Promise<number>;

const batchSize = 1_000;

function cutoff(now: Date, periodMs: number): Date {
  return new Date(now.getTime() - periodMs);
}

/** Repeats one batch until a batch finds less than a full one. */
async function inBatches(batch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await batch();
    total += n;
    if (n < batchSize) return total;
  }
}

/**
 * Emails that were delivered (counted from sending) or given up on (counted
 * from queueing): their bodies hold invitation links and personal words, so
 * they are emptied. The row stays: who was written to, when, the subject,
 * the outcome and Postmark's message id.
 */
export const removeDeliveredEmailBodies: RetentionSweep = (db, now, periodMs) => {
  const before = cutoff(now, periodMs);
  return inBatches(async () => {
    const result = await db
      .updateTable("email_outbox")
      .set({ html_body: "", text_body: "", body_removed_at: now })
      .where(
        "id",
        "in",
        db
          .selectFrom("email_outbox")
          .select("id")
          .where("body_removed_at", "is", null)
          .where("status", "in", ["sent", "undeliverable", "failed"])
          .where(sql<Date>`coalesce(sent_at, created_at)`, "<", before)
          .limit(batchSize),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  });
};

/** Development mailbox entries, counted from their arrival. */
export const deleteOldMailboxEntries: RetentionSweep = (db, now, periodMs) => {
  const before = cutoff(now, periodMs);
  return inBatches(async () => {
    const result = await db
      .deleteFrom("dev_mailbox")
      .where("id", "in", db.selectFrom("dev_mailbox").select("id").where("created_at", "<", before).limit(batchSize))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
};

/** Sessions, counted from their expiry (an expired session signs nobody in; the row only takes room). */
export const deleteExpiredSessions: RetentionSweep = (db, now, periodMs) => {
  const before = cutoff(now, periodMs);
  return inBatches(async () => {
    const result = await db
      .deleteFrom("sessions")
      .where("id", "in", db.selectFrom("sessions").select("id").where("expires_at", "<", before).limit(batchSize))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
};

/** Sign-in throttle rows, counted from their latest failure or the end of their lock, whichever is later. */
export const deleteSignInThrottles: RetentionSweep = (db, now, periodMs) => {
  const before = cutoff(now, periodMs);
  return inBatches(async () => {
    const result = await db
      .deleteFrom("sign_in_throttles")
      .where(
        "key",
        "in",
        db
          .selectFrom("sign_in_throttles")
          .select("key")
          .where(sql<Date>`greatest(first_failure_at, coalesce(locked_until, first_failure_at))`, "<", before)
          .limit(batchSize),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
};

/**
 * Tokens of invitations that are no longer pending (accepted, cancelled,
 * expired, voided), counted from the invitation's expiry. Until then the old
 * link still says what happened ("already used", "expired", withdrawn and
 * whom to ask); after, it is simply not valid. The invitation itself stays (the pending list, the audit log).
 */
export const removeExpiredInvitationTokens: RetentionSweep = (db, now, periodMs) => {
  const before = cutoff(now, periodMs);
  return inBatches(async () => {
    const result = await db
      .updateTable("invitations")
      .set({ token_hash: null })
      .where("id", "in", db.selectFrom("invitations").select("id").where("token_hash", "is not", null).where("status", "<>", "pending").where("expires_at", "<", before).limit(batchSize))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  });
};

/**
 * Links that "Resend" replaced, counted from the old link's own expiry (as
 * the tokens above): until then the old link says it was replaced; after,
 * it is simply not valid.
 */
export const deleteReplacedInvitationLinks: RetentionSweep = (db, now, periodMs) => {
  const before = cutoff(now, periodMs);
  return inBatches(async () => {
    const result = await db
      .deleteFrom("invitation_replaced_tokens")
      .where("token_hash", "in", db.selectFrom("invitation_replaced_tokens").select("token_hash").where("expires_at", "<", before).limit(batchSize))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
};

/**
 * Emailed account links (confirm an address, reset a password, confirm a
 * new address), counted from their expiry, used or not. Until then an old
 * link still says what happened ("expired", "already used"); after, it is
 * simply not valid.
 */
export const deleteExpiredAccountLinks: RetentionSweep = (db, now, periodMs) => {
  const before = cutoff(now, periodMs);
  return inBatches(async () => {
    const result = await db
      .deleteFrom("account_tokens")
      .where("id", "in", db.selectFrom("account_tokens").select("id").where("expires_at", "<", before).limit(batchSize))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
};

/**
 * Account rate-limit counters (sign-up, reset requests, confirmation
 * resends, email changes, password checks), counted from the end of their
 * window: after it the count starts again anyway (server/auth/rateLimit.ts).
 */
export const deleteEndedRateLimits: RetentionSweep = (db, now, periodMs) => {
  const before = cutoff(now, periodMs);
  return inBatches(async () => {
    const result = await db
      .deleteFrom("rate_limits")
      .where("key", "in", db.selectFrom("rate_limits").select("key").where("window_ends_at", "<", before).limit(batchSize))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
};

/**
 * Invite links that were turned off or expired (issue 13): the token's hash
 * is removed, the link's row (its uses, who made it) stays. Until then the
 * link says what happened ("turned off", "expired"); after, it is not valid.
 * Counted from when it was turned off, or else from its expiry.
 */
export const removeEndedInviteLinkTokens: RetentionSweep = (db, now, periodMs) => {
  const before = cutoff(now, periodMs);
  return inBatches(async () => {
    const result = await db
      .updateTable("invite_links")
      .set({ token_hash: null })
      .where(
        "id",
        "in",
        db
          .selectFrom("invite_links")
          .select("id")
          .where("token_hash", "is not", null)
          .where(sql<Date>`coalesce(turned_off_at, expires_at)`, "<", before)
          .limit(batchSize),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  });
};

/** Domain verification links (used or not), counted from their expiry: the hash goes, the domain stays. */
export const removeExpiredDomainVerificationTokens: RetentionSweep = (db, now, periodMs) => {
  const before = cutoff(now, periodMs);
  return inBatches(async () => {
    const result = await db
      .updateTable("workspace_domains")
      .set({ verification_token_hash: null })
      .where("id", "in", db.selectFrom("workspace_domains").select("id").where("verification_token_hash", "is not", null).where("verification_expires_at", "<", before).limit(batchSize))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  });
};
