/**
 * The account's own settings, over HTTP: changing the password (the
 * current one first; every other session ends, this one stays) and
 * changing the email (the new address counts only once its link is opened;
 * the old address is told; a taken address gets the same answer).
 */
import { describe, expect, it } from "vitest";
import { addMember, appCodeOf, createUser, createWorkspaceOwnedBy, httpClient, sessionCookie, uniqueEmail } from "./helpers/fixtures";
import { mailTo, newestMail, tokenIn } from "./helpers/mailbox";
import { type TestServer, serverForTests } from "./helpers/server";
import { connectSocket } from "./helpers/sockets";

let server: TestServer;
serverForTests((started) => (server = started));

async function signIn(email: string, password: string) {
  return fetch(`${server.url}/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.origin },
    body: JSON.stringify({ email, password }),
  });
}

const emailOf = async (id: string) => (await server.deps.db.selectFrom("users").select("email").where("id", "=", id).executeTakeFirstOrThrow()).email;

describe("changing the password", () => {
  it("refuses a wrong current password and changes nothing", async () => {
    const person = await createUser(server.deps);
    const client = httpClient(server, await sessionCookie(server.deps, person));
    const refusal = await client.account.changePassword.mutate({ currentPassword: "not my password", newPassword: "whatever new one" }).catch((e: unknown) => e);
    expect((refusal as { data: { appCode: string } }).data.appCode).toBe("PASSWORD_INCORRECT");
    expect((refusal as Error).message).toBe("That isn't your current password. Please try again.");
    expect(await appCodeOf(client.account.changePassword.mutate({ currentPassword: "", newPassword: "whatever new one" }))).toBe("INVALID_INPUT");
    expect((await signIn(person.email, person.password)).status).toBe(200);
  });

  it("ends every other session (and its live connection), keeps this one, and tells the address", async () => {
    const person = await createUser(server.deps, { name: "Carl Change" });
    const here = await sessionCookie(server.deps, person);
    const there = await sessionCookie(server.deps, person);
    const thereSocket = await connectSocket(server, { cookie: there });
    const hereSocket = await connectSocket(server, { cookie: here });

    const result = await httpClient(server, here).account.changePassword.mutate({ currentPassword: person.password, newPassword: "my new passphrase" });
    expect(result).toEqual({ otherSessionsEnded: 1 });
    expect(await httpClient(server, there).auth.me.query()).toBeNull();
    await thereSocket.waitForDisconnect();
    expect(await httpClient(server, here).auth.me.query()).toMatchObject({ email: person.email });
    expect(hereSocket.socket.connected).toBe(true);
    expect((await signIn(person.email, person.password)).status).toBe(401);
    expect((await signIn(person.email, "my new passphrase")).status).toBe(200);
    expect((await newestMail(server, person.email, "Your Team Access password was changed")).text).toContain("changed from your account settings");
    hereSocket.close();
  });

  it("counts password checks per account, so a stolen session can't guess the password", async () => {
    const person = await createUser(server.deps);
    const client = httpClient(server, await sessionCookie(server.deps, person));
    const max = server.deps.rateLimits.passwordCheck.limits.user?.max ?? 0;
    const codes = await Promise.all(Array.from({ length: max + 3 }, (_, i) => appCodeOf(client.account.changePassword.mutate({ currentPassword: `guess ${i}`, newPassword: "never applied" }))));
    expect(codes.filter((c) => c === "PASSWORD_INCORRECT")).toHaveLength(max);
    expect(codes.filter((c) => c === "PASSWORD_CHECK_RATE_LIMITED")).toHaveLength(3);
    // Even the right password waits until the window ends.
    expect(await appCodeOf(client.account.changePassword.mutate({ currentPassword: person.password, newPassword: "never applied" }))).toBe("PASSWORD_CHECK_RATE_LIMITED");
  });

  it("ends a view-as in progress on another session with it (recorded); this session's own view-as goes on", async () => {
    const owner = await createUser(server.deps, { name: "Vera Viewing" });
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Viewing Co");
    const first = await createUser(server.deps);
    const second = await createUser(server.deps);
    const firstMembership = await addMember(server.deps, ws.id, first, ["member"]);
    const secondMembership = await addMember(server.deps, ws.id, second, ["member"]);
    const here = await sessionCookie(server.deps, owner);
    const there = await sessionCookie(server.deps, owner);
    await httpClient(server, there).impersonation.start.mutate({ workspaceSlug: ws.slug, membershipId: firstMembership, password: owner.password });
    await httpClient(server, here).impersonation.start.mutate({ workspaceSlug: ws.slug, membershipId: secondMembership, password: owner.password });

    await httpClient(server, here).account.changePassword.mutate({ currentPassword: owner.password, newPassword: "a viewing passphrase" });

    const views = await server.deps.db.selectFrom("impersonations").select(["membership_id", "ended_at", "end_reason"]).where("owner_user_id", "=", owner.id).execute();
    expect(views.find((v) => v.membership_id === firstMembership)).toMatchObject({ end_reason: "stopped", ended_at: expect.any(Date) });
    expect(views.find((v) => v.membership_id === secondMembership)).toMatchObject({ end_reason: null, ended_at: null });
    const ended = await server.deps.db.selectFrom("audit_events").select("target_id").where("workspace_id", "=", ws.id).where("action", "=", "impersonation.ended").execute();
    expect(ended.map((e) => e.target_id)).toEqual([firstMembership]);
    expect(await httpClient(server, here).impersonation.current.query()).toMatchObject({ member: { email: second.email } });
  });
});

describe("changing the email", () => {
  it("keeps the old address until the link sent to the new one is opened; the old address is told both times", async () => {
    const person = await createUser(server.deps, { name: "Eve Email" });
    const client = httpClient(server, await sessionCookie(server.deps, person));
    const newEmail = uniqueEmail("eve.new");
    expect(await client.account.requestEmailChange.mutate({ newEmail, password: person.password })).toEqual({ pendingEmail: newEmail });

    expect(await emailOf(person.id)).toBe(person.email);
    expect((await client.account.overview.query()).pendingEmail?.email).toBe(newEmail);
    expect((await signIn(person.email, person.password)).status).toBe(200);
    const told = await newestMail(server, person.email, "A change of your Team Access email address was requested");
    expect(told.text).toContain(newEmail);

    const link = await newestMail(server, newEmail, "Confirm your new email address");
    const outcome = await httpClient(server, null).account.confirmEmail.mutate({ token: tokenIn(link, "/verify-email/") });
    expect(outcome).toEqual({ kind: "email_changed", email: newEmail, previousEmail: person.email });
    expect(await emailOf(person.id)).toBe(newEmail);
    expect((await client.account.overview.query()).pendingEmail).toBeNull();
    expect((await signIn(newEmail, person.password)).status).toBe(200);
    expect((await signIn(person.email, person.password)).status).toBe(401);
    expect((await newestMail(server, person.email, "Your Team Access email address was changed")).text).toContain(newEmail);
  });

  it("needs the current password, and refuses the same address", async () => {
    const person = await createUser(server.deps);
    const client = httpClient(server, await sessionCookie(server.deps, person));
    expect(await appCodeOf(client.account.requestEmailChange.mutate({ newEmail: uniqueEmail("x"), password: "wrong one" }))).toBe("PASSWORD_INCORRECT");
    expect(await appCodeOf(client.account.requestEmailChange.mutate({ newEmail: person.email.toUpperCase(), password: person.password }))).toBe("EMAIL_CHANGE_SAME");
    expect(await server.deps.db.selectFrom("account_tokens").select("id").where("user_id", "=", person.id).execute()).toEqual([]);
  });

  it("answers a taken address like a free one; only the taken address's owner learns it is taken", async () => {
    const person = await createUser(server.deps);
    const other = await createUser(server.deps);
    const client = httpClient(server, await sessionCookie(server.deps, person));
    const free = uniqueEmail("free");
    const answerFree = await client.account.requestEmailChange.mutate({ newEmail: free, password: person.password });
    const answerTaken = await client.account.requestEmailChange.mutate({ newEmail: other.email, password: person.password });
    expect(Object.keys(answerTaken)).toEqual(Object.keys(answerFree));
    expect(answerTaken).toEqual({ pendingEmail: other.email });
    expect((await client.account.overview.query()).pendingEmail?.email).toBe(other.email);

    const notice = await newestMail(server, other.email);
    expect(notice.subject).toBe("Someone tried to move a Team Access account to this address");
    expect(notice.text).not.toMatch(/verify-email/);
    expect(await emailOf(person.id)).toBe(person.email);
    expect(await emailOf(other.id)).toBe(other.email);
  });

  it("refuses the link when the address was taken meanwhile, and leaves the account as it was", async () => {
    const person = await createUser(server.deps);
    const client = httpClient(server, await sessionCookie(server.deps, person));
    const wanted = uniqueEmail("contested");
    await client.account.requestEmailChange.mutate({ newEmail: wanted, password: person.password });
    const token = tokenIn(await newestMail(server, wanted, "Confirm your new email address"), "/verify-email/");
    await createUser(server.deps, { email: wanted });
    expect(await appCodeOf(httpClient(server, null).account.confirmEmail.mutate({ token }))).toBe("EMAIL_CHANGE_UNAVAILABLE");
    expect(await emailOf(person.id)).toBe(person.email);
  });

  it("ends reset links sent to the old address, and a cancelled change's link no longer works", async () => {
    const person = await createUser(server.deps);
    const client = httpClient(server, await sessionCookie(server.deps, person));
    await httpClient(server, null).account.requestPasswordReset.mutate({ email: person.email });
    await server.deps.background.idle();
    const resetToken = tokenIn(await newestMail(server, person.email, "Reset your Team Access password"), "/reset-password/");

    const first = uniqueEmail("first");
    await client.account.requestEmailChange.mutate({ newEmail: first, password: person.password });
    const cancelledToken = tokenIn(await newestMail(server, first, "Confirm your new email address"), "/verify-email/");
    expect(await client.account.cancelEmailChange.mutate()).toEqual({ cancelled: true });
    expect(await appCodeOf(httpClient(server, null).account.confirmEmail.mutate({ token: cancelledToken }))).toBe("ACCOUNT_LINK_CANCELLED");

    const second = uniqueEmail("second");
    await client.account.requestEmailChange.mutate({ newEmail: second, password: person.password });
    await httpClient(server, null).account.confirmEmail.mutate({ token: tokenIn(await newestMail(server, second, "Confirm your new email address"), "/verify-email/") });
    expect(await appCodeOf(httpClient(server, null).account.resetPassword.mutate({ token: resetToken, password: "reset after moving" }))).toBe("ACCOUNT_LINK_REPLACED");
    expect(await mailTo(server, first)).toHaveLength(1);
  });
});
