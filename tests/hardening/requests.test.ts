/**
 * Malformed and hostile requests at the HTTP level: each gets a clear
 * refusal (a 4xx status, a stable product code, words a person reads), and
 * the server keeps answering afterwards.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { maxBodyBytes } from "#server/app";
import { createUser, createWorkspaceOwnedBy, sessionCookie, sessionIdOfCookie } from "../helpers/fixtures";
import { type TestServer, serverForTests } from "../helpers/server";

let server: TestServer;
let cookie: string;
let slug: string;
serverForTests((started) => (server = started));
beforeAll(async () => {
  const owner = await createUser(server.deps);
  slug = (await createWorkspaceOwnedBy(server.deps, owner)).slug;
  cookie = await sessionCookie(server.deps, owner);
});

interface Refusal {
  status: number;
  appCode: string | undefined;
  message: string | undefined;
}

async function refusalOf(response: Response): Promise<Refusal> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: { message?: string; data?: { appCode?: string } } } | Array<{ error?: { message?: string; data?: { appCode?: string } } }>;
    const error = Array.isArray(body) ? body[0]?.error : body.error;
    return { status: response.status, appCode: error?.data?.appCode, message: error?.message };
  } catch {
    return { status: response.status, appCode: undefined, message: text };
  }
}

function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { origin: server.origin, "content-type": "application/json", cookie, ...headers },
    body,
  });
}

async function stillAnswers() {
  const response = await fetch(`${server.url}/trpc/workspaces.current?input=${encodeURIComponent(JSON.stringify({ workspaceSlug: slug }))}`, { headers: { cookie } });
  expect(response.status).toBe(200);
}

describe("oversized and deep bodies", () => {
  it("refuses a body over the limit with 413 and says it is too large", async () => {
    const body = JSON.stringify({ name: "x".repeat(maxBodyBytes + 10) });
    const refusal = await refusalOf(await post("/trpc/workspaces.create", body));
    expect(refusal.status).toBe(413);
    expect(refusal.appCode).toBe("PAYLOAD_TOO_LARGE");
    expect(refusal.message).toBe("That request is too large.");
    await stillAnswers();
  });

  it("refuses deeply nested JSON as invalid input", async () => {
    const depth = 50_000;
    const body = `${"[".repeat(depth)}${"]".repeat(depth)}`;
    const refusal = await refusalOf(await post("/trpc/workspaces.create", body));
    expect(refusal.status).toBe(400);
    expect(refusal.appCode).toBe("INVALID_INPUT");
    await stillAnswers();
  });

  it("refuses a deeply nested object inside a field", async () => {
    const depth = 5_000;
    const nested = `${'{"a":'.repeat(depth)}"leaf"${"}".repeat(depth)}`;
    const refusal = await refusalOf(await post("/trpc/workspaces.create", `{"name":${nested}}`));
    expect(refusal.status).toBe(400);
    expect(refusal.appCode).toBe("INVALID_INPUT");
  });

  it("refuses text the database cannot store (a NUL byte) as invalid input, not a server error", async () => {
    const refusal = await refusalOf(await post("/trpc/workspaces.create", JSON.stringify({ name: "Acme\u0000Evil" })));
    expect(refusal.status).toBe(400);
    expect(refusal.appCode).toBe("INVALID_INPUT");
  });

  it("refuses a broken JSON body", async () => {
    const refusal = await refusalOf(await post("/trpc/workspaces.create", '{"name": "Acme'));
    expect(refusal.status).toBe(400);
    expect(refusal.appCode).toBe("INVALID_INPUT");
  });
});

describe("batches, methods and content types", () => {
  it("refuses a huge batch before running any of it", async () => {
    const calls = 500;
    const paths = Array.from({ length: calls }, () => "workspaces.create").join(",");
    const input = Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, { name: `Batch ${i}` }]));
    const before = await server.deps.db
      .selectFrom("workspaces")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const refusal = await refusalOf(await post(`/trpc/${paths}?batch=1`, JSON.stringify(input)));
    expect(refusal.status).toBe(400);
    expect(refusal.appCode).toBe("BATCH_TOO_LARGE");
    const after = await server.deps.db
      .selectFrom("workspaces")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("refuses a batch whose URL is too long for the server, in words", async () => {
    const paths = Array.from({ length: 3_000 }, () => "auth.me").join(",");
    const refusal = await refusalOf(await fetch(`${server.url}/trpc/${paths}?batch=1`, { headers: { cookie } }));
    expect(refusal.status).toBe(431);
    expect(refusal.appCode).toBe("PAYLOAD_TOO_LARGE");
    expect(refusal.message).toBe("That request's address or headers are too large.");
    await stillAnswers();
  });

  it("does not run a mutation sent as GET", async () => {
    const refusal = await refusalOf(await fetch(`${server.url}/trpc/workspaces.create?input=${encodeURIComponent(JSON.stringify({ name: "Via GET" }))}`, { headers: { cookie, origin: server.origin } }));
    expect(refusal.status).toBe(405);
    expect(refusal.appCode).toBe("METHOD_NOT_ALLOWED");
    expect(refusal.message).toMatch(/wrong HTTP method/);
    const made = await server.deps.db.selectFrom("workspaces").select("id").where("name", "=", "Via GET").execute();
    expect(made).toHaveLength(0);
  });

  it("does not run a query sent as POST", async () => {
    const refusal = await refusalOf(await post("/trpc/workspaces.mine", "{}"));
    expect(refusal.status).toBe(405);
  });

  it("refuses a form-encoded body to a JSON procedure", async () => {
    const refusal = await refusalOf(await post("/trpc/workspaces.create", "name=Acme", { "content-type": "application/x-www-form-urlencoded" }));
    expect([400, 415]).toContain(refusal.status);
    expect(["INVALID_INPUT", "UNSUPPORTED_CONTENT_TYPE"]).toContain(refusal.appCode);
    const multipart = await refusalOf(await post("/trpc/workspaces.create", "--x--", { "content-type": "multipart/form-data; boundary=x" }));
    expect([400, 415]).toContain(multipart.status);
    expect(["INVALID_INPUT", "UNSUPPORTED_CONTENT_TYPE"]).toContain(multipart.appCode);
  });

  it("refuses a body that is not JSON by its content type, saying to send JSON", async () => {
    for (const type of ["text/plain", "application/xml"]) {
      const refusal = await refusalOf(await post("/trpc/workspaces.create", "hello", { "content-type": type }));
      expect(refusal.status, type).toBe(415);
      expect(refusal.appCode).toBe("UNSUPPORTED_CONTENT_TYPE");
      expect(refusal.message).toMatch(/Send this request as JSON/);
    }
  });

  it("answers an unknown procedure with not found", async () => {
    const refusal = await refusalOf(await fetch(`${server.url}/trpc/members.steal`, { headers: { cookie } }));
    expect(refusal.status).toBe(404);
    expect(refusal.appCode).toBe("NOT_FOUND");
  });

  it("answers broken HTTP with a clear refusal", async () => {
    const net = await import("node:net");
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(server.port, "127.0.0.1", () => socket.write("BREW /coffee HTCPCP/1.0\r\n\r\n"));
      let text = "";
      socket.on("data", (chunk) => (text += chunk.toString()));
      socket.on("close", () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1.1 400/);
    expect(answer).toContain('"appCode":"INVALID_INPUT"');
  });
});

describe("origins", () => {
  it("refuses a cross-origin mutation even with a valid session, and changes nothing", async () => {
    const refusal = await refusalOf(await post("/trpc/workspaces.create", JSON.stringify({ name: "Cross Origin Co" }), { origin: "https://evil.example" }));
    expect(refusal.status).toBe(403);
    expect(refusal.appCode).toBe("CROSS_ORIGIN");
    expect(await server.deps.db.selectFrom("workspaces").select("id").where("name", "=", "Cross Origin Co").execute()).toHaveLength(0);
  });

  it("refuses an origin that only looks like the app's", async () => {
    for (const origin of [`${server.origin}.evil.example`, server.origin.replace("http:", "https:"), "null"]) {
      const refusal = await refusalOf(await post("/trpc/workspaces.create", JSON.stringify({ name: "Lookalike" }), { origin }));
      expect(refusal.status, origin).toBe(403);
      expect(refusal.appCode).toBe("CROSS_ORIGIN");
    }
  });

  it("refuses the Socket.IO handshake from another origin", async () => {
    const response = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: "https://evil.example", cookie } });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});

describe("sessions", () => {
  const authed = (sessionHeader: string) => fetch(`${server.url}/trpc/workspaces.mine`, { headers: { cookie: sessionHeader } });

  it("treats a forged session cookie as signed out and clears it", async () => {
    const response = await authed(`${server.deps.auth.sessionCookieName}=forged${"a".repeat(30)}`);
    const refusal = await refusalOf(response);
    expect(refusal.status).toBe(401);
    expect(refusal.appCode).toBe("NOT_SIGNED_IN");
    expect(response.headers.get("set-cookie")).toMatch(new RegExp(`${server.deps.auth.sessionCookieName}=;.*Max-Age=0`));
  });

  it("treats an expired session as signed out", async () => {
    const user = await createUser(server.deps);
    const expired = await sessionCookie(server.deps, user);
    const id = sessionIdOfCookie(expired);
    await server.deps.db
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() - 60_000) })
      .where("id", "=", id)
      .execute();
    const refusal = await refusalOf(await authed(expired));
    expect(refusal.status).toBe(401);
    expect(refusal.appCode).toBe("NOT_SIGNED_IN");
  });

  it("treats junk in the cookie header as signed out, not a server error", async () => {
    for (const junk of [`${server.deps.auth.sessionCookieName}=%E0%A4%A`, `${server.deps.auth.sessionCookieName}=${"x".repeat(4000)}`, "=;=;;", `${server.deps.auth.sessionCookieName}='; drop table sessions; --`]) {
      const refusal = await refusalOf(await authed(junk));
      expect(refusal.status, junk.slice(0, 40)).toBe(401);
      expect(refusal.appCode).toBe("NOT_SIGNED_IN");
    }
  });

  it("a session of a signed-out user no longer works", async () => {
    const user = await createUser(server.deps);
    const session = await sessionCookie(server.deps, user);
    const signOut = await post("/trpc/auth.signOut", "{}", { cookie: session });
    expect(signOut.status).toBe(200);
    const refusal = await refusalOf(await authed(session));
    expect(refusal.status).toBe(401);
  });
});
