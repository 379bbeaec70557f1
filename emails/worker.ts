/**
 * The delivery worker: claims due rows of `email_outbox` (FOR UPDATE SKIP
 * LOCKED, so several processes can run one each), sends them, and records
 * the outcome. Transient failures are retried with exponential backoff;
 * Postmark's "inactive recipient" and "invalid address" are final.
 * A row claimed by a process that died is claimed again once its lease
 * (`locked_until`) runs out.
 *
 * Every attempt after the first asks the provider first whether an earlier
 * attempt got through (a crash after Postmark accepted, or a timeout on its
 * answer) and records that instead of sending twice; if the provider cannot
 * say, the row waits for the next retry (docs/decisions/0013).
 */
import { type Kysely, sql } from "kysely";
import type { Database, EmailStatus, OutboxEmail } from "#db/schema";
import type { Logger } from "#server/log";
import { createScheduler, type Scheduler } from "#server/scheduler";
import type { EmailTransport, SendResult } from "./transport";

export interface EmailStatusChange {
  email: OutboxEmail;
  previous: EmailStatus;
  result: SendResult;
}

export type EmailStatusListener = (change: EmailStatusChange) => Promise<void>;

export interface WorkerOptions {
  pollIntervalMs?: number;
  batchSize?: number;
  leaseSeconds?: number;
  maxAttempts?: number;
  /** Delay before retry n (1-based). */
  backoffMs?: (attempt: number) => number;
  listeners?: EmailStatusListener[];
  /** The process's scheduler; the worker makes its own when none is given (tests). */
  scheduler?: Scheduler;
}

export interface EmailWorker {
  /** Look for due mail now (after a commit that queued some). */
  wake(): void;
  /** Send everything due now; resolves when none is left (tests, shutdown). */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

export function defaultBackoffMs(attempt: number): number {
  // 5s, 10s, 20s ... capped at 30 minutes, with jitter.
  const base = Math.min(5_000 * 2 ** (attempt - 1), 30 * 60_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export function createEmailWorker(db: Kysely<Database>, transport: EmailTransport, log: Logger, options: WorkerOptions = {}): EmailWorker {
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const batchSize = options.batchSize ?? 20;
  const leaseSeconds = options.leaseSeconds ?? 120;
  const maxAttempts = options.maxAttempts ?? 15;
  const backoffMs = options.backoffMs ?? defaultBackoffMs;
  const listeners = options.listeners ?? [];

  let stopped = false;

  async function claim(): Promise<OutboxEmail[]> {
    const result = await sql<OutboxEmail>`
      update email_outbox set status = 'sending', attempts = attempts + 1,
        locked_until = now() + ${`${leaseSeconds} seconds`}::interval
      where id in (
        select id from email_outbox
        where (status = 'queued' and next_attempt_at <= now())
           or (status = 'sending' and locked_until < now())
        order by next_attempt_at
        limit ${batchSize}
        for update skip locked
      )
      returning *
    `.execute(db);
    return result.rows;
  }

  async function record(email: OutboxEmail, result: SendResult): Promise<void> {
    let updated: OutboxEmail | undefined;
    if (result.ok) {
      updated = await db
        .updateTable("email_outbox")
        .set({ status: "sent", sent_at: sql<Date>`now()`, provider_message_id: result.messageId, locked_until: null, last_error: null })
        .where("id", "=", email.id)
        .returningAll()
        .executeTakeFirst();
    } else if (result.permanent) {
      updated = await db.updateTable("email_outbox").set({ status: "undeliverable", last_error: result.reason, locked_until: null }).where("id", "=", email.id).returningAll().executeTakeFirst();
    } else {
      const giveUp = email.attempts >= maxAttempts;
      updated = await db
        .updateTable("email_outbox")
        .set({
          status: giveUp ? "failed" : "queued",
          last_error: result.reason,
          locked_until: null,
          next_attempt_at: sql<Date>`now() + ${`${backoffMs(email.attempts)} milliseconds`}::interval`,
        })
        .where("id", "=", email.id)
        .returningAll()
        .executeTakeFirst();
    }
    if (!updated) return;
    for (const listener of listeners) {
      await listener({ email: updated, previous: email.status, result }).catch((error: unknown) => log.warn("email status listener failed", { error, outboxId: email.id }));
    }
  }

  /** An earlier attempt's message, if the provider has it; a failure result when it cannot say. */
  async function reconcile(email: OutboxEmail): Promise<SendResult | null> {
    if (email.attempts <= 1 || !transport.findSent) return null;
    try {
      const found = await transport.findSent(email.id);
      return found ? { ok: true, messageId: found.messageId } : null;
    } catch (error) {
      return { ok: false, permanent: false, reason: `Could not check whether an earlier attempt was sent: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  async function sendOne(email: OutboxEmail): Promise<void> {
    const earlier = await reconcile(email);
    if (earlier) {
      if (!earlier.ok) log.warn("email not sent", { outboxId: email.id, reason: earlier.reason });
      await record(email, earlier);
      return;
    }
    let result: SendResult;
    try {
      result = await transport.send({
        from: email.from_address,
        to: email.to_address,
        subject: email.subject,
        html: email.html_body,
        text: email.text_body,
        tag: email.kind,
        metadata: { outboxId: email.id },
      });
    } catch (error) {
      result = { ok: false, permanent: false, reason: error instanceof Error ? error.message : String(error) };
    }
    if (!result.ok) log.warn("email not sent", { outboxId: email.id, to: email.to_address, reason: result.reason, permanent: result.permanent });
    await record(email, result);
  }

  async function runOnce(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await claim();
      if (batch.length === 0) return sent;
      await Promise.all(batch.map(sendOne));
      sent += batch.length;
      if (stopped) return sent;
    }
  }

  // Polls the outbox on the scheduler; a wake (mail queued by a commit) runs a pass at once.
  const ownScheduler = options.scheduler ? null : createScheduler(log);
  let lastPass = 0;
  const job = (options.scheduler ?? (ownScheduler as Scheduler)).every("email delivery", pollIntervalMs, async () => {
    lastPass = 0;
    lastPass = await runOnce();
  });

  return {
    wake() {
      if (!stopped) void job.runNow();
    },
    async drain() {
      let total = 0;
      // A wake may have started a pass already; keep going until a pass finds nothing due.
      for (let i = 0; i < 100 && !stopped; i += 1) {
        await job.runNow();
        total += lastPass;
        if (lastPass === 0) return total;
      }
      return total;
    },
    async stop() {
      stopped = true;
      await job.stop();
      await ownScheduler?.stop();
    },
  };
}
