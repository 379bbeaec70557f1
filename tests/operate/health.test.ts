/**
 * /healthz (the process is up) and /readyz (the database answers and the
 * server is not draining), for load balancers and orchestrators.
 */
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startTestServer, type TestServer, serverForTests } from "../helpers/server";

describe("health and readiness", () => {
  let server: TestServer;
  serverForTests((started) => (server = started));

  it("answer 200 while all is well, uncached, to any origin (they change nothing)", async () => {
    const health = await fetch(`${server.url}/healthz`, { headers: { origin: "https://elsewhere.example" } });
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect(health.headers.get("cache-control")).toBe("no-store");
    const ready = await fetch(`${server.url}/readyz`, { headers: { origin: "https://elsewhere.example" } });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("readiness answers 503 when the database does not answer, and 200 again when it does", async () => {
    const admin = new pg.Client({ connectionString: server.testDatabase.url.replace(/\/[^/]+$/, "/postgres") });
    await admin.connect();
    const name = new URL(server.testDatabase.url).pathname.slice(1);
    try {
      // No new connections to the database, and the pool's are ended: as if it were down.
      await admin.query(`alter database "${name}" allow_connections false`);
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [name]);
      const down = await fetch(`${server.url}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: "database unavailable" });
      // The process itself is still up.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await admin.query(`alter database "${name}" allow_connections true`);
      await admin.end();
    }
    await expect.poll(async () => (await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});

describe("draining before a stop", () => {
  it("readiness answers 503 while requests are still served, each asking the client to close its connection; then the server stops", async () => {
    const server = await startTestServer();
    let drained = false;
    const draining = server.drain(60_000).then(() => {
      drained = true;
    });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "draining" });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // Traffic still arriving is served, and told not to reuse the connection.
    const served = await fetch(`${server.url}/trpc/auth.me`);
    expect(served.status).toBe(200);
    expect(served.headers.get("connection")).toBe("close");
    expect(drained).toBe(false);
    // Stopping does not wait for the rest of the drain period (nor does the drain outlive the server).
    await server.stop();
    await draining;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
