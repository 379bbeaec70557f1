/**
 * Several server processes on one PostgreSQL: the official
 * `@socket.io/postgres-adapter` carries broadcasts, room changes and
 * disconnections between them over LISTEN/NOTIFY, so an event raised on one
 * process reaches sockets on all of them.
 */
import { createAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
import type { Logger } from "../log";
import type { RealtimeServer } from "./server";

export interface ClusterLink {
  /** Resolves once this process is listening for the others (false if that took too long; the adapter keeps retrying). */
  ready: Promise<boolean>;
  /** After io.close(): ends the adapter's connections. */
  close(): Promise<void>;
}

const readyTimeoutMs = 5_000;

/** The adapter keeps its listening connection private; it is set once LISTEN has succeeded. */
function isListening(adapter: unknown): boolean {
  const pubSub = (adapter as { client?: { client?: unknown } } | null)?.client;
  return pubSub?.client !== undefined;
}

export function attachPostgresAdapter(io: RealtimeServer, options: { databaseUrl: string; log: Logger }): ClusterLink {
  const { log } = options;
  // A dedicated pool: one connection holds LISTEN, one publishes. A single
  // publishing connection sends NOTIFYs in the order they were asked for, so
  // "leave this room" always reaches other processes before the event that
  // must no longer reach that socket.
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: 2,
    idleTimeoutMillis: 0,
    connectionTimeoutMillis: 5_000,
    application_name: "team-access-realtime",
  });
  pool.on("error", (error) => log.warn("realtime adapter: idle database connection lost", { error: error.message }));
  // The adapter keeps its listening connection checked out for good, so the
  // pool does not watch it: without an error listener a dropped connection
  // would crash the process. And when that connection ends, the adapter
  // reconnects but never gives the dead client back; left so, it would hold
  // one of the pool's two places forever (publishing would stall, and
  // pool.end() would never finish). Hand it back on its behalf.
  const checkedOut = new WeakSet<pg.PoolClient>();
  pool.on("acquire", (client) => checkedOut.add(client));
  pool.on("release", (_error, client) => checkedOut.delete(client));
  pool.on("connect", (client) => {
    // Deferred: a client that dropped in the middle of a query is given
    // back by that query's own callback first; then this does nothing.
    const giveBack = (error: Error) =>
      setImmediate(() => {
        const poolClient = client as pg.PoolClient;
        if (!checkedOut.has(poolClient)) return;
        checkedOut.delete(poolClient);
        poolClient.release(error);
      });
    client.on("error", (error) => {
      log.warn("realtime adapter: database connection lost; reconnecting", { error: error.message });
      giveBack(error);
    });
    client.on("end", () => giveBack(new Error("connection ended")));
  });

  io.adapter(
    createAdapter(pool, {
      errorHandler: (error) => log.warn("realtime adapter error", { error: error.message }),
    }),
  );

  let readyTimer: NodeJS.Timeout | undefined;
  const ready = new Promise<boolean>((resolve) => {
    const startedAt = Date.now();
    const check = () => {
      if (isListening(io.of("/").adapter)) return resolve(true);
      if (Date.now() - startedAt > readyTimeoutMs) {
        log.warn("realtime adapter: not yet listening to other processes; continuing while it retries");
        return resolve(false);
      }
      readyTimer = setTimeout(check, 10);
    };
    check();
  });

  let closed: Promise<void> | null = null;
  return {
    ready,
    close: () =>
      (closed ??= (async () => {
        clearTimeout(readyTimer);
        await pool.end();
      })()),
  };
}
