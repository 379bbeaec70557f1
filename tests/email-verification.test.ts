/**
 * Confirming an email address (issue 11), over HTTP on a real database:
 * sign-up sends the link through the outbox in the invitations' layout; an
 * unconfirmed account can't create a workspace or invite anyone; the link
 * confirms it once; tampered, expired and replaced links are refused with
 * their own code; opening an invitation proves the address too.
 */
import { describe, expect, it } from "vitest";
import { accountTokenLifetimeMinutes } from "#server/auth/accountTokens";
import { addMember, appCodeOf, callerAs, createUser, createWorkspaceOwnedBy, httpClient, sessionCookie, uniqueEmail } from "./helpers/fixtures";
import { roleIdsByKey, tokenFromMailbox } from "./helpers/invitations";
import { linkIn, mailTo, newestMail, tokenIn } from "./helpers/mailbox";
import { type TestServer, serverForTests } from "./helpers/server";

let server: TestServer;
serverForTests((started) => (server = started));

async function signUp(email: string, name = "Vera Verify") {
  const response = await fetch(`${server.url}/trpc/auth.signUp`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.origin },
    body: JSON.stringify({ name, email, password: "long enough pw" }),
  });
  expect(response.status).toBe(200);
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return httpClient(server, cookie);
}

const confirm = (token: string) => httpClient(server, null).account.confirmEmail.mutate({ token });
const verifiedAt = async (email: string) => (await server.deps.db.selectFrom("users").select("email_verified_at").where("email", "=", email).executeTakeFirstOrThrow()).email_verified_at;

describe("signing up", () => {
  it("sends a confirmation link in the invitations' layout, and the account starts unconfirmed", async () => {
    const email = uniqueEmail("vera");
    const client = await signUp(email);
    expect(await client.account.overview.query()).toMatchObject({ email, emailVerified: false, pendingEmail: null });
    const mail = await newestMail(server, email, "Confirm your email address");
    expect(mail.text).toContain("Hi Vera Verify");
    expect(mail.text).toMatch(/If you didn't sign up for Team Access, you can ignore this email/);
    expect(mail.text).toContain(`works for ${accountTokenLifetimeMinutes.verify_email / 60} hours and only once`);
    // The shared layout: the button, the pasteable link, the footer rule.
    expect(mail.html).toContain("Confirm email address</a>");
    expect(mail.html).toContain("Or paste this link into your browser");
    expect(linkIn(mail, "/verify-email/")).toMatch(new RegExp(`^${server.deps.config.publicOrigin}/verify-email/[A-Za-z0-9_-]{43}$`));
    // Only the hash is stored.
    const rows = await server.deps.db.selectFrom("account_tokens").select(["token_hash", "purpose"]).where("email", "=", email).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash.toString("base64url")).not.toBe(tokenIn(mail, "/verify-email/"));
  });
});

describe("an unconfirmed account", () => {
  it("can't create a workspace: a clear refusal, and nothing is created", async () => {
    const email = uniqueEmail("early");
    const client = await signUp(email);
    const refusal = await client.workspaces.create.mutate({ name: "Too Early Inc" }).catch((e: unknown) => e);
    expect((refusal as { data: { appCode: string; httpStatus: number } }).data).toMatchObject({ appCode: "EMAIL_NOT_VERIFIED", httpStatus: 403 });
    expect((refusal as Error).message).toBe("Confirm your email address first: open the link we emailed you, or ask for a new one.");
    expect(await server.deps.db.selectFrom("workspaces").select("id").where("name", "=", "Too Early Inc").execute()).toEqual([]);
  });

  it("can't invite anyone, nor resend an invitation, even holding a role that may", async () => {
    const owner = await createUser(server.deps);
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Invite Guard");
    const roles = await roleIdsByKey(server.deps, ws.id);
    const invitation = await (
      await callerAs(server.deps, owner)
    ).invitations.invite({
      workspaceSlug: ws.slug,
      emails: [uniqueEmail("pending")],
      roleIds: [roles.member ?? ""],
      primaryRoleId: roles.member ?? "",
    });
    // Only possible for an account from before confirmation existed: an admin whose address was never proven.
    const admin = await createUser(server.deps, { verified: false });
    await addMember(server.deps, ws.id, admin, ["admin"]);
    const client = httpClient(server, await sessionCookie(server.deps, admin));
    const email = uniqueEmail("never-sent");
    expect(await appCodeOf(client.invitations.invite.mutate({ workspaceSlug: ws.slug, emails: [email], roleIds: [roles.member ?? ""], primaryRoleId: roles.member ?? "" }))).toBe("EMAIL_NOT_VERIFIED");
    expect(await appCodeOf(client.invitations.resend.mutate({ workspaceSlug: ws.slug, invitationId: invitation.results[0]?.invitationId ?? "" }))).toBe("EMAIL_NOT_VERIFIED");
    expect(await server.deps.db.selectFrom("invitations").select("id").where("email", "=", email).execute()).toEqual([]);
    expect(await mailTo(server, email)).toEqual([]);
    // What it may still do: see its workspace.
    expect((await client.members.list.query({ workspaceSlug: ws.slug })).length).toBe(2);
  });
});

describe("the confirmation link", () => {
  it("confirms the address once; afterwards the workspace can be created; opening it again still says confirmed", async () => {
    const email = uniqueEmail("clicks");
    const client = await signUp(email);
    const token = tokenIn(await newestMail(server, email, "Confirm your email address"), "/verify-email/");
    expect(await confirm(token)).toEqual({ kind: "verified", email, alreadyConfirmed: false });
    expect(await verifiedAt(email)).not.toBeNull();
    expect((await client.account.overview.query()).emailVerified).toBe(true);
    expect((await client.workspaces.create.mutate({ name: `Confirmed ${email.slice(7, 13)}` })).slug).toBeTruthy();
    expect(await confirm(token)).toEqual({ kind: "verified", email, alreadyConfirmed: true });
    const row = await server.deps.db.selectFrom("account_tokens").select(["end_reason"]).where("email", "=", email).executeTakeFirstOrThrow();
    expect(row.end_reason).toBe("used");
  });

  it("refuses a tampered link, an expired link and a link replaced by a newer one, each with its own code", async () => {
    const email = uniqueEmail("refused");
    const client = await signUp(email);
    const first = tokenIn(await newestMail(server, email, "Confirm your email address"), "/verify-email/");
    const tampered = `${first.slice(0, -1)}${first.endsWith("A") ? "B" : "A"}`;
    expect(await appCodeOf(confirm(tampered))).toBe("ACCOUNT_LINK_INVALID");
    expect(await appCodeOf(confirm("not-a-token"))).toBe("ACCOUNT_LINK_INVALID");

    await client.account.resendVerification.mutate();
    const second = tokenIn(await newestMail(server, email, "Confirm your email address"), "/verify-email/");
    expect(second).not.toBe(first);
    expect(await appCodeOf(confirm(first))).toBe("ACCOUNT_LINK_REPLACED");

    await server.deps.db
      .updateTable("account_tokens")
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where("email", "=", email)
      .where("ended_at", "is", null)
      .execute();
    expect(await appCodeOf(confirm(second))).toBe("ACCOUNT_LINK_EXPIRED");
    expect(await verifiedAt(email)).toBeNull();
  });

  it("resending to an account that is already confirmed sends nothing", async () => {
    const person = await createUser(server.deps);
    const client = httpClient(server, await sessionCookie(server.deps, person));
    expect(await client.account.resendVerification.mutate()).toEqual({ sentTo: null, alreadyVerified: true });
    expect(await mailTo(server, person.email)).toEqual([]);
  });
});

describe("an invitation proves the address", () => {
  async function invited(email: string) {
    const owner = await createUser(server.deps);
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Proof Co");
    const roles = await roleIdsByKey(server.deps, ws.id);
    await (await callerAs(server.deps, owner)).invitations.invite({ workspaceSlug: ws.slug, emails: [email], roleIds: [roles.member ?? ""], primaryRoleId: roles.member ?? "" });
    return tokenFromMailbox(server, email);
  }

  it("an account made from an invitation is confirmed at once", async () => {
    const email = uniqueEmail("newcomer");
    const token = await invited(email);
    await httpClient(server, null).invitations.acceptWithNewAccount.mutate({ token, name: "Nina Newcomer", password: "long enough pw" });
    expect(await verifiedAt(email)).not.toBeNull();
  });

  it("an unconfirmed account that accepts an invitation for its own address becomes confirmed", async () => {
    const email = uniqueEmail("self");
    const client = await signUp(email, "Sid Self");
    const token = await invited(email);
    await client.invitations.accept.mutate({ token });
    expect(await verifiedAt(email)).not.toBeNull();
    expect((await client.workspaces.create.mutate({ name: `Sid's own ${email.slice(5, 11)}` })).slug).toBeTruthy();
  });
});
