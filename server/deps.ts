import type { Kysely } from "kysely";
import type pg from "pg";
import type { Database } from "#db/schema";
import type { Auth } from "./auth/sessions";
import type { RateLimitPolicy } from "./auth/rateLimitPolicy";
import type { BackgroundTasks } from "./background";
import type { ThrottlePolicy } from "./auth/throttle";
import type { AppConfig } from "./config";
import type { DevMailbox } from "./http/devMailbox";
import type { Logger } from "./log";
import type { RealtimePublisher } from "./realtime/publisher";

/** Nudges the email worker after a transaction that queued mail commits. */
export interface MailNudge {
  wake(): void;
}

/**
 * Everything a procedure or service needs from the running process. Built
 * once in server/app.ts (and by tests with their own database), passed down
 * explicitly; nothing below reads globals.
 */
export interface AppDeps {
  config: AppConfig;
  db: Kysely<Database>;
  pool: pg.Pool;
  auth: Auth;
  realtime: RealtimePublisher;
  mail: MailNudge;
  /** Where email is kept when it is not sent (no Postmark): the key-guarded development mailbox; null when email is delivered. */
  devMailbox: DevMailbox | null;
  throttle: ThrottlePolicy;
  /** Limits on sign-up, reset requests, verification resends, email changes and password checks. */
  rateLimits: RateLimitPolicy;
  /** Work finished after the answer (see server/background.ts). */
  background: BackgroundTasks;
  log: Logger;
}
