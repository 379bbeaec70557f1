/**
 * One call, answered without the fetch API (decision: docs/decisions/0041-api-cpu.md).
 *
 * tRPC's fetch adapter turns every call into a Request (a Headers copy, a
 * URL, an AbortController, a body stream) and its answer into a Response
 * that is read back into bytes: on a `members.search` that was a tenth of
 * the server's own CPU. The common case, one query by GET or one mutation
 * by POST with a JSON body, is answered here by the same steps tRPC's
 * `resolveResponse` takes, in the same order and with tRPC's own functions
 * (the procedure itself with its input parsers and middlewares, the error
 * shape, the status, the transformer): the context first, then the
 * procedure, which reads the input when its parser asks; an error goes
 * through `onError` and the router's error formatter; `responseMeta` adds
 * its headers. Anything else (a batch, a stream, HEAD, another content
 * type, an unknown or mismatched procedure, an escaped path) returns null
 * and goes to `resolveResponse` as before. tests/http-api-call.test.ts
 * compares both answers for the cases that matter.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { getErrorShape, getTRPCErrorFromUnknown, transformTRPCResponse, TRPCError } from "@trpc/server";
import { getHTTPStatusCode } from "@trpc/server/http";
import type { AppRouter } from "../router";
import type { Context } from "../trpc/context";

type CallType = "query" | "mutation";

interface Procedure {
  _def: { type: CallType | "subscription" };
  (opts: { path: string; getRawInput: () => Promise<unknown>; ctx: Context; type: CallType; signal: AbortSignal | undefined; batchIndex: number }): Promise<unknown>;
}

export interface ApiCallOptions {
  router: AppRouter;
  maxBodyBytes: number;
  createContext: () => Promise<Context>;
  responseMeta: (opts: { errors: TRPCError[] }) => { status?: number; headers?: Record<string, string | string[] | undefined> | Headers };
  onError: (opts: { error: TRPCError; path: string | undefined }) => void;
}

export interface ApiAnswer {
  status: number;
  /** Lower-case names, as tRPC's Headers gives them. */
  headers: Array<[string, string]>;
  body: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const isPromise = (v: unknown): boolean => isObject(v) && typeof (v as { then?: unknown }).then === "function";
const isAsyncIterable = (v: unknown): boolean => isObject(v) && Symbol.asyncIterator in v;
/** As tRPC decides a value is a stream (which a non-streaming call may not answer with). */
function isDataStream(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (isAsyncIterable(v)) return true;
  const values = Object.values(v);
  return values.some(isPromise) || values.some(isAsyncIterable);
}

/** The body as tRPC's node adapter streams it: at most `maxBodyBytes`, else PAYLOAD_TOO_LARGE. */
function readBody(req: IncomingMessage, maxBodyBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (!maxBodyBytes || size <= maxBodyBytes) {
        chunks.push(chunk);
        return;
      }
      req.off("data", onData);
      req.off("end", onEnd);
      reject(new TRPCError({ code: "PAYLOAD_TOO_LARGE" }));
    };
    const onEnd = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      // As the fetch API's json(): UTF-8, a leading byte-order mark dropped.
      const text = Buffer.concat(chunks).toString("utf8");
      resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    };
    req.on("data", onData);
    req.on("end", onEnd);
  });
}

/**
 * The procedure a plain call names, or null when tRPC's own path is needed:
 * `path` is the last URL segment, `search` the query string without "?".
 */
function plainCall(router: AppRouter, req: IncomingMessage, path: string, search: URLSearchParams): { procedure: Procedure; type: CallType } | null {
  const method = req.method;
  if (method !== "GET" && method !== "POST") return null;
  const contentType = req.headers["content-type"];
  if (contentType === undefined ? method === "POST" : !contentType.startsWith("application/json")) return null;
  if (search.get("batch") === "1" || search.has("connectionParams")) return null;
  // Streaming is asked for with these; tRPC answers (or refuses) them.
  if (req.headers["trpc-accept"] !== undefined || (req.headers.accept ?? "").includes("application/jsonl")) return null;
  if (path.includes("%")) return null;
  const procedures = router._def.procedures as unknown as Record<string, Procedure | undefined>;
  const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
  if (!procedure || typeof procedure !== "function") return null;
  const type = procedure._def.type;
  if ((type === "query" && method === "GET") || (type === "mutation" && method === "POST")) return { procedure, type };
  return null;
}

/**
 * Answers a plain call, or returns null (nothing read, nothing called) for
 * tRPC's `resolveResponse` to answer.
 */
export function answerPlainCall(options: ApiCallOptions, req: IncomingMessage, path: string, search: URLSearchParams): Promise<ApiAnswer> | null {
  const call = plainCall(options.router, req, path, search);
  if (!call) return null;
  const { procedure, type } = call;
  const config = options.router._def._config;
  // The body is taken as it arrives (as the adapter's stream did) and parsed when the input parser asks.
  const body = type === "mutation" ? readBody(req, options.maxBodyBytes) : null;
  body?.catch(() => undefined);
  let parsed = null as { input: unknown } | null;
  let reading: Promise<unknown> | null = null;
  const getRawInput = (): Promise<unknown> => {
    reading ??= (async () => {
      try {
        let inputs: unknown;
        if (body) inputs = JSON.parse(await body) as unknown;
        else {
          const query = search.get("input");
          if (query) inputs = JSON.parse(query) as unknown;
        }
        const input = inputs === undefined ? undefined : (config.transformer.input.deserialize(inputs) as unknown);
        parsed = { input };
        return input;
      } catch (cause) {
        // As tRPC's memo: a bad input is the caller's mistake, read once.
        if (cause instanceof TRPCError) throw cause;
        throw new TRPCError({ code: "BAD_REQUEST", message: cause instanceof Error ? cause.message : "Invalid input", cause });
      }
    })();
    return reading;
  };

  return (async (): Promise<ApiAnswer> => {
    let ctx: Context | undefined;
    let failure: TRPCError | null = null;
    let data: unknown;
    try {
      ctx = await options.createContext();
    } catch (cause) {
      failure = getTRPCErrorFromUnknown(cause);
    }
    if (!failure) {
      try {
        data = await procedure({ path, getRawInput, ctx: ctx as Context, type, signal: undefined, batchIndex: 0 });
      } catch (cause) {
        failure = getTRPCErrorFromUnknown(cause);
      }
    }
    if (failure) options.onError({ error: failure, path });
    if (!failure && isDataStream(data)) {
      // tRPC refuses this after the call, outside it (its onError has no path then).
      failure = new TRPCError({ code: "UNSUPPORTED_MEDIA_TYPE", message: "Cannot use stream-like response in non-streaming request - use httpBatchStreamLink" });
      options.onError({ error: failure, path: undefined });
      const shape = { error: getErrorShape({ config, error: failure, type, path: undefined, input: undefined, ctx }) };
      return finish(options, [shape], [failure], JSON.stringify(transformTRPCResponse(config, shape)));
    }
    const answer = failure ? { error: getErrorShape({ config, ctx, error: failure, input: parsed?.input, path, type }) } : { result: { data } };
    return finish(options, [answer], failure ? [failure] : [], JSON.stringify(transformTRPCResponse(config, answer)));
  })();
}

function finish(options: ApiCallOptions, answer: Parameters<typeof getHTTPStatusCode>[0], errors: TRPCError[], body: string): ApiAnswer {
  let status = getHTTPStatusCode(answer);
  const headers = new Map<string, string>([
    ["vary", "trpc-accept, accept"],
    ["content-type", "application/json"],
  ]);
  const meta = options.responseMeta({ errors });
  if (meta.headers) {
    const entries = meta.headers instanceof Headers ? [...meta.headers.entries()] : Object.entries(meta.headers);
    for (const [key, value] of entries) {
      const name = key.toLowerCase();
      // As tRPC: a Headers (or a list) appends, a string sets.
      if (Array.isArray(value) || meta.headers instanceof Headers) {
        for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.set(name, headers.has(name) ? `${headers.get(name)}, ${v}` : v);
      } else if (typeof value === "string") headers.set(name, value);
    }
  }
  if (meta.status) status = meta.status;
  return { status, headers: [...headers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), body };
}

/** The answer written in one piece, as the door writes a JSON answer. */
export function writePlainAnswer(res: ServerResponse, answer: ApiAnswer): void {
  if (res.statusCode === 200) res.statusCode = answer.status;
  for (const [name, value] of answer.headers) res.setHeader(name, value);
  res.setHeader("Content-Length", Buffer.byteLength(answer.body));
  res.end(answer.body);
}
