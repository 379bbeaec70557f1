import type { Logger } from "#server/log";
import type { Caller } from "#server/router";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The tRPC router, called in-process with this request's session. */
    trpc: Caller;
    cspNonce: string;
    publicOrigin: string;
    isProduction: boolean;
    /** This request's id (X-Request-Id), shown on error pages. */
    requestId: string;
    /** This request's logger: its lines carry the request's id, user and workspace (server/log.ts `requestLogger`). */
    log: Logger;
  }
}

export {};
