/**
 * Structured logs: one JSON line per request with its id, the user and the
 * workspace; the id comes back in X-Request-Id and on error pages; cookies,
 * tokens, passwords, invitation links and account links never reach the log.
 */
import { describe, expect, it } from "vitest";
import { issueAccountToken } from "#server/auth/accountTokens";
import { createLogger, requestLogger } from "#server/log";
import { redactFields, redacted, redactText } from "#server/logging/redact";
import { addMember, callerAs, createUser, createWorkspaceOwnedBy, defaultPassword } from "../helpers/fixtures";
import { roleIdsByKey, tokenFromMailbox } from "../helpers/invitations";
import { startTestServer, type TestServer, serverForTests } from "../helpers/server";
import { captureLog } from "../helpers/logCapture";

describe("redaction", () => {
  it("hides secrets by field name anywhere in the object, and secret patterns in any text", () => {
    const fields = redactFields({
      password: "hunter2-password",
      headers: { cookie: "ta_session=abc123session", authorization: "Bearer tok-123", "x-postmark-server-token": "pm-secret" },
      nested: { deeper: { token: "raw-token", apiKey: "key-1", sessionId: "sess-1", hash: "hash-1" } },
      url: "https://app.example/invite/INVITE_TOKEN_1?x=1",
      note: "sent Authorization: Bearer abc.def.ghi and ta_session=cookie-value-2 to /invite/INVITE_TOKEN_2",
      error: new Error("could not open https://app.example/invite/INVITE_TOKEN_3"),
      list: ["password=p4ss", "fine", "opened /reset-password/RESET_TOKEN_4 and https://app.example/verify-email/CONFIRM_TOKEN_5?again=1"],
      userId: "5d0c7a52-7b5e-4a87-9b47-0d2b5b9a3f1e",
    });
    const text = JSON.stringify(fields);
    for (const secret of [
      "hunter2-password",
      "abc123session",
      "tok-123",
      "pm-secret",
      "raw-token",
      "key-1",
      "sess-1",
      "hash-1",
      "INVITE_TOKEN_1",
      "INVITE_TOKEN_2",
      "INVITE_TOKEN_3",
      "abc.def.ghi",
      "cookie-value-2",
      "p4ss",
      "RESET_TOKEN_4",
      "CONFIRM_TOKEN_5",
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(fields.password).toBe(redacted);
    expect(fields.url).toBe(`https://app.example/invite/${redacted}?x=1`);
    // What is not secret stays readable.
    expect(fields.userId).toBe("5d0c7a52-7b5e-4a87-9b47-0d2b5b9a3f1e");
    expect((fields.list as string[])[1]).toBe("fine");
    expect((fields.error as { message: string }).message).toBe(`could not open https://app.example/invite/${redacted}`);
  });

  it("scrubs every secret pattern in any letter case (free text skips the patterns only when none can match)", () => {
    const samples: Array<[string, string]> = [
      ["GET /join/JOIN_TOKEN_6 200", "JOIN_TOKEN_6"],
      ["/verify-domain/DOMAIN_TOKEN_7", "DOMAIN_TOKEN_7"],
      ["header BEARER UPPER_TOKEN_8", "UPPER_TOKEN_8"],
      ["basic dXNlcjpwYXNz", "dXNlcjpwYXNz"],
      ["Cookie: TA_SESSION=SESSION_VALUE_9", "SESSION_VALUE_9"],
      ["?MyApiKey=API_VALUE_10&x=1", "API_VALUE_10"],
      ["form Secret_Word=SECRET_VALUE_11", "SECRET_VALUE_11"],
      ["X-POSTMARK-SERVER-TOKEN: PM_VALUE_12", "PM_VALUE_12"],
      ['{"X-Postmark-Server-Token":"PM_VALUE_13"}', "PM_VALUE_13"],
    ];
    for (const [text, secret] of samples) expect(redactText(text)).not.toContain(secret);
    // Nothing to scrub: the same text back.
    expect(redactText("GET /trpc/members.search 200")).toBe("GET /trpc/members.search 200");
  });

  it("the logger redacts the message too, and lines written during a request carry its id, user and workspace", () => {
    const out = captureLog();
    const log = createLogger("info", { format: "json", destination: out.destination });
    requestLogger(log, { requestId: "req-1234567", userId: "user-1", workspaceId: "ws-1" }).warn("invitation /invite/SECRETTOKEN failed", { password: "p" });
    log.info("outside any request");
    const [inside, outside] = out.json();
    expect(inside).toMatchObject({ level: "warn", msg: `invitation /invite/${redacted} failed`, requestId: "req-1234567", userId: "user-1", workspaceId: "ws-1", password: redacted });
    expect(outside?.requestId).toBeUndefined();
    expect(out.lines.join("\n")).not.toContain("SECRETTOKEN");
  });

  it("is readable for people in development (pretty) and one JSON object per line in production", () => {
    const pretty = captureLog();
    createLogger("info", { format: "pretty", destination: pretty.destination }).info("hello there", { n: 1 });
    expect(pretty.lines.join("\n")).toMatch(/INFO.*hello there/);
    expect(() => JSON.parse(pretty.lines[0] ?? "")).toThrow();
    const json = captureLog();
    createLogger("info", { format: "json", destination: json.destination }).info("hello there", { n: 1 });
    expect(json.json()[0]).toMatchObject({ level: "info", msg: "hello there", n: 1 });
  });
});

describe("a running server's log", () => {
  let server: TestServer;
  const out = captureLog();
  serverForTests((started) => (server = started), { pages: true, log: createLogger("info", { format: "json", destination: out.destination }) });

  const linesFor = (requestId: string | null) => out.json().filter((l) => l.requestId === requestId && typeof l.status === "number");
  /** The request lines of an answer, once its line is written (when the answer is finished). */
  const requestLines = async (response: Response) => {
    const id = response.headers.get("x-request-id");
    await expect.poll(() => linesFor(id).length).toBeGreaterThan(0);
    return linesFor(id);
  };

  it("writes one line per request, with its id (returned in X-Request-Id), user, workspace, status and duration", async () => {
    const owner = await createUser(server.deps, { name: "Lena Logger" });
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Logged Ltd");

    const signIn = await fetch(`${server.url}/trpc/auth.signIn`, {
      method: "POST",
      headers: { origin: server.origin, "content-type": "application/json" },
      body: JSON.stringify({ email: owner.email, password: defaultPassword }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const signInId = signIn.headers.get("x-request-id");
    expect(signInId).toMatch(/^[0-9a-f-]{36}$/);
    const [signInLine, ...more] = await requestLines(signIn);
    expect(more).toEqual([]);
    expect(signInLine).toMatchObject({ level: "info", method: "POST", path: "/trpc/auth.signIn", status: 200 });
    expect(signInLine?.durationMs).toBeGreaterThan(0);

    const page = await fetch(`${server.url}/w/${ws.slug}/members`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const pageId = page.headers.get("x-request-id");
    expect(pageId).not.toBe(signInId);
    expect(await requestLines(page)).toEqual([expect.objectContaining({ method: "GET", path: `/w/${ws.slug}/members`, status: 200, userId: owner.id, workspaceId: ws.id })]);

    // Nothing secret: not the password, not the session cookie.
    const everything = out.lines.join("\n");
    expect(everything).not.toContain(defaultPassword);
    expect(everything).not.toContain(cookie.split("=")[1]);
  });

  it("never writes an invitation link's token, even when the link is the path asked for", async () => {
    const owner = await createUser(server.deps);
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Invites Logged");
    const roles = await roleIdsByKey(server.deps, ws.id);
    await (await callerAs(server.deps, owner)).invitations.invite({ workspaceSlug: ws.slug, emails: ["logged.invitee@example.com"], roleIds: [roles.member!], primaryRoleId: roles.member! });
    const token = await tokenFromMailbox(server, "logged.invitee@example.com");
    const response = await fetch(`${server.url}/invite/${token}`);
    expect(response.status).toBe(200);
    expect(await requestLines(response)).toEqual([expect.objectContaining({ path: `/invite/${redacted}`, status: 200 })]);
    expect(out.lines.join("\n")).not.toContain(token);
  });

  it("never writes an account link's token (a password reset, an address confirmation), even when the link is the path asked for", async () => {
    const person = await createUser(server.deps, { verified: false });
    const reset = await issueAccountToken(server.deps.db, { userId: person.id, purpose: "reset_password", email: person.email });
    const confirm = await issueAccountToken(server.deps.db, { userId: person.id, purpose: "verify_email", email: person.email });
    const resetPage = await fetch(`${server.url}/reset-password/${reset.token}`);
    expect(resetPage.status).toBe(200);
    expect(await requestLines(resetPage)).toEqual([expect.objectContaining({ path: `/reset-password/${redacted}`, status: 200 })]);
    const confirmPage = await fetch(`${server.url}/verify-email/${confirm.token}`);
    expect(confirmPage.status).toBe(200);
    expect(await requestLines(confirmPage)).toEqual([expect.objectContaining({ path: `/verify-email/${redacted}`, status: 200 })]);
    const everything = out.lines.join("\n");
    expect(everything).not.toContain(reset.token);
    expect(everything).not.toContain(confirm.token);
  });

  it("puts the request id on error pages and in API errors, so a person can quote it", async () => {
    const owner = await createUser(server.deps);
    const member = await createUser(server.deps);
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Errors Ltd");
    await addMember(server.deps, ws.id, member, ["viewer"]);
    const signIn = await fetch(`${server.url}/trpc/auth.signIn`, {
      method: "POST",
      headers: { origin: server.origin, "content-type": "application/json" },
      body: JSON.stringify({ email: member.email, password: defaultPassword }),
    });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] as string;

    // A page the viewer may not open: the error page names the request.
    const refused = await fetch(`${server.url}/w/${ws.slug}/settings/audit`, { headers: { cookie } });
    expect(refused.status).toBe(403);
    const id = refused.headers.get("x-request-id") ?? "";
    expect(await refused.text()).toContain(`If you contact support, quote this reference: <span class="font-mono">${id}</span>`);

    // A page nobody serves, as a client-side navigation would fetch its data: the error data carries the id.
    const data = await fetch(`${server.url}/w/${ws.slug}/settings/audit?_data=routes%2Fw.%24slug.settings.audit`, { headers: { cookie } });
    expect(data.status).toBe(403);
    expect(((await data.json()) as { requestId?: string }).requestId).toBe(data.headers.get("x-request-id"));

    // The API's refusals too.
    const api = await fetch(`${server.url}/trpc/auditLog.filterChoices?input=${encodeURIComponent(JSON.stringify({ workspaceSlug: ws.slug }))}`, { headers: { cookie } });
    expect(api.status).toBe(403);
    const body = (await api.json()) as { error: { data: { appCode: string; requestId: string } } };
    expect(body.error.data).toMatchObject({ appCode: "FORBIDDEN", requestId: api.headers.get("x-request-id") });
  });

  it("ignores a request id a client makes up (only a trusted proxy may name it)", async () => {
    const response = await fetch(`${server.url}/sign-in`, { headers: { "x-request-id": "made-up-by-a-client" } });
    expect(response.headers.get("x-request-id")).not.toBe("made-up-by-a-client");
    expect(out.lines.join("\n")).not.toContain("made-up-by-a-client");
  });

  it("leaves health probes out of the info log", async () => {
    const health = await fetch(`${server.url}/healthz`);
    const ready = await fetch(`${server.url}/readyz`);
    expect([health.status, ready.status]).toEqual([200, 200]);
    // A page asked after them is logged; by then the probes' lines would have been too.
    await requestLines(await fetch(`${server.url}/sign-in`));
    expect(linesFor(health.headers.get("x-request-id"))).toEqual([]);
    expect(linesFor(ready.headers.get("x-request-id"))).toEqual([]);
  });
});

describe("behind a trusted proxy", () => {
  it("keeps the proxy's request id when it is well-formed, and makes its own otherwise", async () => {
    const server = await startTestServer({ env: { TRUST_PROXY_HOPS: 1 } });
    try {
      const kept = await fetch(`${server.url}/healthz`, { headers: { "x-request-id": "lb-4f1c2a9e-0001" } });
      expect(kept.headers.get("x-request-id")).toBe("lb-4f1c2a9e-0001");
      const replaced = await fetch(`${server.url}/healthz`, { headers: { "x-request-id": "<script>alert(1)</script>" } });
      expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await server.stop();
    }
  });
});
