/**
 * Forgot password, per the OWASP cheat sheet, over HTTP on a real database:
 * the same answer for any address; a single-use, hashed, one-hour link
 * whose email says how to ignore it; used, expired, tampered and replaced
 * links refused with their own code; the new password ends every session
 * (HTTP and live connections) and the address is told.
 */
import { describe, expect, it } from "vitest";
import { hashAccountToken } from "#server/auth/accountTokens";
import { addMember, appCodeOf, createUser, createWorkspaceOwnedBy, httpClient, sessionCookie, uniqueEmail } from "./helpers/fixtures";
import { awaitMail, mailTo, newestMail, tokenIn } from "./helpers/mailbox";
import { type TestServer, serverForTests } from "./helpers/server";
import { connectSocket } from "./helpers/sockets";

let server: TestServer;
serverForTests((started) => (server = started));

async function requestReset(email: string) {
  return fetch(`${server.url}/trpc/account.requestPasswordReset`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.origin },
    body: JSON.stringify({ email }),
  });
}

async function signIn(email: string, password: string) {
  return fetch(`${server.url}/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.origin },
    body: JSON.stringify({ email, password }),
  });
}

async function resetLinkFor(email: string): Promise<string> {
  const response = await requestReset(email);
  expect(response.status).toBe(200);
  await server.deps.background.idle();
  return tokenIn(await newestMail(server, email, "Reset your Team Access password"), "/reset-password/");
}

const publicClient = () => httpClient(server, null);

describe("asking for a reset", () => {
  it("answers an address with an account and one without exactly alike; only the account's address gets mail", async () => {
    const known = await createUser(server.deps, { name: "Kim Known" });
    const unknown = uniqueEmail("nobody");
    const a = await requestReset(known.email);
    const b = await requestReset(unknown);
    expect(b.status).toBe(a.status);
    expect(a.status).toBe(200);
    expect(await b.text()).toBe(await a.text());
    const headerNames = (r: Response) => [...r.headers.keys()].filter((k) => k !== "date" && k !== "content-length").sort();
    expect(headerNames(b)).toEqual(headerNames(a));

    const mail = await awaitMail(server, known.email, "Reset your Team Access password");
    expect(mail.text).toContain("works for one hour and only once");
    expect(mail.text).toMatch(/If you didn't ask for this, you can safely ignore this email: your password stays as it is/);
    expect(mail.html).toContain("Choose a new password</a>");
    await server.deps.background.idle();
    expect(await mailTo(server, unknown)).toEqual([]);
  });

  it("keeps only the hash of the link, valid for one hour", async () => {
    const person = await createUser(server.deps);
    const token = await resetLinkFor(person.email);
    const row = await server.deps.db.selectFrom("account_tokens").select(["token_hash", "created_at", "expires_at", "purpose"]).where("user_id", "=", person.id).executeTakeFirstOrThrow();
    expect(row.purpose).toBe("reset_password");
    expect(row.token_hash.equals(hashAccountToken(token))).toBe(true);
    expect(row.token_hash.toString("base64url")).not.toBe(token);
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(3_600_000);
  });
});

describe("the reset link", () => {
  it("sets the new password, ends every session (HTTP and sockets), tells the address, and works only once", async () => {
    const person = await createUser(server.deps, { name: "Rosa Reset" });
    const elsewhere = await sessionCookie(server.deps, person);
    const socket = await connectSocket(server, { cookie: elsewhere });
    const token = await resetLinkFor(person.email);

    expect(await publicClient().account.passwordResetLink.query({ token })).toEqual({ state: "valid", email: person.email });
    expect(await publicClient().account.resetPassword.mutate({ token, password: "a brand new password" })).toEqual({ email: person.email });

    expect(await httpClient(server, elsewhere).auth.me.query()).toBeNull();
    await socket.waitForDisconnect();
    expect((await signIn(person.email, person.password)).status).toBe(401);
    expect((await signIn(person.email, "a brand new password")).status).toBe(200);
    const notice = await newestMail(server, person.email, "Your Team Access password was changed");
    expect(notice.text).toContain("reset through a link sent to this address");

    // Used: refused, and the password stays the one just set.
    expect(await publicClient().account.passwordResetLink.query({ token })).toEqual({ state: "used", email: null });
    expect(await appCodeOf(publicClient().account.resetPassword.mutate({ token, password: "an attacker's choice" }))).toBe("ACCOUNT_LINK_USED");
    expect((await signIn(person.email, "a brand new password")).status).toBe(200);
    socket.close();
  });

  it("ends a view-as in progress on any of the account's sessions, and records it", async () => {
    const owner = await createUser(server.deps, { name: "Otto Owner" });
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Reset Viewing Co");
    const member = await createUser(server.deps);
    const membershipId = await addMember(server.deps, ws.id, member, ["member"]);
    const viewing = await sessionCookie(server.deps, owner);
    await httpClient(server, viewing).impersonation.start.mutate({ workspaceSlug: ws.slug, membershipId, password: owner.password });
    const token = await resetLinkFor(owner.email);

    await publicClient().account.resetPassword.mutate({ token, password: "reset while viewing" });

    expect(await httpClient(server, viewing).auth.me.query()).toBeNull();
    const view = await server.deps.db.selectFrom("impersonations").select(["ended_at", "end_reason"]).where("owner_user_id", "=", owner.id).executeTakeFirstOrThrow();
    expect(view).toMatchObject({ end_reason: "stopped", ended_at: expect.any(Date) });
    const audit = await server.deps.db.selectFrom("audit_events").select("target_id").where("workspace_id", "=", ws.id).where("action", "=", "impersonation.ended").execute();
    expect(audit.map((a) => a.target_id)).toEqual([membershipId]);
  });

  it("refuses an expired link, and changes nothing", async () => {
    const person = await createUser(server.deps);
    const token = await resetLinkFor(person.email);
    await server.deps.db
      .updateTable("account_tokens")
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where("user_id", "=", person.id)
      .execute();
    expect(await publicClient().account.passwordResetLink.query({ token })).toEqual({ state: "expired", email: null });
    expect(await appCodeOf(publicClient().account.resetPassword.mutate({ token, password: "too late for this" }))).toBe("ACCOUNT_LINK_EXPIRED");
    expect((await signIn(person.email, person.password)).status).toBe(200);
  });

  it("refuses a tampered link, and one replaced by a newer request", async () => {
    const person = await createUser(server.deps);
    const first = await resetLinkFor(person.email);
    for (const tampered of [`${first}x`, first.slice(1), `${first.slice(0, 10)}${first[10] === "a" ? "b" : "a"}${first.slice(11)}`, "../../etc/passwd"]) {
      expect(await publicClient().account.passwordResetLink.query({ token: tampered })).toEqual({ state: "invalid", email: null });
      expect(await appCodeOf(publicClient().account.resetPassword.mutate({ token: tampered, password: "tampered password" }))).toBe("ACCOUNT_LINK_INVALID");
    }
    const second = await resetLinkFor(person.email);
    expect(await appCodeOf(publicClient().account.resetPassword.mutate({ token: first, password: "replaced password" }))).toBe("ACCOUNT_LINK_REPLACED");
    expect((await signIn(person.email, person.password)).status).toBe(200);
    await publicClient().account.resetPassword.mutate({ token: second, password: "the newest link works" });
    expect((await signIn(person.email, "the newest link works")).status).toBe(200);
  });

  it("lets only one of many simultaneous uses of a link through", async () => {
    const person = await createUser(server.deps);
    const token = await resetLinkFor(person.email);
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        publicClient()
          .account.resetPassword.mutate({ token, password: `racing password ${i}` })
          .then(
            () => `ok ${i}`,
            (e: unknown) => appCodeOf(Promise.reject(e)),
          ),
      ),
    );
    const winners = outcomes.filter((o) => o.startsWith("ok"));
    expect(winners).toHaveLength(1);
    expect(outcomes.filter((o) => o === "ACCOUNT_LINK_USED")).toHaveLength(7);
    expect((await signIn(person.email, `racing password ${winners[0]?.slice(3)}`)).status).toBe(200);
  });

  it("stops working once the password is changed another way", async () => {
    const person = await createUser(server.deps);
    const token = await resetLinkFor(person.email);
    await httpClient(server, await sessionCookie(server.deps, person)).account.changePassword.mutate({ currentPassword: person.password, newPassword: "changed in settings" });
    expect(await appCodeOf(publicClient().account.resetPassword.mutate({ token, password: "stale link password" }))).toBe("ACCOUNT_LINK_REPLACED");
  });

  it("confirms an unconfirmed address (the link reached the inbox) and signs out whoever was in", async () => {
    const holder = await createUser(server.deps, { verified: false });
    const squatterSession = await sessionCookie(server.deps, holder);
    const token = await resetLinkFor(holder.email);
    await publicClient().account.resetPassword.mutate({ token, password: "the real owner's password" });
    expect(await httpClient(server, squatterSession).auth.me.query()).toBeNull();
    const row = await server.deps.db.selectFrom("users").select("email_verified_at").where("id", "=", holder.id).executeTakeFirstOrThrow();
    expect(row.email_verified_at).not.toBeNull();
  });

  it("asks for a new password that follows the rules", async () => {
    const person = await createUser(server.deps);
    const token = await resetLinkFor(person.email);
    expect(await appCodeOf(publicClient().account.resetPassword.mutate({ token, password: "short" }))).toBe("INVALID_INPUT");
    expect(await publicClient().account.passwordResetLink.query({ token })).toEqual({ state: "valid", email: person.email });
  });
});
