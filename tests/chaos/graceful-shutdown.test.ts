/**
 * SIGTERM to the server as `npm start` runs it (server/start.mjs: the
 * compiled server, production settings): it first drains (readiness 503
 * while requests are still served), then stops taking requests, finishes
 * the one in flight, closes live connections, the email worker and its
 * database connections, and exits 0.
 */
import pg from "pg";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "#db/client";
import { confirmAddressByLink } from "../helpers/accounts";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { spawnServer, type ServerProcess, waitFor, killIfRunning } from "./processes";

let database: TestDatabase;
let server: ServerProcess;
beforeAll(async () => {
  database = await createTestDatabase();
  server = await spawnServer({
    databaseUrl: database.url,
    plainNode: "server/start.mjs",
    env: { LOG_LEVEL: "info", NODE_ENV: "production", SHUTDOWN_DRAIN: "2s" },
  });
});
afterAll(async () => {
  killIfRunning(server);
  await database.drop();
});

async function signUp(): Promise<{ cookie: string; slug: string }> {
  const response = await fetch(`${server.url}/trpc/auth.signUp`, {
    method: "POST",
    headers: { origin: server.origin, "content-type": "application/json" },
    body: JSON.stringify({ name: "Dana Shutdown", email: "dana.shutdown@example.com", password: "a long enough password" }),
  });
  expect(response.status).toBe(200);
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] as string;
  // Creating a workspace needs a confirmed address.
  const handle = createDatabase(database.url, { max: 1 });
  try {
    await confirmAddressByLink(server, handle.db, "dana.shutdown@example.com");
  } finally {
    await handle.close();
  }
  const created = await fetch(`${server.url}/trpc/workspaces.create`, {
    method: "POST",
    headers: { origin: server.origin, "content-type": "application/json", cookie },
    body: JSON.stringify({ name: "Shutdown Ltd" }),
  });
  const body = (await created.json()) as { result: { data: { slug: string } } };
  return { cookie, slug: body.result.data.slug };
}

describe("graceful shutdown on SIGTERM", () => {
  it("finishes the request in flight, refuses new ones, closes sockets and database connections, exits 0", async () => {
    const { cookie, slug } = await signUp();
    const socket = connect(server.url, { transports: ["websocket"], extraHeaders: { cookie, origin: server.origin }, reconnection: false });
    await waitFor("socket connected", async () => socket.connected);
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));

    // Hold a lock the next request needs, so it is slow and still in flight at SIGTERM.
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query("begin");
    await blocker.query("lock table workspaces in access exclusive mode");
    const inFlight = fetch(`${server.url}/trpc/workspaces.current?input=${encodeURIComponent(JSON.stringify({ workspaceSlug: slug }))}`, { headers: { cookie } });
    await new Promise((r) => setTimeout(r, 400));

    server.child.kill("SIGTERM");
    // Draining: the load balancer is told (readiness 503) while requests are still answered.
    await waitFor("readiness 503", async () => (await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(1_000) })).status === 503);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const duringDrain = await fetch(`${server.url}/trpc/auth.me`);
    expect(duringDrain.status).toBe(200);
    expect(duringDrain.headers.get("connection")).toBe("close");

    expect(await disconnected).toBe("io server disconnect");
    // New connections are refused while the slow request is still being answered.
    await waitFor("new requests refused", async () => {
      try {
        await fetch(`${server.url}/trpc/auth.me`, { signal: AbortSignal.timeout(1_000) });
        return false;
      } catch {
        return true;
      }
    });
    expect(server.child.exitCode).toBeNull();

    await blocker.query("commit");
    await blocker.end();
    const response = await inFlight;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { data: { workspace: { slug: string } } } };
    expect(JSON.stringify(body)).toContain(slug);

    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.output()).toMatch(/SIGTERM received/);
    expect(server.output()).toMatch(/Stopped\./);
    // The compiled server ran, in production mode, without building (the tree was built), logging JSON.
    expect(server.output()).not.toMatch(/Building the app/);
    expect(server.output()).toMatch(/"mode":"production"/);

    // Nothing of the server is left connected to the database.
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const left = await admin.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'team-access'");
    await admin.end();
    expect(left.rows[0]?.n).toBe(0);
    socket.close();
  });
});
