/**
 * Statements compiled once go straight to the pool behind the root handle
 * (db/direct.ts); anywhere else (a transaction) they go through Kysely on the
 * transaction's own connection, seeing what it has written and nothing else.
 */
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { DatabaseHandle } from "#db/client";
import { compiledOnce, compiledRows } from "#db/direct";
import { databaseForTests } from "./helpers/db";

let handle: DatabaseHandle;
databaseForTests((started) => (handle = started), 3);

const backendPid = () => sql<{ pid: number; value: string }>`select pg_backend_pid() as pid, ${"marker"}::text as value`.compile(handle.db);

describe("compiled statements run directly", () => {
  it("compiledOnce compiles a statement once per handle, and each call still sends its own values", async () => {
    let builds = 0;
    const statement = compiledOnce((db) => {
      builds += 1;
      return sql<{ value: string }>`select ${"placeholder"}::text as value`.compile(db);
    });
    expect(statement(handle.db)).toBe(statement(handle.db));
    expect(builds).toBe(1);
    const [first] = await compiledRows(handle.db, statement(handle.db), ["one"]);
    const [second] = await compiledRows(handle.db, statement(handle.db), ["two"]);
    expect([first?.value, second?.value]).toEqual(["one", "two"]);
    await handle.db.transaction().execute(async (tx) => {
      expect(statement(tx)).not.toBe(statement(handle.db));
    });
    expect(builds).toBe(2);
  });

  it("on the root handle: from the pool, with the values given (or the statement's own), and the connection goes back", async () => {
    const compiled = backendPid();
    const [own] = await compiledRows(handle.db, compiled);
    expect(own?.value).toBe("marker");
    const [given] = await compiledRows(handle.db, compiled, ["other"]);
    expect(given?.value).toBe("other");
    // Every checkout was released: the pool still has all its connections to give.
    await Promise.all(Array.from({ length: 20 }, (_, i) => compiledRows(handle.db, compiled, [String(i)])));
    expect(handle.pool.waitingCount).toBe(0);
    expect(handle.pool.totalCount).toBe(handle.pool.idleCount);
  });

  it("inside a transaction: on the transaction's connection, seeing its uncommitted writes", async () => {
    await sql`create table direct_probe (v text)`.execute(handle.db);
    const probe = sql<{ n: number; pid: number }>`select count(*)::int as n, pg_backend_pid() as pid from direct_probe where v = ${"x"}`.compile(handle.db);
    await handle.db
      .transaction()
      .execute(async (tx) => {
        await sql`insert into direct_probe values ('x')`.execute(tx);
        const txPid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0]?.pid;
        const [inside] = await compiledRows(tx, probe);
        expect(inside).toEqual({ n: 1, pid: txPid });
        // The root handle's statement runs elsewhere and does not see the uncommitted row.
        const [outside] = await compiledRows(handle.db, probe);
        expect(outside?.n).toBe(0);
        expect(outside?.pid).not.toBe(txPid);
        throw new Error("roll back");
      })
      .catch((error: unknown) => {
        if (!(error instanceof Error) || error.message !== "roll back") throw error;
      });
    expect((await compiledRows(handle.db, probe))[0]?.n).toBe(0);
  });

  it("a failing statement rejects with PostgreSQL's error and leaves the pool whole", async () => {
    const bad = sql`select 1 / ${0}::int as x`.compile(handle.db);
    await expect(compiledRows(handle.db, bad)).rejects.toMatchObject({ code: "22012" });
    expect(handle.pool.totalCount).toBe(handle.pool.idleCount);
  });
});
