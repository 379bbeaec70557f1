/**
 * Request-level protections shared by every door of the server.
 */
import { randomBytes } from "node:crypto";
import type { Duplex } from "node:stream";
import type express from "express";
import { errorCatalog } from "../errors";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

function originFromReferer(referer: string | undefined): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

/** The origin a browser request claims: Origin, or failing that the Referer's origin. */
export function requestOrigin(headers: { origin?: string | string[]; referer?: string | string[] }): string | null {
  const origin = Array.isArray(headers.origin) ? headers.origin[0] : headers.origin;
  if (origin) return origin;
  const referer = Array.isArray(headers.referer) ? headers.referer[0] : headers.referer;
  return originFromReferer(referer);
}

export function isAllowedOrigin(allowed: ReadonlySet<string>, origin: string | null): boolean {
  return origin !== null && allowed.has(origin);
}

/** A tRPC-shaped error body, so the browser client shows our words. */
export function trpcErrorBody(appCode: keyof typeof errorCatalog, httpStatus: number, code: string, message?: string) {
  return {
    error: {
      message: message ?? errorCatalog[appCode].message,
      code: httpStatus === 403 ? -32003 : httpStatus === 413 ? -32013 : -32600,
      data: { code, httpStatus, appCode, fieldErrors: null, details: null },
    },
  };
}

/**
 * Every request that can change something (anything but GET/HEAD/OPTIONS:
 * tRPC mutations, Remix actions) must come from the app's own origin.
 * A request with no Origin and no Referer is refused too: browsers always
 * send one on such requests, and other clients can set it.
 */
export function originGuard(allowed: ReadonlySet<string>): express.RequestHandler {
  return (req, res, next) => {
    if (safeMethods.has(req.method)) return next();
    if (isAllowedOrigin(allowed, requestOrigin(req.headers))) return next();
    res.status(403);
    if (req.path.startsWith("/trpc")) {
      res.json(trpcErrorBody("CROSS_ORIGIN", 403, "FORBIDDEN"));
    } else {
      res.type("text/plain").send(errorCatalog.CROSS_ORIGIN.message);
    }
  };
}

/** Refuses a tRPC batch of more than `max` calls before any of them runs. */
export function batchLimit(max: number): express.RequestHandler {
  return (req, res, next) => {
    if (req.query.batch !== "1") return next();
    const calls = req.path.replace(/^\//, "").split(",").length;
    if (calls <= max) return next();
    res.status(400).json(trpcErrorBody("BATCH_TOO_LARGE", 400, "BAD_REQUEST", `Too many operations in one request (${calls}; at most ${max}).`));
  };
}

/** A fresh nonce per response, for the inline scripts Remix writes. */
export function cspNonce(): express.RequestHandler {
  return (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  };
}

/**
 * Headers on every answer. Over https (APP_ORIGIN), browsers are told to use
 * https only (HSTS, in production) and to upgrade any http sub-request;
 * neither is sent for a plain-http origin such as the quick start's
 * http://localhost:3000, where they would break the page or pin localhost.
 */
export function securityHeaders(options: { isProduction: boolean; httpsOrigin: boolean }): express.RequestHandler {
  return (_req, res, next) => {
    const nonce = typeof res.locals.cspNonce === "string" ? res.locals.cspNonce : "";
    for (const [name, value] of securityHeaderList(options, nonce)) res.setHeader(name, value);
    next();
  };
}

/** The headers `securityHeaders` sets, for a page with this nonce ("" for answers that are never a page: the API). */
export function securityHeaderList(options: { isProduction: boolean; httpsOrigin: boolean }, nonce: string): Array<[string, string]> {
  const headers: Array<[string, string]> = [
    [
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self'${nonce ? ` 'nonce-${nonce}'` : ""}`,
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        ...(options.httpsOrigin ? ["upgrade-insecure-requests"] : []),
      ].join("; "),
    ],
    ["X-Frame-Options", "DENY"],
    ["X-Content-Type-Options", "nosniff"],
    // Invitation links carry a token in the URL: never send it to another site.
    ["Referrer-Policy", "same-origin"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=()"],
  ];
  if (options.isProduction && options.httpsOrigin) headers.push(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);
  return headers;
}

/**
 * Node's HTTP parser refuses some requests before any handler runs (a URL or
 * headers over 16 KB, broken HTTP). Answer those in the same shape as every
 * other refusal, with a code and words, instead of a bare status line.
 */
export function answerMalformedRequest(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify(
    tooLarge
      ? trpcErrorBody("PAYLOAD_TOO_LARGE", status, "PAYLOAD_TOO_LARGE", "That request's address or headers are too large.")
      : trpcErrorBody("INVALID_INPUT", status, "BAD_REQUEST", "That request could not be understood."),
  );
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\n` +
      "Content-Type: application/json; charset=utf-8\r\n" +
      "X-Content-Type-Options: nosniff\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "Connection: close\r\n\r\n" +
      body,
  );
}
