/**
 * Which retention sweeps run, each with its configured period (README,
 * "Retention"). A new kind of expiring data adds its sweep here.
 */
import type { Kysely } from "kysely";
import type { Database } from "#db/schema";
import type { RetentionPeriods } from "../config";
import type { Logger } from "../log";
import {
  deleteEndedRateLimits,
  deleteExpiredAccountLinks,
  deleteExpiredSessions,
  deleteReplacedInvitationLinks,
  deleteOldMailboxEntries,
  deleteSignInThrottles,
  removeDeliveredEmailBodies,
  removeEndedInviteLinkTokens,
  removeExpiredDomainVerificationTokens,
  removeExpiredInvitationTokens,
  type RetentionSweep,
} from "./sweeps";

export interface RetentionRule {
  name: string;
  periodMs: number;
  sweep: RetentionSweep;
}

export function retentionRules(periods: RetentionPeriods): RetentionRule[] {
  return [
    { name: "email bodies", periodMs: periods.emailBodies, sweep: removeDeliveredEmailBodies },
    { name: "development mailbox", periodMs: periods.devMailbox, sweep: deleteOldMailboxEntries },
    { name: "expired sessions", periodMs: periods.expiredSessions, sweep: deleteExpiredSessions },
    { name: "sign-in throttles", periodMs: periods.signInThrottles, sweep: deleteSignInThrottles },
    { name: "invitation tokens", periodMs: periods.invitationTokens, sweep: removeExpiredInvitationTokens },
    { name: "replaced invitation links", periodMs: periods.invitationTokens, sweep: deleteReplacedInvitationLinks },
    { name: "account links", periodMs: periods.accountLinks, sweep: deleteExpiredAccountLinks },
    // Invite links keep their tokens as long as invitations do; domain verification links as long as account links.
    { name: "invite link tokens", periodMs: periods.invitationTokens, sweep: removeEndedInviteLinkTokens },
    { name: "domain verification links", periodMs: periods.accountLinks, sweep: removeExpiredDomainVerificationTokens },
    { name: "account rate limits", periodMs: periods.rateLimits, sweep: deleteEndedRateLimits },
  ];
}

/** Runs every rule once; one failing rule does not stop the others. Returns the count per rule. */
export async function runRetentionSweeps(db: Kysely<Database>, rules: RetentionRule[], log: Logger, now: Date = new Date()): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const rule of rules) {
    try {
      counts[rule.name] = await rule.sweep(db, now, rule.periodMs);
    } catch (error) {
      log.warn("retention sweep failed", { sweep: rule.name, error });
    }
  }
  const changed = Object.entries(counts).filter(([, n]) => n > 0);
  if (changed.length > 0) log.info("retention sweeps removed old data", Object.fromEntries(changed));
  return counts;
}
