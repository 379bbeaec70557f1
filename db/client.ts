import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { registerPool } from "./direct";
import type { Database } from "./schema";

// int8 (count(*), bigint) arrives as a string by default; every count we
// read fits in a JS number, so parse it once here.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export interface DatabaseHandle {
  db: Kysely<Database>;
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface CreateDatabaseOptions {
  /** Pool size; the default suits one server process on a small machine. */
  max?: number;
  /** Called when an idle client loses its connection (e.g. PostgreSQL restarts). */
  onIdleError?: (error: Error) => void;
  applicationName?: string;
  /**
   * PostgreSQL cancels a statement that runs longer (ms); 0 or unset: no limit.
   * One hung query must not hold a connection, and its locks, forever.
   */
  statementTimeoutMs?: number;
  /** PostgreSQL ends a session whose transaction sits idle this long (ms); 0 or unset: no limit. */
  idleInTransactionTimeoutMs?: number;
}

export function createDatabase(url: string, options: CreateDatabaseOptions = {}): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? "team-access",
    // Sent with each connection's start-up, so every connection of the pool has them.
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    ...(options.idleInTransactionTimeoutMs ? { idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs } : {}),
  });
  // Without a listener, an idle client's error (a restarted database) would
  // crash the process; the pool replaces the client on the next checkout.
  pool.on("error", (error) => options.onIdleError?.(error));
  // The same for a checked-out client between two queries: PostgreSQL ending a
  // transaction left idle too long (idle_in_transaction_session_timeout) must
  // fail that transaction's next query (which reports it), not crash the
  // process. The pool discards the broken client when it is released.
  pool.on("connect", (client) => {
    client.on("error", () => undefined);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // Statements compiled once go straight to this pool (./direct.ts).
  registerPool(db, pool);
  let closed = false;
  return {
    db,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
