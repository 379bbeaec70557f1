import { describe, expect, it } from "vitest";
import { maxBatchCalls } from "#server/app";
import { AppError } from "#server/errors";
import { formatError } from "#server/trpc/errorFormatter";
import { TRPCError } from "@trpc/server";
import { createUser, sessionCookie } from "./helpers/fixtures";
import { type TestServer, serverForTests } from "./helpers/server";

let server: TestServer;
serverForTests((started) => (server = started), { pages: true });

const signInBody = JSON.stringify({ email: "someone@example.com", password: "whatever it is" });

describe("requests that change anything must come from the app's own origin", () => {
  it("refuses a cross-origin tRPC mutation with 403 and a clear message", async () => {
    const response = await fetch(`${server.url}/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: signInBody,
    });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { message: string; data: { appCode: string } } };
    expect(body.error.data.appCode).toBe("CROSS_ORIGIN");
    expect(body.error.message).toBe("This request came from another site and was refused.");
  });

  it("refuses a mutation with no Origin or Referer at all", async () => {
    const response = await fetch(`${server.url}/trpc/auth.signIn`, { method: "POST", headers: { "content-type": "application/json" }, body: signInBody });
    expect(response.status).toBe(403);
  });

  it("refuses a cross-origin POST to a Remix action, and accepts the same form from the app itself", async () => {
    const form = new URLSearchParams({ email: "someone@example.com", password: "whatever it is" });
    const foreign = await fetch(`${server.url}/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: form,
      redirect: "manual",
    });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toBe("This request came from another site and was refused.");

    const own = await fetch(`${server.url}/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.origin },
      body: form,
      redirect: "manual",
    });
    expect(own.status).toBe(401); // the action ran: wrong credentials, shown on the form
    expect(await own.text()).toContain("That email and password don&#x27;t match");
  });

  it("accepts a referer from the app when a browser sends no Origin", async () => {
    const response = await fetch(`${server.url}/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json", referer: `${server.origin}/sign-in` },
      body: signInBody,
    });
    expect(response.status).toBe(401);
  });

  it("does not run mutations sent as GET", async () => {
    const response = await fetch(`${server.url}/trpc/auth.signOut`, { headers: { origin: server.origin } });
    expect(response.status).toBe(405);
  });
});

describe("tRPC batches are capped", () => {
  function batchUrl(calls: number) {
    const paths = Array.from({ length: calls }, () => "auth.me").join(",");
    const input = Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, {}]));
    return `${server.url}/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
  }

  it(`answers a batch of ${maxBatchCalls} calls`, async () => {
    const response = await fetch(batchUrl(maxBatchCalls));
    expect(response.status).toBe(200);
    expect((await response.json()) as unknown[]).toHaveLength(maxBatchCalls);
  });

  it("refuses a larger batch before running any of it", async () => {
    const response = await fetch(batchUrl(maxBatchCalls + 1));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; data: { appCode: string } } };
    expect(body.error.data.appCode).toBe("BATCH_TOO_LARGE");
    expect(body.error.message).toMatch(/Too many operations in one request/);
  });
});

describe("pages", () => {
  it("serves the sign-up page with security headers", async () => {
    const response = await fetch(`${server.url}/sign-up`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Create your account");
    expect(response.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-/);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
  });

  it("shows a clear 'not found' page for a workspace the user is not in", async () => {
    const user = await createUser(server.deps);
    const response = await fetch(`${server.url}/w/someone-elses/members`, { headers: { cookie: await sessionCookie(server.deps, user) } });
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("Not found");
    expect(html).toContain("not a member of it");
  });

  it("sends a signed-out visitor of a workspace page to sign in, and back afterwards", async () => {
    const response = await fetch(`${server.url}/w/acme/members`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/sign-in?redirectTo=%2Fw%2Facme%2Fmembers");
  });
});

describe("errors never reveal internals in production", () => {
  const shape = {
    code: -32603 as const,
    message: 'relation "secret_table" does not exist',
    data: { code: "INTERNAL_SERVER_ERROR" as const, httpStatus: 500, path: "members.list", stack: "Error: at db.ts:1" },
  };

  it("replaces an internal failure with plain words, with no stack or SQL", () => {
    const error = new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: 'relation "secret_table" does not exist' });
    const formatted = formatError(shape, error, true);
    expect(formatted.message).toBe("Something went wrong on our side. Please try again.");
    expect(formatted.data.appCode).toBe("INTERNAL");
    expect(JSON.stringify(formatted)).not.toMatch(/secret_table|db\.ts|stack/);
  });

  it("keeps the product's own messages, which are written for people", () => {
    const formatted = formatError({ ...shape, code: -32009, data: { ...shape.data, code: "CONFLICT", httpStatus: 409 } }, new AppError("EMAIL_TAKEN"), true);
    expect(formatted.message).toBe("An account with this email already exists. Sign in instead.");
    expect(formatted.data.appCode).toBe("EMAIL_TAKEN");
  });
});
