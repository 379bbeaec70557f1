/**
 * A plain call (one query by GET, one mutation by POST) is answered by the
 * API door without the fetch API (server/http/apiCall.ts). Its answers must
 * be tRPC's own: each case is sent to /trpc/... (the door) and to
 * /TRPC/... (Express, whose tRPC middleware runs tRPC's resolveResponse),
 * and status, body and tRPC's headers must match.
 */
import http from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { maxBodyBytes } from "#server/app";
import { createUser, defaultPassword, sessionCookie, type TestUser } from "./helpers/fixtures";
import { serverForTests, type TestServer } from "./helpers/server";

let server: TestServer;
serverForTests((s) => (server = s));

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, { method: init.method ?? "GET", headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

/** The body without what differs per request (its id, which must be the header's; a development stack trace). */
function comparable(answer: Answer): unknown {
  const body = JSON.parse(answer.body) as { error?: { data?: Record<string, unknown> } };
  const data = body.error?.data;
  if (data) {
    if ("requestId" in data) expect(data.requestId).toBe(answer.headers["x-request-id"]);
    delete data.requestId;
    delete data.stack;
  }
  return { status: answer.status, body, contentType: answer.headers["content-type"], vary: answer.headers.vary, retryAfter: answer.headers["retry-after"] ?? null };
}

/** Sends the same request through the door and through tRPC's own adapter; both answers. */
async function both(path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}, whole = true) {
  const door = await send(`/trpc/${path}`, init);
  const trpc = await send(`/TRPC/${path}`, init);
  // A plain call's answer is sent whole (what tRPC answers itself may be streamed); Express's adapter streams it.
  if (whole) {
    expect(door.headers["transfer-encoding"]).toBeUndefined();
    expect(Number(door.headers["content-length"])).toBe(Buffer.byteLength(door.body));
  }
  expect(trpc.headers["content-security-policy"]).toBeDefined();
  return { door, trpc };
}

async function same(path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}, whole = true): Promise<Answer> {
  const { door, trpc } = await both(path, init, whole);
  expect(comparable(door)).toEqual(comparable(trpc));
  return door;
}

const query = (input: unknown) => `?input=${encodeURIComponent(JSON.stringify(input))}`;

describe("a plain call through the door answers as tRPC does", () => {
  let user: TestUser;
  let cookie: string;
  let post: (body: string | Buffer, extra?: Record<string, string>) => { method: string; headers: Record<string, string>; body: string | Buffer };
  beforeAll(async () => {
    user = await createUser(server.deps);
    cookie = await sessionCookie(server.deps, user);
    post = (body, extra = {}) => ({ method: "POST", headers: { origin: server.origin, "content-type": "application/json", ...extra }, body });
  });

  it("a query's result, signed in and not", async () => {
    const signedIn = await same("auth.me", { headers: { cookie } });
    expect(JSON.parse(signedIn.body)).toMatchObject({ result: { data: { id: user.id } } });
    await same("auth.me");
    await same(`auth.me${query(null)}`, { headers: { cookie } });
  });

  it("a refusal for a caller who is not signed in, and for input the schema refuses", async () => {
    const refused = await same(`members.search${query({ workspaceSlug: "nowhere" })}`);
    expect(refused.status).toBe(401);
    const invalid = await same(`members.search${query({ workspaceSlug: 42 })}`, { headers: { cookie } });
    expect(invalid.status).toBe(400);
  });

  it("input that is not JSON, in the URL or the body, and an empty body", async () => {
    expect((await same("members.search?input=%7Bnot-json", { headers: { cookie } })).status).toBe(400);
    expect((await same("auth.signIn", post("{not json"))).status).toBe(400);
    expect((await same("auth.signIn", post(""))).status).toBe(400);
    expect((await same("auth.signIn", post(Buffer.from(`\uFEFF${JSON.stringify({ email: user.email, password: "wrong password here" })}`)))).status).toBe(401);
  });

  it("a body over the limit", async () => {
    const answer = await same("auth.signIn", post(JSON.stringify({ email: user.email, password: "x".repeat(maxBodyBytes) })));
    expect(answer.status).toBe(413);
  });

  it("a mutation's result and the cookie it sets", async () => {
    const { door, trpc } = await both("auth.signIn", post(JSON.stringify({ email: user.email, password: defaultPassword })));
    expect(comparable(door)).toEqual(comparable(trpc));
    expect(door.status).toBe(200);
    expect(door.headers["set-cookie"]?.[0]).toMatch(/^ta_session=[A-Za-z0-9_-]{43};/);
    expect(trpc.headers["set-cookie"]?.[0]).toMatch(/^ta_session=[A-Za-z0-9_-]{43};/);
  });

  it("what the door leaves to tRPC: the wrong method, another content type, a batch, an unknown procedure, HEAD", async () => {
    expect((await same("auth.signIn", { headers: { cookie } })).status).toBe(405);
    expect((await same("auth.me", post("{}"))).status).toBe(405);
    expect((await same("auth.signIn", post("{}", { "content-type": "text/plain" }), false)).status).toBe(415);
    expect((await same(`auth.me,auth.me?batch=1&input=${encodeURIComponent("{}")}`, { headers: { cookie } })).status).toBe(200);
    expect((await same("no.such")).status).toBe(404);
    expect((await send("/trpc/auth.me", { method: "HEAD" })).status).toBe(204);
  });
});
