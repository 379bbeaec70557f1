/**
 * A squatted address comes back to its owner (issue 11, decision 18):
 * someone signs up first with a future invitee's address and never
 * confirms it; the invitee opens the invitation and creates their own
 * account. The squatter's sessions end (HTTP and live connection), their
 * account is gone, nothing of it reaches the invitee, and it is recorded.
 */
import { describe, expect, it } from "vitest";
import { addMember, appCodeOf, callerAs, createUser, createWorkspaceOwnedBy, httpClient, sessionCookie, type TestUser, uniqueEmail } from "./helpers/fixtures";
import { signUpUnconfirmed } from "./helpers/accounts";
import { roleIdsByKey, tokenFromMailbox } from "./helpers/invitations";
import { type TestServer, serverForTests } from "./helpers/server";
import { connectSocket } from "./helpers/sockets";

let server: TestServer;
serverForTests((started) => (server = started));

async function invitationFor(email: string) {
  const owner = await createUser(server.deps, { name: "Olga Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Rightful Ltd");
  const roles = await roleIdsByKey(server.deps, ws.id);
  await (await callerAs(server.deps, owner)).invitations.invite({ workspaceSlug: ws.slug, emails: [email], roleIds: [roles.admin ?? ""], primaryRoleId: roles.admin ?? "" });
  return { owner, ws, token: await tokenFromMailbox(server, email) };
}

const squatter = (email: string): Promise<{ user: TestUser; cookie: string }> => signUpUnconfirmed(server, email);

describe("an invitee whose address someone else signed up with", () => {
  it("sees on the invitation that an unconfirmed account holds the address, and since when", async () => {
    const email = uniqueEmail("rita");
    await squatter(email);
    const { token } = await invitationFor(email);
    const preview = await httpClient(server, null).invitations.preview.query({ token });
    expect(preview).toMatchObject({ state: "pending", email, hasAccount: true });
    expect(preview.state === "pending" && preview.unconfirmedAccountSince).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("is asked to confirm the replacement first; nothing changes until they do", async () => {
    const email = uniqueEmail("rita");
    const { user } = await squatter(email);
    const { token } = await invitationFor(email);
    const refusal = await httpClient(server, null)
      .invitations.acceptWithNewAccount.mutate({ token, name: "Rita Rightful", password: "rita's own password" })
      .catch((e: unknown) => e);
    expect((refusal as { data: { appCode: string } }).data.appCode).toBe("EMAIL_HELD_UNCONFIRMED");
    const still = await server.deps.db.selectFrom("users").select(["id", "name"]).where("email", "=", email).executeTakeFirstOrThrow();
    expect(still).toEqual({ id: user.id, name: "Sam Squatter" });
  });

  it("claims it: a fresh confirmed account, the squatter signed out everywhere and gone, recorded and explained", async () => {
    const email = uniqueEmail("rita");
    const { user: sam, cookie: samCookie } = await squatter(email);
    const samElsewhere = await sessionCookie(server.deps, sam);
    const samSocket = await connectSocket(server, { cookie: samCookie });
    const { ws, token } = await invitationFor(email);

    const cookies: string[] = [];
    const rita = await callerAs(server.deps, null, cookies);
    const joined = await rita.invitations.acceptWithNewAccount({ token, name: "Rita Rightful", password: "rita's own password", replaceUnconfirmed: true });
    expect(joined).toMatchObject({ workspaceSlug: ws.slug, joined: true, replacedAccount: { id: sam.id, name: "Sam Squatter", sessionsEnded: 2 } });

    // The squatter's sessions no longer work, and their live connection was closed.
    expect(await httpClient(server, samCookie).auth.me.query()).toBeNull();
    expect(await httpClient(server, samElsewhere).auth.me.query()).toBeNull();
    await samSocket.waitForDisconnect();
    const signIn = await fetch(`${server.url}/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.origin },
      body: JSON.stringify({ email, password: sam.password }),
    });
    expect(signIn.status).toBe(401);

    // Rita's account is new, confirmed, hers; the squatter's account and everything of it are gone.
    const accounts = await server.deps.db.selectFrom("users").select(["id", "name", "email_verified_at"]).where("email", "=", email).execute();
    expect(accounts).toHaveLength(1);
    expect(accounts[0]?.id).not.toBe(sam.id);
    expect(accounts[0]?.name).toBe("Rita Rightful");
    expect(accounts[0]?.email_verified_at).not.toBeNull();
    for (const table of ["passwords", "account_tokens", "notifications"] as const) {
      expect(await server.deps.db.selectFrom(table).select("user_id").where("user_id", "=", sam.id).execute(), table).toEqual([]);
    }
    const ritaClient = httpClient(server, cookies[0]?.split(";")[0] ?? "");
    expect(await ritaClient.auth.me.query()).toMatchObject({ name: "Rita Rightful", email });
    expect((await ritaClient.workspaces.mine.query()).map((w) => [w.slug, w.primaryRole])).toEqual([[ws.slug, "Admin"]]);

    // Told to Rita, and recorded where the workspace's admins look.
    const notes = await ritaClient.notifications.list.query();
    expect(notes.notifications.find((n) => n.kind === "account.replaced")?.body).toMatch(/was closed, everyone signed in to it was signed out, and nothing from it was carried over/);
    const audit = await server.deps.db.selectFrom("audit_events").selectAll().where("workspace_id", "=", ws.id).where("action", "=", "account.replaced").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: accounts[0]?.id, target_id: sam.id, target_label: email });
    expect(audit[0]?.before).toMatchObject({ name: "Sam Squatter", confirmed: false, sessionsEnded: 2 });
  });

  it("can't replace an account that confirmed the address: sign in instead", async () => {
    const email = uniqueEmail("owner-of-it");
    const holder = await createUser(server.deps, { email });
    const { token } = await invitationFor(email);
    expect(await appCodeOf(httpClient(server, null).invitations.acceptWithNewAccount.mutate({ token, name: "Someone Else", password: "long enough", replaceUnconfirmed: true }))).toBe("EMAIL_TAKEN");
    expect(await server.deps.db.selectFrom("users").select("id").where("email", "=", email).execute()).toEqual([{ id: holder.id }]);
  });

  it("refuses, and deletes nothing, when the unconfirmed account still belongs to a workspace", async () => {
    const email = uniqueEmail("legacy");
    const legacy = await createUser(server.deps, { email, verified: false });
    const elsewhere = await createWorkspaceOwnedBy(server.deps, await createUser(server.deps), "Legacy Place");
    await addMember(server.deps, elsewhere.id, legacy, ["member"]);
    const { token } = await invitationFor(email);
    expect(await appCodeOf(httpClient(server, null).invitations.acceptWithNewAccount.mutate({ token, name: "Rita", password: "long enough", replaceUnconfirmed: true }))).toBe("CLAIM_BLOCKED");
    expect(await server.deps.db.selectFrom("users").select("id").where("email", "=", email).execute()).toEqual([{ id: legacy.id }]);
  });
});
