/**
 * The API's own door: /trpc/* answered straight from Node's HTTP server,
 * without Express (decision: docs/decisions/0037-api-door.md).
 *
 * The same steps, in the same order, as the Express chain the pages go
 * through (server/app.ts): the request id and its one log line, "close" while
 * draining, the security headers, the origin guard, the batch cap, then
 * tRPC. What it leaves out costs on every call and gives the API nothing:
 * Express's request and response decoration, its query-string parser, a
 * CSP nonce (an API answer is never a page) and a chunked answer written in
 * two pieces (a JSON answer is sent whole, with its length, in one write).
 *
 * Only paths under /trpc/ come here; anything else, "/trpc" itself included,
 * goes to Express, which still mounts the same tRPC handler.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TRPCError } from "@trpc/server";
import { incomingMessageToRequest, internal_exceptionHandler } from "@trpc/server/adapters/node-http";
import { resolveResponse } from "@trpc/server/http";
import type { Logger } from "../log";
import type { AppRouter } from "../router";
import type { Context } from "../trpc/context";
import { type ApiCallOptions, answerPlainCall, writePlainAnswer } from "./apiCall";
import { clientAddress } from "./clientAddress";
import { logRequest } from "./requestLog";
import { type RequestTrace, tagErrorWithRequest } from "../logging/requestContext";
import { isAllowedOrigin, requestOrigin, securityHeaderList, trpcErrorBody } from "./security";

type ResolveOptions = Parameters<typeof resolveResponse<AppRouter>>[0];

export interface ApiDoorOptions {
  router: AppRouter;
  log: Logger;
  trustProxyHops: number;
  allowedOrigins: ReadonlySet<string>;
  isProduction: boolean;
  httpsOrigin: boolean;
  draining: () => boolean;
  maxBatchCalls: number;
  maxBodyBytes: number;
  createContext: (req: IncomingMessage, res: ServerResponse, ip: string | undefined, trace: RequestTrace) => Promise<Context>;
  responseMeta: ApiCallOptions["responseMeta"];
  /** Called before tRPC formats the error, with the request's trace (the formatter may have no context to read it from). */
  onError: (opts: { error: Parameters<NonNullable<ResolveOptions["onError"]>>[0]["error"]; path: string | undefined; trace: RequestTrace }) => void;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether a request's URL is one the API door answers. */
export function isApiDoorUrl(url: string | undefined): boolean {
  return url !== undefined && url.startsWith("/trpc/");
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(text);
}

/** The answer tRPC built, written to Node's response: a JSON answer in one write, a stream as it comes. */
async function writeAnswer(res: ServerResponse, response: Response): Promise<void> {
  if (res.statusCode === 200) res.statusCode = response.status;
  for (const [key, value] of response.headers) {
    if (key === "set-cookie") continue;
    res.setHeader(key, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  const body = response.body;
  if (!body) {
    res.end();
    return;
  }
  const whole = !response.headers.has("transfer-encoding") && (response.headers.get("content-type") ?? "").startsWith("application/json");
  try {
    if (whole) {
      const bytes = Buffer.from(await response.arrayBuffer());
      res.setHeader("Content-Length", bytes.length);
      res.end(bytes);
      return;
    }
    const reader = body.getReader();
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      if (!res.write(chunk.value)) await new Promise<void>((resolve) => res.once("drain", resolve));
    }
  } catch (error) {
    if (!res.headersSent) res.statusCode = 500;
    throw error;
  } finally {
    if (!res.writableEnded) res.end();
  }
}

/**
 * The query string, or null when tRPC's adapter would refuse the URL itself
 * (it builds one from the Host header, which a client may send malformed).
 */
function plainSearch(req: IncomingMessage, url: string, queryAt: number): URLSearchParams | null {
  try {
    new URL(url, `http://${req.headers.host ?? "localhost"}`);
  } catch {
    return null;
  }
  return new URLSearchParams(queryAt < 0 ? "" : url.slice(queryAt + 1));
}

export function createApiDoor(options: ApiDoorOptions): (req: IncomingMessage, res: ServerResponse) => void {
  // Computed once: an API answer carries no nonce, so its headers never change.
  const headers = securityHeaderList({ isProduction: options.isProduction, httpsOrigin: options.httpsOrigin }, "");
  const logging = { log: options.log, trustProxyHops: options.trustProxyHops };
  return (req, res) => {
    const url = req.url ?? "/";
    const queryAt = url.indexOf("?");
    const pathname = queryAt < 0 ? url : url.slice(0, queryAt);
    const ip = clientAddress(req, options.trustProxyHops);
    logRequest(logging, req, res, { path: pathname, ip }, (trace) => {
      // While draining, clients are asked not to reuse this connection (their next request goes elsewhere).
      if (options.draining()) res.setHeader("Connection", "close");
      for (const [name, value] of headers) res.setHeader(name, value);
      // The origin guard (server/http/security.ts): a call that can change something comes from the app's origin.
      if (!safeMethods.has(req.method ?? "GET") && !isAllowedOrigin(options.allowedOrigins, requestOrigin(req.headers))) {
        sendJson(res, 403, trpcErrorBody("CROSS_ORIGIN", 403, "FORBIDDEN"));
        return;
      }
      // The batch cap, before any call runs.
      if (queryAt >= 0 && new URLSearchParams(url.slice(queryAt + 1)).get("batch") === "1") {
        const calls = pathname.slice("/trpc/".length).split(",").length;
        if (calls > options.maxBatchCalls) {
          sendJson(res, 400, trpcErrorBody("BATCH_TOO_LARGE", 400, "BAD_REQUEST", `Too many operations in one request (${calls}; at most ${options.maxBatchCalls}).`));
          return;
        }
      }
      const path = pathname.slice(pathname.lastIndexOf("/") + 1);
      const createContext = () => options.createContext(req, res, ip, trace);
      const onError = ({ error, path: procedurePath }: { error: TRPCError; path: string | undefined }) => options.onError({ error, path: procedurePath, trace });
      const answer = async () => {
        // One query or one mutation: answered without the fetch API's objects (./apiCall.ts).
        const search = plainSearch(req, url, queryAt);
        const plain = search && answerPlainCall({ router: options.router, maxBodyBytes: options.maxBodyBytes, createContext, responseMeta: options.responseMeta, onError }, req, path, search);
        if (plain) {
          writePlainAnswer(res, await plain);
          return;
        }
        const request = incomingMessageToRequest(req, res, { maxBodySize: options.maxBodyBytes });
        const response = await resolveResponse<AppRouter>({
          router: options.router,
          req: request,
          path,
          error: null,
          maxBatchSize: options.maxBatchCalls,
          responseMeta: options.responseMeta,
          createContext,
          onError: ({ error, path: procedurePath }) => onError({ error, path: procedurePath }),
        });
        await writeAnswer(res, response);
      };
      const failed = internal_exceptionHandler({
        req,
        res,
        path,
        router: options.router,
        createContext,
        onError: ({ error }) => onError({ error, path: undefined }),
      });
      answer().catch((cause: unknown) => {
        // This handler formats before it calls onError: the cause names its request first.
        tagErrorWithRequest(cause, trace);
        failed(cause);
      });
    });
  };
}
