/**
 * A statement timeout and an idle-in-transaction timeout on every pooled
 * connection: one hung query cannot hold a connection (and its locks)
 * forever, and the person is told in plain words to try again.
 */
import pg from "pg";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "#server/config";
import { errorCatalog, isQueryTimeout } from "#server/errors";
import { createUser, createWorkspaceOwnedBy, defaultPassword } from "../helpers/fixtures";
import { type TestServer, serverForTests } from "../helpers/server";

let server: TestServer;
let cookie: string;
let slug: string;
serverForTests((started) => (server = started), { pages: true, env: { DATABASE_STATEMENT_TIMEOUT: "300ms", DATABASE_IDLE_IN_TRANSACTION_TIMEOUT: "1s" } });
beforeAll(async () => {
  const owner = await createUser(server.deps);
  slug = (await createWorkspaceOwnedBy(server.deps, owner, "Slow Ltd")).slug;
  const signIn = await fetch(`${server.url}/trpc/auth.signIn`, {
    method: "POST",
    headers: { origin: server.origin, "content-type": "application/json" },
    body: JSON.stringify({ email: owner.email, password: defaultPassword }),
  });
  cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] as string;
});

/** Holds an exclusive lock on a table (as a stuck migration or a runaway report would) while `work` runs. */
async function withTableLocked<T>(table: string, work: () => Promise<T>): Promise<T> {
  const blocker = new pg.Client({ connectionString: server.testDatabase.url });
  await blocker.connect();
  try {
    await blocker.query("begin");
    await blocker.query(`lock table ${table} in access exclusive mode`);
    return await work();
  } finally {
    await blocker.query("rollback");
    await blocker.end();
  }
}

describe("database timeouts", () => {
  it("are set on every connection of the pool, from configuration", async () => {
    const settings = await sql<{ statement: string; idle: string }>`
      select current_setting('statement_timeout') as statement, current_setting('idle_in_transaction_session_timeout') as idle
    `.execute(server.deps.db);
    expect(settings.rows[0]).toEqual({ statement: "300ms", idle: "1s" });
  });

  it("have safe defaults, and refuse a setting that is not a length of time", () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ statementTimeoutMs: 30_000, idleInTransactionTimeoutMs: 60_000 });
    expect(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT: "forever" })).toThrow(/DATABASE_STATEMENT_TIMEOUT: Use a number and a unit/);
    expect(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT: "10ms" })).toThrow(/at least 100ms/);
  });

  it("a query past the statement timeout is answered with 'took too long, try again' and a stable code", async () => {
    const response = await withTableLocked("contacts", () => fetch(`${server.url}/trpc/crm.contacts.list?input=${encodeURIComponent(JSON.stringify({ workspaceSlug: slug }))}`, { headers: { cookie } }));
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { message: string; data: { appCode: string } } };
    expect(body.error.data.appCode).toBe("QUERY_TIMEOUT");
    expect(body.error.message).toBe(errorCatalog.QUERY_TIMEOUT.message);
    expect(body.error.message).toMatch(/took too long.*try again/);
  });

  it("a change that times out leaves nothing half-written", async () => {
    const response = await withTableLocked("contacts", () =>
      fetch(`${server.url}/trpc/crm.contacts.create`, {
        method: "POST",
        headers: { cookie, origin: server.origin, "content-type": "application/json" },
        body: JSON.stringify({ workspaceSlug: slug, name: "Never Saved" }),
      }),
    );
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { data: { appCode: string } } }).error.data.appCode).toBe("QUERY_TIMEOUT");
    const saved = await server.deps.db.selectFrom("contacts").select("id").where("name", "=", "Never Saved").execute();
    expect(saved).toEqual([]);
    const audit = await server.deps.db.selectFrom("audit_events").select("id").where("target_label", "=", "Never Saved").execute();
    expect(audit).toEqual([]);
  });

  it("a page whose data takes too long says so in words, with a reference", async () => {
    const response = await withTableLocked("contacts", () => fetch(`${server.url}/w/${slug}/crm`, { headers: { cookie } }));
    expect(response.status).toBe(503);
    const html = await response.text();
    expect(html).toContain("That took too long, so we stopped it.");
    expect(html).toContain(response.headers.get("x-request-id") ?? "(no id)");
  });

  it("a transaction left idle past its timeout is ended by the database, its locks with it, and the server carries on", async () => {
    const outcome = await server.deps.db
      .transaction()
      .execute(async (trx) => {
        await sql`lock table departments in share mode`.execute(trx);
        // Longer than the 1s idle-in-transaction timeout: PostgreSQL ends the session.
        await new Promise((r) => setTimeout(r, 2_000));
        await sql`select 1`.execute(trx);
        return "kept";
      })
      .catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(Error);
    // Its lock is gone: another session takes an exclusive lock at once.
    const other = new pg.Client({ connectionString: server.testDatabase.url });
    await other.connect();
    await other.query("begin");
    await other.query("set local lock_timeout = '200ms'");
    await other.query("lock table departments in access exclusive mode");
    await other.query("rollback");
    await other.end();
    // The pool replaced the ended connection: the next request is served.
    const after = await fetch(`${server.url}/trpc/crm.contacts.list?input=${encodeURIComponent(JSON.stringify({ workspaceSlug: slug }))}`, { headers: { cookie } });
    expect(after.status).toBe(200);
  });

  it("tells a timed-out statement and an ended idle transaction from other failures", () => {
    expect(isQueryTimeout({ code: "57014", message: "canceling statement due to statement timeout" })).toBe(true);
    expect(isQueryTimeout({ code: "25P03", message: "terminating connection due to idle-in-transaction timeout" })).toBe(true);
    expect(isQueryTimeout({ code: "57014", message: "canceling statement due to user request" })).toBe(false);
    expect(isQueryTimeout({ code: "23505", message: "duplicate key" })).toBe(false);
  });
});
