import { z } from "zod";

const booleanFromEnv = z.enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""]).transform((v) => ["1", "true", "yes", "on"].includes(v));

const durationUnits = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "30d", "12h", "15m", "45s", "500ms": a length of time in milliseconds. */
const durationFromEnv = (min: number, minText: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+(ms|s|m|h|d)$/, "Use a number and a unit: ms, s, m, h or d (e.g. 30d, 12h).")
    .transform((value) => {
      const [, amount, unit] = /^(\d+)(ms|s|m|h|d)$/.exec(value) as unknown as [string, string, keyof typeof durationUnits];
      return Number(amount) * durationUnits[unit];
    })
    .refine((ms) => ms >= min, `Must be at least ${minText}.`);

const envSchema = z.object({
  /** Unset means production: nothing meant for development is reachable unless asked for (`npm run dev` asks). */
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on; unset listens on all interfaces. */
  HOST: z.string().optional(),
  /** The app's public origin(s), comma separated; requests that change anything must come from one of them. */
  APP_ORIGIN: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Postmark server token; without one, emails go to the development mailbox. */
  POSTMARK_SERVER_TOKEN: z.string().optional(),
  POSTMARK_MESSAGE_STREAM: z.string().default("outbound"),
  /** Override of Postmark's API address (tests point it at a local fake). */
  POSTMARK_API_URL: z.string().url().optional(),
  EMAIL_FROM: z.string().default("Team Access <invites@example.com>"),
  /**
   * The secret part of the development mailbox's address (used only without
   * Postmark). Unset: a random one each start, printed in the log. Set it when
   * several processes share one mailbox.
   */
  DEV_MAILBOX_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{32,128}$/, "must be 32 to 128 letters, digits, '-' or '_' (e.g. `openssl rand -hex 24`)")
    .optional(),
  /** A session ends after this many minutes without a request (sliding). */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .positive()
    .max(60 * 24 * 30)
    .default(30),
  /** A session ends this many hours after sign-in, however active (never extended). */
  SESSION_LIFETIME_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 400)
    .default(12),
  /** Share realtime events with other server processes through PostgreSQL (on by default in a cluster). */
  REALTIME_ADAPTER: z.enum(["auto", "postgres", "memory"]).default("auto"),
  /** How often open sockets' sessions are checked, so an expired session's sockets close (milliseconds). */
  REALTIME_SESSION_CHECK_MS: z.coerce.number().int().min(50).max(3_600_000).default(60_000),
  /** Set when several server processes run against one database. */
  CLUSTER: booleanFromEnv.optional(),
  /** Trust X-Forwarded-For from this many proxies in front of the server. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Run the email delivery worker in this process. */
  EMAIL_WORKER: booleanFromEnv.default("1"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** json (one object per line) or pretty (for people); json in production by default. */
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  /** A statement running longer is cancelled and the person is told to try again. */
  DATABASE_STATEMENT_TIMEOUT: durationFromEnv(100, "100ms").default("30s"),
  /** A transaction left open and idle this long is ended by PostgreSQL (its locks go with it). */
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT: durationFromEnv(1_000, "1s").default("60s"),
  /** After SIGTERM: how long /readyz answers 503 while requests are still served, before the server stops taking connections. */
  SHUTDOWN_DRAIN: durationFromEnv(0, "0s").default("5s"),
  /** How long data is kept once it is no longer needed (see README, "Retention"). */
  RETENTION_EMAIL_BODIES: durationFromEnv(3_600_000, "1h").default("7d"),
  RETENTION_DEV_MAILBOX: durationFromEnv(60_000, "1m").default("7d"),
  RETENTION_EXPIRED_SESSIONS: durationFromEnv(0, "0s").default("1d"),
  // A throttle row must outlive its longest counting window and lock (an hour; see server/auth/throttle.ts).
  RETENTION_SIGN_IN_THROTTLES: durationFromEnv(3_600_000, "1h").default("1d"),
  RETENTION_INVITATION_TOKENS: durationFromEnv(0, "0s").default("30d"),
  RETENTION_ACCOUNT_LINKS: durationFromEnv(0, "0s").default("7d"),
  // Windows end by the database's clock and are swept by the server's: a margin for the two to differ.
  RETENTION_RATE_LIMITS: durationFromEnv(60_000, "1m").default("1h"),
  /** How often the retention sweeps run. */
  /** Bench only (decision 30): write every SQL statement with its request id to this file. */
  SQL_CAPTURE_FILE: z.string().optional(),
  /** Bench only: allow SQL_CAPTURE_FILE in production mode (the bench's own throwaway server). */
  SQL_CAPTURE_ALLOW_PRODUCTION: booleanFromEnv.default("0"),
  RETENTION_SWEEP_EVERY: durationFromEnv(1_000, "1s").default("1h"),
});

export type Env = z.infer<typeof envSchema>;
/** Settings as written in the environment (strings), or as test overrides. */
export type EnvInput = z.input<typeof envSchema>;

export interface AppConfig {
  env: "development" | "production" | "test";
  isProduction: boolean;
  port: number;
  host: string | undefined;
  /** The canonical public origin, used in links (emails). */
  publicOrigin: string;
  /** Every origin a state-changing request may come from. */
  allowedOrigins: ReadonlySet<string>;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  email: {
    from: string;
    postmarkToken: string | undefined;
    postmarkMessageStream: string;
    postmarkApiUrl: string | undefined;
    runWorker: boolean;
  };
  realtime: { adapter: "postgres" | "memory"; sessionCheckMs: number };
  /** The public origin is https: `__Host-` cookie, HSTS, upgrade-insecure-requests. */
  httpsOrigin: boolean;
  /** Secure cookies: in production, and whenever the origin is https. */
  secureCookies: boolean;
  sessions: { idleTimeoutMs: number; lifetimeMs: number };
  devMailboxKey: string | undefined;
  trustProxyHops: number;
  logLevel: Env["LOG_LEVEL"];
  logFormat: "json" | "pretty";
  database: { statementTimeoutMs: number; idleInTransactionTimeoutMs: number };
  shutdownDrainMs: number;
  /** Bench only: the file every SQL statement is written to (server/logging/sqlCapture.ts), or undefined. */
  sqlCaptureFile: string | undefined;
  retention: RetentionPeriods & { sweepEveryMs: number };
}

/** How long each kind of leftover data is kept past the point it stopped being needed (milliseconds). */
export interface RetentionPeriods {
  /** Bodies of emails after delivery (or after delivery was given up); the delivery record stays. */
  emailBodies: number;
  /** Development mailbox entries after they arrived. */
  devMailbox: number;
  /** Sessions after they expired. */
  expiredSessions: number;
  /** Sign-in throttle rows after their last failure or lock. */
  signInThrottles: number;
  /** Invitation tokens after the invitation's expiry, once it is no longer pending. */
  invitationTokens: number;
  /** Emailed account links (confirm, reset, new address) after their expiry. */
  accountLinks: number;
  /** Account rate-limit counters after their window ended. */
  rateLimits: number;
}

export class ConfigError extends Error {}

function normaliseOrigin(value: string): string {
  const url = new URL(value.trim());
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(`APP_ORIGIN must be http(s): ${value}`);
  return url.origin;
}

/** Reads configuration from environment variables; throws ConfigError with every problem listed. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<EnvInput> = {}): AppConfig {
  const parsed = envSchema.safeParse({ ...env, ...overrides });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  let origins: string[];
  try {
    origins = e.APP_ORIGIN
      ? e.APP_ORIGIN.split(",")
          .filter((o) => o.trim() !== "")
          .map(normaliseOrigin)
      : [`http://localhost:${e.PORT}`, `http://127.0.0.1:${e.PORT}`];
  } catch (error) {
    throw error instanceof ConfigError ? error : new ConfigError(`APP_ORIGIN is not a valid URL: ${e.APP_ORIGIN}`);
  }
  const publicOrigin = origins[0];
  if (!publicOrigin) throw new ConfigError("APP_ORIGIN must name at least one origin");
  const cluster = e.CLUSTER ?? false;
  const idleTimeoutMs = Math.round(e.SESSION_IDLE_MINUTES * 60_000);
  const lifetimeMs = Math.round(e.SESSION_LIFETIME_HOURS * 3_600_000);
  if (idleTimeoutMs > lifetimeMs) {
    throw new ConfigError("Invalid configuration: SESSION_IDLE_MINUTES must not be longer than SESSION_LIFETIME_HOURS.");
  }
  const httpsOrigin = publicOrigin.startsWith("https:");
  const isProduction = e.NODE_ENV === "production";
  if (e.SQL_CAPTURE_FILE && isProduction && !e.SQL_CAPTURE_ALLOW_PRODUCTION) {
    throw new ConfigError("Invalid configuration: SQL_CAPTURE_FILE writes every statement and its values to a file and is for benches only; unset it in production.");
  }
  return {
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    host: e.HOST || undefined,
    publicOrigin,
    allowedOrigins: new Set(origins),
    databaseUrl: e.DATABASE_URL || undefined,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    email: {
      from: e.EMAIL_FROM,
      postmarkToken: e.POSTMARK_SERVER_TOKEN || undefined,
      postmarkMessageStream: e.POSTMARK_MESSAGE_STREAM,
      postmarkApiUrl: e.POSTMARK_API_URL,
      runWorker: e.EMAIL_WORKER,
    },
    realtime: {
      adapter: e.REALTIME_ADAPTER === "auto" ? (cluster ? "postgres" : "memory") : e.REALTIME_ADAPTER,
      sessionCheckMs: e.REALTIME_SESSION_CHECK_MS,
    },
    httpsOrigin,
    secureCookies: isProduction || httpsOrigin,
    sessions: { idleTimeoutMs, lifetimeMs },
    devMailboxKey: e.DEV_MAILBOX_KEY,
    trustProxyHops: e.TRUST_PROXY_HOPS,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === "production" ? "json" : "pretty"),
    database: {
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT,
      idleInTransactionTimeoutMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT,
    },
    shutdownDrainMs: e.SHUTDOWN_DRAIN,
    sqlCaptureFile: e.SQL_CAPTURE_FILE || undefined,
    retention: {
      emailBodies: e.RETENTION_EMAIL_BODIES,
      devMailbox: e.RETENTION_DEV_MAILBOX,
      expiredSessions: e.RETENTION_EXPIRED_SESSIONS,
      signInThrottles: e.RETENTION_SIGN_IN_THROTTLES,
      invitationTokens: e.RETENTION_INVITATION_TOKENS,
      accountLinks: e.RETENTION_ACCOUNT_LINKS,
      rateLimits: e.RETENTION_RATE_LIMITS,
      sweepEveryMs: e.RETENTION_SWEEP_EVERY,
    },
  };
}
