/**
 * Defaults that fail closed. The real entry (server/index.ts, what `npm start`
 * runs) is production when NODE_ENV is unset; production answers carry no
 * stack, SQL or path, from tRPC, Remix or the Express fallback, for a real
 * internal error; cookies are Secure, `__Host-` on an https origin; HSTS only
 * on https.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "#server/config";
import { createUser, createWorkspaceOwnedBy, sessionCookie } from "./helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { type ServerProcess, spawnServer } from "./helpers/processes";
import { startTestServer, type TestServer, serverForTests } from "./helpers/server";

/** Anything internal: SQL and database words, file paths, stack frames. */
const internals = [/relation "/i, /notifications_gone/, /\bselect\b.+\bfrom\b/i, /\/work\//, /node_modules/, /\.tsx?\b:\d+/, /\bat [^\n]*:\d+:\d+/, /"stack"/, /Invalid URL/];

function expectNothingInternal(body: string, label: string) {
  for (const pattern of internals) expect(body, `${label}: ${pattern}`).not.toMatch(pattern);
}

describe("npm start's entry, with NODE_ENV unset", () => {
  let database: TestDatabase;
  let server: ServerProcess;
  beforeAll(async () => {
    database = await createTestDatabase();
    // NODE_ENV empty: as `npm start` from a shell that never set it.
    server = await spawnServer({ databaseUrl: database.url, env: { NODE_ENV: "", CLUSTER: "0" } });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("runs in production: Secure session cookie over http://localhost-style origins, and no HSTS on plain http", async () => {
    const response = await fetch(`${server.url}/trpc/auth.signUp`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.origin },
      body: JSON.stringify({ name: "Quick Start", email: "quick.start@example.com", password: "a long password" }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^ta_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toMatch(/; Secure(;|$)/);
    expect(cookie).toMatch(/; HttpOnly(;|$)/);
    expect(response.headers.get("strict-transport-security")).toBeNull();
    expect(response.headers.get("content-security-policy")).not.toMatch(/upgrade-insecure-requests/);
  });

  it("prints the development mailbox's secret address, which opens it; the bare address is a 404", async () => {
    const printed = /(http:\/\/\S+\/dev\/mailbox\/[A-Za-z0-9_-]{32})/.exec(server.output())?.[1];
    expect(printed, server.output()).toBeDefined();
    const path = new URL(printed ?? "").pathname;
    expect((await fetch(`${server.url}${path}`)).status, server.output()).toBe(200);
    expect((await fetch(`${server.url}/dev/mailbox`)).status).toBe(404);
  });
});

describe("production answers to a real internal error", () => {
  let server: TestServer;
  let cookie: string;
  let slug: string;
  serverForTests((started) => (server = started), { pages: true, env: { NODE_ENV: "production" } });
  beforeAll(async () => {
    const owner = await createUser(server.deps);
    slug = (await createWorkspaceOwnedBy(server.deps, owner)).slug;
    cookie = await sessionCookie(server.deps, owner);
    // A real failure: the table behind the notification bell is gone, so its SQL fails.
    await server.deps.db.schema.alterTable("notifications").renameTo("notifications_gone").execute();
  });

  it("tRPC: plain words and a code, no stack, SQL or path", async () => {
    const response = await fetch(`${server.url}/trpc/notifications.unreadCount`, { headers: { cookie } });
    expect(response.status).toBe(500);
    const body = await response.text();
    const parsed = JSON.parse(body) as { error: { message: string; data: { appCode: string } } };
    expect(parsed.error.message).toBe("Something went wrong on our side. Please try again.");
    expect(parsed.error.data.appCode).toBe("INTERNAL");
    expectNothingInternal(body, "tRPC");
  });

  it("Remix: the error page, with the details only in the server's log", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const response = await fetch(`${server.url}/w/${slug}/notifications`, { headers: { cookie } });
      expect(response.status).toBe(500);
      const html = await response.text();
      expect(html).toContain("Something went wrong");
      expectNothingInternal(html, "Remix page");
      // The operator still gets the details.
      expect(logged.mock.calls.flat().map(String).join("\n")).toMatch(/notifications/);
    } finally {
      logged.mockRestore();
    }
  });

  it("Express: a request that breaks the page handler itself gets plain words", async () => {
    // A Host header no URL can be built from fails inside the Remix adapter, before any route.
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      import("node:http")
        .then(({ request }) => {
          const req = request(`${server.url}/sign-in`, { headers: { host: "a b" } }, (res) => {
            let text = "";
            res.on("data", (chunk: Buffer) => (text += chunk.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
          });
          req.on("error", reject);
          req.end();
        })
        .catch(reject);
    });
    expect(status).toBe(500);
    // Plain words, and the request id a person can quote.
    expect(body).toMatch(/^Something went wrong on our side\. Please try again\.\nReference: [0-9a-f-]{36}$/);
    expectNothingInternal(body, "Express fallback");
  });

  it("the same failure in development does show its details (so the checks above can fail)", async () => {
    const dev = await startTestServer({ env: { NODE_ENV: "development" }, testDatabase: server.testDatabase });
    try {
      const body = await (await fetch(`${dev.url}/trpc/notifications.unreadCount`, { headers: { cookie } })).text();
      expect(body).toMatch(/notifications/);
      expect(body).toMatch(/"stack"/);
    } finally {
      await dev.close();
    }
  });
});

describe("cookies and transport security", () => {
  it("production on an https origin: __Host- cookie (Secure, Path=/, no Domain), HSTS, upgrade-insecure-requests", async () => {
    const origin = "https://team.example";
    const server = await startTestServer({ env: { NODE_ENV: "production", APP_ORIGIN: origin } });
    try {
      const response = await fetch(`${server.url}/trpc/auth.signUp`, {
        method: "POST",
        headers: { "content-type": "application/json", origin },
        body: JSON.stringify({ name: "Hannah Https", email: "hannah@example.com", password: "a long password" }),
      });
      expect(response.status).toBe(200);
      const setCookie = response.headers.get("set-cookie") ?? "";
      expect(setCookie).toMatch(/^__Host-ta_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=\d+; Expires=/);
      expect(setCookie).not.toMatch(/Domain=/i);
      expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
      expect(response.headers.get("content-security-policy")).toMatch(/upgrade-insecure-requests/);
      // The prefixed cookie is the session.
      const me = await fetch(`${server.url}/trpc/auth.me`, { headers: { cookie: setCookie.split(";")[0] ?? "" } });
      expect(((await me.json()) as { result: { data: { email: string } } }).result.data.email).toBe("hannah@example.com");
      // The unprefixed name is not read on an https origin.
      const token = (setCookie.split(";")[0] ?? "").split("=")[1];
      const unprefixed = await fetch(`${server.url}/trpc/auth.me`, { headers: { cookie: `ta_session=${token}` } });
      expect(((await unprefixed.json()) as { result: { data: unknown } }).result.data).toBeNull();
      // Signing out clears it with the same attributes, or the browser would keep it.
      const signOut = await fetch(`${server.url}/trpc/auth.signOut`, {
        method: "POST",
        headers: { origin, "content-type": "application/json", cookie: setCookie.split(";")[0] ?? "" },
        body: "{}",
      });
      expect(signOut.status).toBe(200);
      expect(signOut.headers.get("set-cookie")).toMatch(/^__Host-ta_session=; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=0/);
    } finally {
      await server.stop();
    }
  });

  it("configuration defaults to production; development must be asked for", () => {
    expect(loadConfig({}).isProduction).toBe(true);
    expect(loadConfig({}).secureCookies).toBe(true);
    expect(loadConfig({}, { NODE_ENV: "development" }).secureCookies).toBe(false);
    expect(loadConfig({}, { NODE_ENV: "development", APP_ORIGIN: "https://team.example" }).secureCookies).toBe(true);
  });
});
