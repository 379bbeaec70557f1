import { describe, expect, it } from "vitest";
import { appCodeOf, createUser, httpClient } from "./helpers/fixtures";
import { type TestServer, serverForTests } from "./helpers/server";

let server: TestServer;
serverForTests((started) => (server = started));

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.origin, ...headers },
    body: JSON.stringify(body),
  });
}

describe("signing up", () => {
  it("creates the account and starts a session in an HttpOnly, SameSite=Lax cookie", async () => {
    const response = await post("auth.signUp", { name: "Ada Lovelace", email: "  Ada@Example.com ", password: "difference engine" });
    expect(response.status).toBe(200);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^ta_session=[^;]+/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // only in production
    const sessionCookie = cookie.split(";")[0] ?? "";
    const me = await httpClient(server, sessionCookie).auth.me.query();
    expect(me).toMatchObject({ name: "Ada Lovelace", email: "ada@example.com" });
  });

  it("refuses an email that already has an account, whatever its case, with a clear message", async () => {
    await createUser(server.deps, { email: "taken@example.com" });
    const response = await post("auth.signUp", { name: "Someone", email: "TAKEN@example.com", password: "long enough pw" });
    expect(response.status).toBe(409);
    const body = (await response.json()) as { error: { message: string; data: { appCode: string } } };
    expect(body.error.data.appCode).toBe("EMAIL_TAKEN");
    expect(body.error.message).toBe("An account with this email already exists. Sign in instead.");
    const count = await server.deps.db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("email", "=", "taken@example.com")
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });

  it("explains what is wrong with each field", async () => {
    const response = await post("auth.signUp", { name: "", email: "not-an-email", password: "short" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { data: { appCode: string; fieldErrors: Record<string, string[]> } } };
    expect(body.error.data.appCode).toBe("INVALID_INPUT");
    expect(body.error.data.fieldErrors.name?.[0]).toBe("Enter your name.");
    expect(body.error.data.fieldErrors.email?.[0]).toBe("Enter a valid email address, like name@company.com.");
    expect(body.error.data.fieldErrors.password?.[0]).toBe("Use at least 8 characters.");
  });

  it("lets only one of two simultaneous sign-ups with the same email through", async () => {
    const attempts = await Promise.all([1, 2, 3].map(() => post("auth.signUp", { name: "Racer", email: "racer@example.com", password: "long enough pw" })));
    expect(attempts.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  });
});

describe("signing in", () => {
  it("gives a wrong password and an unknown email the very same answer", async () => {
    const user = await createUser(server.deps, { email: "known@example.com" });
    const wrongPassword = await post("auth.signIn", { email: user.email, password: "not the password" });
    const unknownEmail = await post("auth.signIn", { email: "nobody-here@example.com", password: "not the password" });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(wrongPassword.status);
    const a = (await wrongPassword.json()) as { error: { message: string; data: { appCode: string } } };
    const b = (await unknownEmail.json()) as { error: { message: string; data: { appCode: string } } };
    expect(a.error.message).toBe("That email and password don't match. Please try again.");
    expect(b.error.message).toBe(a.error.message);
    expect(b.error.data.appCode).toBe(a.error.data.appCode);
    expect(a.error.data.appCode).toBe("INVALID_CREDENTIALS");
  });

  it("signs in with the right password, whatever the email's case", async () => {
    const user = await createUser(server.deps, { email: "casey@example.com" });
    const response = await post("auth.signIn", { email: "Casey@Example.COM", password: user.password });
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(/^ta_session=/);
  });

  it("slows down repeated failures for one email, then refuses sign-in for a while with a message saying so", async () => {
    const user = await createUser(server.deps, { email: "target@example.com" });
    const limit = server.deps.throttle.perEmailAndAddress.attempts;
    const codes: string[] = [];
    for (let i = 0; i <= limit; i += 1) {
      codes.push(await appCodeOf(httpClient(server, null).auth.signIn.mutate({ email: user.email, password: `guess ${i}` })));
    }
    expect(codes.slice(0, limit).every((c) => c === "INVALID_CREDENTIALS")).toBe(true);
    expect(codes.at(-1)).toBe("SIGN_IN_LOCKED");
    // Even the right password is refused while the lock lasts; the answer says when to try again.
    const response = await post("auth.signIn", { email: user.email, password: user.password });
    expect(response.status).toBe(429);
    const body = (await response.json()) as { error: { message: string; data: { appCode: string; details: { retryAfterSeconds: number } } } };
    expect(body.error.data.appCode).toBe("SIGN_IN_LOCKED");
    expect(body.error.message).toMatch(/Too many failed sign-in attempts\. Please wait 15 minutes before trying again\./);
    expect(body.error.data.details.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(body.error.data.details.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(Number(response.headers.get("retry-after"))).toBe(body.error.data.details.retryAfterSeconds);
    // An unknown email locks the same way, so a lock reveals nothing about accounts.
    for (let i = 0; i <= limit; i += 1) {
      await appCodeOf(httpClient(server, null).auth.signIn.mutate({ email: "ghost@example.com", password: `guess ${i}` }));
    }
    expect(await appCodeOf(httpClient(server, null).auth.signIn.mutate({ email: "ghost@example.com", password: "x" }))).toBe("SIGN_IN_LOCKED");
  });

  it("records failures per client address too", async () => {
    const row = await server.deps.db.selectFrom("sign_in_throttles").select(["key", "failures"]).where("key", "like", "ip:%").executeTakeFirst();
    expect(row).toBeDefined();
  });
});

describe("signing out", () => {
  it("ends the session: the cookie no longer signs anyone in", async () => {
    const user = await createUser(server.deps);
    const response = await post("auth.signIn", { email: user.email, password: user.password });
    const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const client = httpClient(server, cookie);
    expect(await client.auth.me.query()).toMatchObject({ email: user.email });
    await client.auth.signOut.mutate();
    expect(await client.auth.me.query()).toBeNull();
    expect(await appCodeOf(client.workspaces.mine.query())).toBe("NOT_SIGNED_IN");
  });
});
