/**
 * One HTTP server, three doors:
 *   /trpc/*       tRPC (origin guard, batch cap, body cap)
 *   /socket.io/   Socket.IO (websocket only, same origin, session cookie)
 *   everything else: the Remix request handler, whose loaders and actions
 *                 call the same router in-process through `context.trpc`.
 * `startServer` is used by server/index.ts, by tests and by benches alike.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import type { TRPCError } from "@trpc/server";
import * as trpcExpress from "@trpc/server/adapters/express";
import express from "express";
import { createDatabase, type DatabaseHandle } from "#db/client";
import { migrateToLatest } from "#db/migrator";
import { createDevMailboxTransport } from "#emails/devMailbox";
import { createPostmarkTransport } from "#emails/postmark";
import type { EmailTransport } from "#emails/transport";
import { createEmailWorker, type EmailWorker, type EmailStatusListener, type WorkerOptions } from "#emails/worker";
import { defaultRateLimits, type RateLimitPolicy } from "./auth/rateLimitPolicy";
import { createAuth } from "./auth/sessions";
import { defaultThrottlePolicy, type ThrottlePolicy } from "./auth/throttle";
import { createBackgroundTasks } from "./background";
import type { AppConfig } from "./config";
import type { AppDeps } from "./deps";
import { type DevMailbox, openDevMailbox } from "./http/devMailbox";
import { retryAfterHeader } from "./http/retryAfter";
import { healthRoutes } from "./http/health";
import { createApiDoor, isApiDoorUrl } from "./http/apiDoor";
import { requestLogging, requestTraceOf } from "./http/requestLog";
import { type RequestTrace, tagErrorWithRequest, traceFields } from "./logging/requestContext";
import { installSqlCapture } from "./logging/sqlCapture";
import { answerMalformedRequest, batchLimit, cspNonce, originGuard, securityHeaders } from "./http/security";
import { schedulePeriodicJobs } from "./jobs";
import { createLogger, type Logger, requestLogger } from "./log";
import { attachPostgresAdapter } from "./realtime/adapter";
import { attachRealtime, type RealtimeServer } from "./realtime/server";
import { emailStatusListeners } from "./services/emailStatus";
import { createScheduler, type Scheduler } from "./scheduler";
import { syncBuiltInRoles } from "./services/roles/builtin";
import { readTimeHints } from "#shared/time/hints";
import { type Context, createContext, type RequestInfo } from "./trpc/context";
import { appRouter, createCaller } from "./router";

export const maxBatchCalls = 20;
export const maxBodyBytes = 1_000_000;

export interface StartServerOptions {
  config: AppConfig;
  /** The Remix server build, or a loader of it (re-read per request in development); null serves the API only. */
  remixBuild: ServerBuild | (() => Promise<ServerBuild>) | null;
  /** Where `public/` lives (static files and the client build). */
  publicDir?: string;
  /** Replace the email transport (tests); by default Postmark when a token is set, else the dev mailbox. */
  emailTransport?: EmailTransport;
  emailWorker?: WorkerOptions;
  throttle?: ThrottlePolicy;
  rateLimits?: RateLimitPolicy;
  /** The clock sessions and sign-in throttling read (tests move it instead of waiting). */
  clock?: () => Date;
  log?: Logger;
  /** Extra work after the server is up, before it is announced (realtime adapters, timers). */
  onStarted?: (server: RunningServer) => Promise<void> | void;
}

export interface RunningServer {
  url: string;
  port: number;
  deps: AppDeps;
  io: RealtimeServer;
  httpServer: http.Server;
  database: DatabaseHandle;
  emailWorker: EmailWorker | null;
  /** The process's periodic jobs (server/jobs.ts). */
  scheduler: Scheduler;
  /**
   * Before stopping (SIGTERM): /readyz answers 503 and answers ask clients to
   * close their connections, while requests are still served for `ms`, so a
   * load balancer moves traffic elsewhere first.
   */
  drain(ms: number): Promise<void>;
  /** Graceful: stop taking requests, finish those in flight, close sockets, the worker and the database. */
  close(): Promise<void>;
  /** Tasks to run on close, before the database closes (registered by features). */
  onClose(task: () => Promise<void> | void): void;
}

function isLoopbackOrigin(origin: string): boolean {
  const host = new URL(origin).hostname;
  return host === "localhost" || host.endsWith(".localhost") || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function requestInfo(req: express.Request): RequestInfo {
  return requestInfoOf(req, req.ip);
}

/** The same from Node's request and the client address (the API door has no Express request). */
function requestInfoOf(req: http.IncomingMessage, ip: string | undefined): RequestInfo {
  const cookie = req.headers.cookie ?? null;
  const hints = readTimeHints({ cookie, acceptLanguage: null });
  return {
    ip: ip ?? req.socket.remoteAddress ?? "unknown",
    userAgent: req.headers["user-agent"] ?? null,
    cookieHeader: cookie,
    timeZone: hints.reported ? hints.timeZone : null,
  };
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config } = options;
  if (!config.databaseUrl) throw new Error("startServer needs config.databaseUrl (server/index.ts resolves the embedded database).");
  const log = options.log ?? createLogger(config.logLevel, { format: config.logFormat });

  // Migrations may legitimately run long (an index on a big table): their own connection, without the pool's timeouts.
  const migrations = createDatabase(config.databaseUrl, { max: 1, applicationName: "team-access-migrate" });
  try {
    await migrateToLatest(migrations.db);
  } finally {
    await migrations.close();
  }
  const database = createDatabase(config.databaseUrl, {
    max: config.databasePoolSize,
    onIdleError: (error) => log.warn("database connection lost", { error: error.message }),
    statementTimeoutMs: config.database.statementTimeoutMs,
    idleInTransactionTimeoutMs: config.database.idleInTransactionTimeoutMs,
  });
  if (config.sqlCaptureFile) installSqlCapture(database.pool, config.sqlCaptureFile);
  await syncBuiltInRoles(database.db);
  const scheduler = createScheduler(log);
  let draining = false;

  const auth = createAuth(database.db, {
    policy: config.sessions,
    secureCookies: config.secureCookies,
    hostOnlyPrefix: config.httpsOrigin,
    now: options.clock,
  });
  if (config.secureCookies && !config.httpsOrigin && !isLoopbackOrigin(config.publicOrigin)) {
    log.warn(
      `APP_ORIGIN ${config.publicOrigin} is plain http on a host other than localhost: browsers refuse the Secure session cookie there, so nobody could sign in. Serve the app over https and set APP_ORIGIN to its https address.`,
    );
  }

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxyHops);
  // /trpc/* through the API door (server/http/apiDoor.ts, set up below), everything else through Express.
  let apiDoor: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
  const httpServer = http.createServer((req, res) => {
    if (apiDoor && isApiDoorUrl(req.url)) apiDoor(req, res);
    else app(req, res);
  });
  // Requests Node refuses before Express sees them (headers or URL too long, broken HTTP).
  httpServer.on("clientError", answerMalformedRequest);
  const realtime = attachRealtime(httpServer, {
    db: database.db,
    auth,
    allowedOrigins: config.allowedOrigins,
    log,
    sessionCheckMs: config.realtime.sessionCheckMs,
    clustered: config.realtime.adapter === "postgres",
    scheduler,
  });
  const { io, publisher } = realtime;
  // Other server processes on the same database hear this one's events (and it theirs).
  const cluster = config.realtime.adapter === "postgres" ? attachPostgresAdapter(io, { databaseUrl: config.databaseUrl, log }) : null;

  // The worker needs deps (for status listeners) and deps need the worker's
  // wake(); the nudge is bound once the worker exists.
  let worker: EmailWorker | null = null;
  const deps: AppDeps = {
    config,
    db: database.db,
    pool: database.pool,
    auth,
    realtime: publisher,
    mail: { wake: () => worker?.wake() },
    // Email that is not sent is kept in the development mailbox, behind a key (decision 15).
    devMailbox: (options.emailTransport ? options.emailTransport.name === "dev-mailbox" : !config.email.postmarkToken) ? openDevMailbox(config.devMailboxKey) : null,
    throttle: options.throttle ?? defaultThrottlePolicy,
    rateLimits: options.rateLimits ?? defaultRateLimits,
    background: createBackgroundTasks(log),
    log,
  };

  if (config.email.runWorker) {
    const transport =
      options.emailTransport ??
      (config.email.postmarkToken
        ? createPostmarkTransport({
            serverToken: config.email.postmarkToken,
            messageStream: config.email.postmarkMessageStream,
            apiUrl: config.email.postmarkApiUrl,
          })
        : createDevMailboxTransport(database.db));
    const listeners: EmailStatusListener[] = emailStatusListeners(deps);
    worker = createEmailWorker(database.db, transport, log, {
      scheduler,
      ...options.emailWorker,
      listeners: [...listeners, ...(options.emailWorker?.listeners ?? [])],
    });
  }

  // First: every request gets its id and its log line, whatever answers it.
  app.use(requestLogging({ log, trustProxyHops: config.trustProxyHops }));
  app.use((_req, res, next) => {
    // While draining, clients are asked not to reuse this connection (their next request goes elsewhere).
    if (draining) res.setHeader("Connection", "close");
    next();
  });
  app.use(cspNonce());
  app.use(securityHeaders({ isProduction: config.isProduction, httpsOrigin: config.httpsOrigin }));
  // Probes change nothing: before the origin guard, and logged at debug (see requestLog.ts).
  app.use(healthRoutes(database.db, { draining: () => draining }));

  app.use(originGuard(config.allowedOrigins));

  // A refusal that says when to try again (sign-in locked, an account rate limit) carries it as Retry-After too.
  const responseMeta = ({ errors }: { errors: TRPCError[] }) => retryAfterHeader(errors);
  // tRPC calls this before it formats the error: a refusal formatted without a context still finds its request (errorFormatter.ts).
  const onProcedureError = ({ error, path: procedurePath, trace }: { error: TRPCError; path: string | undefined; trace: RequestTrace | null }) => {
    tagErrorWithRequest(error, trace);
    if (error.code === "INTERNAL_SERVER_ERROR") log.error("procedure failed", { ...(trace ? traceFields(trace) : {}), path: procedurePath, error: error.cause ?? error });
  };
  // Requests to /trpc/* take the API door; "/trpc" itself (and its odd spellings) still come this way.
  app.use(
    "/trpc",
    batchLimit(maxBatchCalls),
    trpcExpress.createExpressMiddleware({
      router: appRouter,
      maxBatchSize: maxBatchCalls,
      maxBodySize: maxBodyBytes,
      responseMeta,
      createContext: ({ req, res }): Promise<Context> => createContext({ deps, request: requestInfo(req), response: { setCookie: (c) => void res.append("Set-Cookie", c) }, trace: requestTraceOf(req) }),
      onError: ({ error, path: procedurePath, req }) => onProcedureError({ error, path: procedurePath, trace: requestTraceOf(req) }),
    }),
  );
  apiDoor = createApiDoor({
    router: appRouter,
    log,
    trustProxyHops: config.trustProxyHops,
    allowedOrigins: config.allowedOrigins,
    isProduction: config.isProduction,
    httpsOrigin: config.httpsOrigin,
    draining: () => draining,
    maxBatchCalls,
    maxBodyBytes,
    responseMeta,
    onError: onProcedureError,
    createContext: (req, res, ip, trace) => createContext({ deps, request: requestInfoOf(req, ip), response: { setCookie: (c) => void res.appendHeader("Set-Cookie", c) }, trace }),
  });

  // After the API: a call never waits for the file system to say it is not a file.
  const publicDir = options.publicDir ?? path.resolve("public");
  // Fingerprinted client bundles: cache for a year.
  // A missing bundle is a plain 404, never a page (a stale tab after a deploy asks for old file names).
  app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y", index: false, fallthrough: false }));
  // Only names with an extension are files there (pages never have one): a page skips the disk lookup.
  const publicFiles = express.static(publicDir, { maxAge: "1h", index: false });
  app.use((req, res, next) => {
    if (/\.[A-Za-z0-9]+$/.test(req.path)) publicFiles(req, res, next);
    else next();
  });

  if (options.remixBuild) {
    app.all(
      "*",
      createRequestHandler({
        build: options.remixBuild,
        mode: config.isProduction ? "production" : "development",
        getLoadContext: (req, res) => {
          const trace = requestTraceOf(req);
          let pending: Promise<Context> | undefined;
          const lazyContext = () =>
            (pending ??= createContext({
              deps,
              request: requestInfo(req),
              response: { setCookie: (c) => void res.append("Set-Cookie", c) },
              trace,
            }));
          return {
            trpc: createCaller(lazyContext),
            cspNonce: typeof res.locals.cspNonce === "string" ? res.locals.cspNonce : "",
            publicOrigin: config.publicOrigin,
            isProduction: config.isProduction,
            requestId: typeof res.locals.requestId === "string" ? res.locals.requestId : "",
            log: trace ? requestLogger(log, trace) : log,
          };
        },
      }),
    );
  }

  // Errors that escape a handler: plain words, never a stack, and the reference to quote.
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = (error as { status?: number; statusCode?: number }).status ?? 500;
    const trace = requestTraceOf(req);
    if (status >= 500) log.error("request failed", { ...(trace ? traceFields(trace) : {}), error });
    if (res.headersSent) return;
    const words = status === 413 ? "That request is too large." : status === 404 ? "Not found." : status >= 500 ? "Something went wrong on our side. Please try again." : "That request could not be understood.";
    const reference = typeof res.locals.requestId === "string" ? `\nReference: ${res.locals.requestId}` : "";
    res.status(status).type("text/plain").send(`${words}${reference}`);
  });

  // Not announced before it can hear the other processes: an event raised
  // elsewhere right after start must not be missed here.
  if (cluster) await cluster.ready;

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;

  const closeTasks: Array<() => Promise<void> | void> = [];
  let endDrain: () => void = () => {};
  let closing: Promise<void> | null = null;
  const running: RunningServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    deps,
    io,
    httpServer,
    database,
    emailWorker: worker,
    scheduler,
    onClose: (task) => void closeTasks.push(task),
    async drain(ms) {
      if (draining || closing) return;
      draining = true;
      log.info("draining: readiness answers 503 while requests are still served", { drainMs: ms });
      // Over early if the server is closed meanwhile.
      if (ms > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ms);
          endDrain = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
    close: () =>
      (closing ??= (async () => {
        draining = true;
        endDrain();
        // 1. Stop taking new connections; let requests in flight finish.
        const drained = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        httpServer.closeIdleConnections();
        // 2. Close sockets (io.close also closes the HTTP server; it is already closing).
        io.disconnectSockets(true);
        await Promise.race([drained, new Promise((r) => setTimeout(r, 10_000).unref())]);
        httpServer.closeAllConnections();
        await realtime.stop();
        await new Promise<void>((resolve) => io.close(() => resolve()));
        // io.close closed the adapter (its timers, its LISTEN); now its connections.
        await cluster?.close();
        // 3. Feature tasks, then the worker, then the database.
        for (const task of closeTasks.reverse()) {
          await Promise.resolve()
            .then(task)
            .catch((error: unknown) => log.warn("close task failed", { error }));
        }
        await scheduler.stop();
        await worker?.stop();
        await database.close();
      })()),
  };
  schedulePeriodicJobs(scheduler, deps);
  // Work still finishing after an answer (a reset email) ends before the database closes.
  running.onClose(() => deps.background.idle());
  await options.onStarted?.(running);
  return running;
}

/**
 * Printed at start when email is not sent: where the mailbox is (its secret
 * address, like a notebook server's token). A warning, so it shows at any log
 * level but "silent".
 */
export function announceDevMailbox(log: Logger, publicOrigin: string, mailbox: DevMailbox | null): void {
  if (!mailbox) return;
  log.warn(
    `Email is not being sent (no POSTMARK_SERVER_TOKEN). Invitations, notifications and account links (address confirmations, password resets) are kept in the development mailbox, at this secret address:\n\n    ${publicOrigin}${mailbox.path}\n`,
  );
}

export { appRouter };
