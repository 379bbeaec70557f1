import type { Caller } from "../server/trpc/router";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The tRPC router, called in-process with this request's session. */
    trpc: Caller;
    cspNonce: string;
    publicOrigin: string;
    isProduction: boolean;
  }
}

export {};
