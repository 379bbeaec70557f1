/**
 * A change that may be refused with its refusal recorded: the transaction
 * returns `{ refused }` (so what it recorded, an audit entry or a notice, is
 * committed) and the caller throws it only after the commit (`settled`).
 */
import type { AppError } from "../errors";

export type Outcome<T> = { ok: T } | { refused: AppError };

export function settled<T>(outcome: Outcome<T>): T {
  if ("refused" in outcome) throw outcome.refused;
  return outcome.ok;
}
