/**
 * One log line per request: its id, method, path, status, duration, and
 * the user and workspace once known. The id comes back in `X-Request-Id`
 * and on error pages, so a person can quote it and we can find the line.
 *
 * Health probes and static files are logged at debug: a load balancer's
 * probes and a page's bundles would otherwise bury the requests that matter.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type express from "express";
import type { Logger } from "../log";
import { redactText } from "../logging/redact";
import { type RequestTrace, runWithRequestTrace } from "../logging/requestContext";

export const requestIdHeader = "X-Request-Id";

/** An id a trusted proxy assigned (letters, digits and a few separators), or null. */
function proxyRequestId(value: string | undefined): string | null {
  return value && /^[A-Za-z0-9._:-]{8,128}$/.test(value) ? value : null;
}

const isProbe = (path: string) => path === "/healthz" || path === "/readyz";
const isStaticFile = (path: string) => path.startsWith("/build/") || path === "/favicon.svg";

/**
 * Starts a request's log line on plain Node objects (the express middleware
 * below and the API door, server/http/trpcDoor.ts, share it): sets the id
 * header, writes the line when the answer ends, and runs `next` with the
 * request's trace (server/logging/requestContext.ts), which `next` hands on:
 * the user and workspace noted on it while the request is handled end up on
 * this line.
 */
export function logRequest(options: { log: Logger; trustProxyHops: number }, req: IncomingMessage, res: ServerResponse, request: { path: string; ip: string | undefined }, next: (trace: RequestTrace) => void): void {
  const started = process.hrtime.bigint();
  const path = redactText(request.path);
  // A client could put anything in the header; only a proxy we trust names the id.
  const header = req.headers["x-request-id"];
  const requestId = (options.trustProxyHops > 0 ? proxyRequestId(Array.isArray(header) ? header[0] : header) : null) ?? randomUUID();
  const trace: RequestTrace = { requestId };
  res.setHeader(requestIdHeader, requestId);
  // Remix sees the request's headers: loaders put the id on error pages from here.
  req.headers["x-request-id"] = requestId;

  let logged = false;
  const done = () => {
    if (logged) return;
    logged = true;
    const durationMs = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
    // 'close' before 'finish': the client went away before the answer was complete.
    const status = res.writableFinished ? res.statusCode : 499;
    const fields = {
      requestId,
      method: req.method,
      path,
      status,
      durationMs,
      ...(trace.userId ? { userId: trace.userId } : {}),
      ...(trace.impersonatorUserId ? { impersonatorUserId: trace.impersonatorUserId } : {}),
      ...(trace.workspaceId ? { workspaceId: trace.workspaceId } : {}),
      ip: request.ip,
    };
    const message = `${req.method} ${path} ${status}`;
    // A probe answering 503 while draining is expected, not an error.
    if (isProbe(path)) options.log.debug(message, fields);
    else if (status >= 500) options.log.error(message, fields);
    else if (isStaticFile(path)) options.log.debug(message, fields);
    else options.log.info(message, fields);
  };
  res.once("finish", done);
  res.once("close", done);
  // Ambient only while the bench's SQL capture is on (requestContext.ts); otherwise just next(trace).
  runWithRequestTrace(trace, () => next(trace));
}

const expressTraces = new WeakMap<IncomingMessage, RequestTrace>();

/** The trace of a request that came through Express (`requestLogging`), if any. */
export function requestTraceOf(req: IncomingMessage): RequestTrace | null {
  return expressTraces.get(req) ?? null;
}

export function requestLogging(options: { log: Logger; trustProxyHops: number }): express.RequestHandler {
  return (req, res, next) => {
    // Now, before routers mounted on a prefix rewrite req.path.
    logRequest(options, req, res, { path: req.path, ip: req.ip }, (trace) => {
      res.locals.requestId = trace.requestId;
      expressTraces.set(req, trace);
      next();
    });
  };
}
