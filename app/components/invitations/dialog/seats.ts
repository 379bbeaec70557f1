/** The seat line of the review step: what this send uses against the plan. */
import type { InvitationSeats } from "./types";

export interface SeatLine {
  text: string;
  /** How many of these people would find no seat (the last ones in the list). */
  short: number;
}

export function seatLineFor(seats: Pick<InvitationSeats, "limit" | "used" | "onTrial" | "planLabel">, adding: number, format: (n: number) => string = String): SeatLine {
  const after = seats.used + adding;
  if (seats.limit === null) {
    return {
      text: seats.onTrial ? `No seat limit during the trial: ${format(after)} seats in use after sending.` : `${seats.planLabel} plan: unlimited seats, ${format(after)} in use after sending.`,
      short: 0,
    };
  }
  const short = Math.max(0, after - seats.limit);
  return { text: `${format(Math.min(after, Math.max(seats.limit, seats.used)))} of ${format(seats.limit)} seats used after sending.`, short };
}
