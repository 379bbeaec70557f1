/**
 * A statement compiled once, sent straight to the pool behind a database
 * handle (decision: docs/decisions/0046-api-ratio.md).
 *
 * The hottest statements (the session lookup, the caller's access, the
 * member search) are compiled once and sent with each call's values.
 * Kysely's executor still wrapped each one in its connection provider (a
 * handful of promises and closures per statement); on the root handle this
 * does what its PostgreSQL driver does (check out a client, `client.query`
 * with the text and a copy of the values, release it) without them. A
 * transaction's handle is not registered and goes through Kysely as
 * before, so a statement inside a transaction stays on its connection.
 */
import type { CompiledQuery, Kysely } from "kysely";
import type pg from "pg";
import type { Database } from "./schema";

const pools = new WeakMap<Kysely<Database>, pg.Pool>();

/** Called by createDatabase for the handle it made over `pool`. */
export function registerPool(db: Kysely<Database>, pool: pg.Pool): void {
  pools.set(db, pool);
}

/** The rows of a compiled statement run with `parameters` (by default its own). */
export async function compiledRows<R>(db: Kysely<Database>, compiled: CompiledQuery<R>, parameters: readonly unknown[] = compiled.parameters): Promise<R[]> {
  const pool = pools.get(db);
  if (!pool) return (await db.executeQuery<R>({ ...compiled, parameters })).rows;
  const client = await pool.connect();
  try {
    const result = await client.query<R & pg.QueryResultRow>(compiled.sql, [...parameters]);
    return result.rows ?? [];
  } finally {
    client.release();
  }
}

/**
 * A statement compiled once per database handle (a compiled statement
 * names the handle's dialect): `build` runs the first time a handle asks,
 * and each call then sends its own parameters with `compiledRows`.
 */
export function compiledOnce<R>(build: (db: Kysely<Database>) => CompiledQuery<R>): (db: Kysely<Database>) => CompiledQuery<R> {
  const compiled = new WeakMap<Kysely<Database>, CompiledQuery<R>>();
  return (db) => {
    let query = compiled.get(db);
    if (!query) {
      query = build(db);
      compiled.set(db, query);
    }
    return query;
  };
}
