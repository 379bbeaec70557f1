/**
 * How long a requested grant lasts. Pure, shared by the server (to compute
 * the end time in SQL) and the pages (to offer the choices).
 */
export const grantDurations = ["1d", "7d", "30d", "permanent"] as const;
export type GrantDuration = (typeof grantDurations)[number];

export const grantDurationLabels: Record<GrantDuration, string> = {
  "1d": "1 day",
  "7d": "7 days",
  "30d": "30 days",
  permanent: "Permanent",
};

/** Length in days; null never ends. */
export const grantDurationDays: Record<GrantDuration, number | null> = { "1d": 1, "7d": 7, "30d": 30, permanent: null };

const rank: Record<GrantDuration, number> = { "1d": 1, "7d": 2, "30d": 3, permanent: 4 };

/** An approver may shorten what was asked for, never lengthen it. */
export function isNoLongerThan(granted: GrantDuration, asked: GrantDuration): boolean {
  return rank[granted] <= rank[asked];
}

/** The choices an approver has for a request of this duration (longest first). */
export function durationsUpTo(asked: GrantDuration): GrantDuration[] {
  return grantDurations.filter((d) => isNoLongerThan(d, asked)).reverse();
}

/** Requests not decided within this many days expire. */
export const requestLifetimeDays = 14;
