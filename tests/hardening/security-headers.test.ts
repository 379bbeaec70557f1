/**
 * Security headers on every route the app serves: every page file in
 * app/routes (found at run time, so new pages are covered), error pages,
 * the API, static files and the client build.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, createWorkspaceOwnedBy, sessionCookie } from "../helpers/fixtures";
import { type TestServer, serverForTests } from "../helpers/server";

let server: TestServer;
let cookie: string;
let slug: string;
serverForTests((started) => (server = started), { pages: true });
beforeAll(async () => {
  const owner = await createUser(server.deps);
  slug = (await createWorkspaceOwnedBy(server.deps, owner)).slug;
  cookie = await sessionCookie(server.deps, owner);
});

/** Remix flat-route file name -> a URL that reaches it (params filled with plausible values). */
function urlForRoute(file: string): string | null {
  const name = file.replace(/\.(tsx|ts|jsx|js)$/, "");
  if (name === "root" || (name.startsWith("_") && name !== "_index")) return null;
  const segments = name
    .split(".")
    .filter((segment) => segment !== "_index" && !segment.startsWith("_"))
    .map((segment) => {
      if (segment === "$slug") return slug;
      if (segment === "$") return "anything";
      if (segment.startsWith("$")) return "00000000-0000-4000-8000-000000000000";
      return segment.replace(/\[|\]/g, "").replace(/_$/, "");
    });
  return `/${segments.join("/")}`;
}

const routeFiles = readdirSync(path.resolve("app", "routes")).filter((f) => /\.(tsx|ts)$/.test(f));

function expectHardened(response: Response, label: string) {
  const csp = response.headers.get("content-security-policy") ?? "";
  expect(csp, `${label}: CSP`).toMatch(/default-src 'self'/);
  expect(csp, `${label}: frames`).toMatch(/frame-ancestors 'none'/);
  expect(csp, `${label}: no plugins`).toMatch(/object-src 'none'/);
  expect(csp, `${label}: no inline scripts without a nonce`).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(response.headers.get("x-frame-options"), `${label}: X-Frame-Options`).toBe("DENY");
  expect(response.headers.get("x-content-type-options"), `${label}: nosniff`).toBe("nosniff");
  // Invitation links carry their token in the URL; it must never reach another site in Referer.
  expect(["same-origin", "no-referrer"], `${label}: Referrer-Policy`).toContain(response.headers.get("referrer-policy"));
  expect(response.headers.get("x-powered-by"), `${label}: no framework banner`).toBeNull();
}

describe("security headers", () => {
  it("finds the pages", () => {
    expect(routeFiles.length).toBeGreaterThan(3);
  });

  it.each(routeFiles.map((f) => [f] as const))("page %s, signed in and signed out", async (file) => {
    const url = urlForRoute(file);
    if (!url) return;
    for (const headers of [{ cookie }, {}] as Array<Record<string, string>>) {
      const response = await fetch(`${server.url}${url}`, { headers, redirect: "manual" });
      expect(response.status, `${url}`).toBeLessThan(500);
      expectHardened(response, `${url} (${headers.cookie ? "signed in" : "signed out"})`);
      await response.arrayBuffer();
    }
  });

  it("on a page that does not exist, an API answer, an API error, a static file and the client build", async () => {
    const home = await (await fetch(`${server.url}/sign-in`)).text();
    const script = /"(\/build\/[^"]+\.js)"/.exec(home)?.[1];
    expect(script, "the sign-in page loads a client bundle").toBeDefined();
    const urls = [
      "/no/such/page",
      `/w/${slug}/no-such-page`,
      "/trpc/auth.me",
      "/trpc/no.such.procedure",
      `/trpc/members.list?input=${encodeURIComponent(JSON.stringify({ workspaceSlug: slug }))}`,
      "/favicon.svg",
      script ?? "/build/missing.js",
    ];
    for (const url of urls) {
      const response = await fetch(`${server.url}${url}`, { headers: { cookie } });
      expect(response.status, url).toBeLessThan(500);
      expectHardened(response, url);
      await response.arrayBuffer();
    }
  });

  it("on refusals made before any route runs (cross-origin, oversized, too many calls)", async () => {
    const responses = [
      await fetch(`${server.url}/trpc/auth.signOut`, { method: "POST", headers: { origin: "https://evil.example" } }),
      await fetch(`${server.url}/sign-in`, { method: "POST", headers: { origin: "https://evil.example" }, body: "x" }),
      await fetch(`${server.url}/trpc/${Array.from({ length: 40 }, () => "auth.me").join(",")}?batch=1`),
    ];
    for (const response of responses) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expectHardened(response, `${response.url} ${response.status}`);
      await response.arrayBuffer();
    }
  });
});
