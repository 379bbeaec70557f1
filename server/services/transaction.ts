/**
 * The unit of work. Services change data inside `inTransaction`; what the
 * change means to the outside world (realtime events, room changes, ended
 * sessions, waking the email worker) is collected on the way and released
 * only after COMMIT. A rolled-back change therefore emits nothing.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "#db/schema";
import type { AppDeps } from "../deps";
import { AppError, isSerializationFailure } from "../errors";
import type { Audience, RealtimeMessage } from "#shared/realtime/events";
import type { RealtimeBatch } from "../realtime/publisher";

export interface Tx {
  db: Transaction<Database>;
  /** Queue an event for after commit. */
  emit(audience: Audience, message: RealtimeMessage): void;
  /** After commit, recompute the rooms of this user's sockets (their access changed). */
  refreshRooms(userId: string): void;
  /** After commit, disconnect the sockets of these sessions (they were ended). */
  endSessions(sessionIds: string[]): void;
  /** After commit, wake the email worker (mail was queued). */
  wakeMail(): void;
  /** After commit, run this (best effort; failures are logged). */
  afterCommit(fn: () => void | Promise<void>): void;
}

export type IsolationLevel = "read committed" | "repeatable read" | "serializable";

export interface TransactionOptions {
  isolation?: IsolationLevel;
  /** Retries on serialization failure or deadlock (only meaningful above read committed). */
  retries?: number;
}

type Deps = Pick<AppDeps, "db" | "realtime" | "mail" | "log">;

export function nowIso(): string {
  return new Date().toISOString();
}

export async function inTransaction<T>(deps: Deps, work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const maxAttempts = 1 + (options.retries ?? (options.isolation === "serializable" ? 5 : 0));
  for (let attempt = 1; ; attempt += 1) {
    const batch: RealtimeBatch = { endSessionIds: [], refreshUserIds: [], events: [] };
    const callbacks: Array<() => void | Promise<void>> = [];
    let wake = false;
    try {
      let builder = deps.db.transaction();
      if (options.isolation) builder = builder.setIsolationLevel(options.isolation);
      const result = await builder.execute((trx) =>
        work({
          db: trx,
          emit: (audience, message) => batch.events.push({ audience, message }),
          refreshRooms: (userId) => {
            if (!batch.refreshUserIds.includes(userId)) batch.refreshUserIds.push(userId);
          },
          endSessions: (ids) => batch.endSessionIds.push(...ids),
          wakeMail: () => {
            wake = true;
          },
          afterCommit: (fn) => callbacks.push(fn),
        }),
      );
      // Committed: now the world may hear about it.
      if (wake) deps.mail.wake();
      if (batch.events.length || batch.refreshUserIds.length || batch.endSessionIds.length) {
        await deps.realtime.publish(batch).catch((error: unknown) => deps.log.warn("realtime publish failed", { error }));
      }
      for (const fn of callbacks) {
        await Promise.resolve()
          .then(fn)
          .catch((error: unknown) => deps.log.warn("after-commit task failed", { error }));
      }
      return result;
    } catch (error) {
      if (isSerializationFailure(error) && attempt < maxAttempts) {
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
        continue;
      }
      if (isSerializationFailure(error)) throw new AppError("CONFLICT", undefined, undefined, error);
      throw error;
    }
  }
}

/** For reads that must see one snapshot, or writes needing no effects. */
export type Db = Kysely<Database> | Transaction<Database>;
