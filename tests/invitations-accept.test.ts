import { io as connect, type Socket } from "socket.io-client";
import { describe, expect, it } from "vitest";
import type { RealtimeMessage } from "#shared/realtime/events";
import { sweepExpiredInvitations } from "#server/services/invitations/expire";
import { addMember, appCodeOf, callerAs, createUser, createWorkspaceOwnedBy, sessionCookie, uniqueEmail } from "./helpers/fixtures";
import { roleIdsByKey, tokenFromMailbox, lapseInvitation } from "./helpers/invitations";
import { newestMail } from "./helpers/mailbox";
import { type TestServer, serverForTests } from "./helpers/server";

let server: TestServer;
serverForTests((started) => (server = started));

async function invited(options: { email?: string; roles?: Array<"admin" | "manager" | "member" | "viewer">; primary?: string } = {}) {
  const owner = await createUser(server.deps, { name: "Olivia Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Northwind");
  const roleIds = await roleIdsByKey(server.deps, ws.id);
  const caller = await callerAs(server.deps, owner);
  const email = options.email ?? uniqueEmail("invitee");
  const keys = options.roles ?? ["member", "viewer"];
  await caller.invitations.invite({
    workspaceSlug: ws.slug,
    emails: [email],
    roleIds: keys.map((k) => roleIds[k]!),
    primaryRoleId: roleIds[options.primary ?? keys[0]!]!,
  });
  const token = await tokenFromMailbox(server, email);
  return { owner, ws, roleIds, caller, email, token };
}

async function rolesOf(membershipId: string) {
  return server.deps.db
    .selectFrom("membership_roles as mr")
    .innerJoin("roles as r", "r.id", "mr.role_id")
    .select(["r.builtin_key", "mr.is_primary"])
    .where("mr.membership_id", "=", membershipId)
    .orderBy("r.builtin_key")
    .execute();
}

describe("the invitation page", () => {
  it("names the workspace, the inviter and the roles, and knows whether the email has an account", async () => {
    const { token, email } = await invited();
    const preview = await (await callerAs(server.deps, null)).invitations.preview({ token });
    expect(preview).toMatchObject({
      state: "pending",
      email,
      workspaceName: "Northwind",
      inviterName: "Olivia Owner",
      roles: [
        { name: "Member", isPrimary: true },
        { name: "Viewer", isPrimary: false },
      ],
      hasAccount: false,
      signedInEmail: null,
    });
    await createUser(server.deps, { email });
    expect(await (await callerAs(server.deps, null)).invitations.preview({ token })).toMatchObject({ hasAccount: true });
  });

  it("says only 'invalid' for an unknown token", async () => {
    const anonymous = await callerAs(server.deps, null);
    expect(await anonymous.invitations.preview({ token: "x".repeat(43) })).toEqual({ state: "invalid" });
    expect(await appCodeOf(anonymous.invitations.acceptWithNewAccount({ token: "nope", name: "N", password: "long enough password" }))).toBe("INVITATION_INVALID");
  });
});

describe("joining", () => {
  it("creates the account with the invited email and joins in one step: invited roles, every module open, inviter told", async () => {
    const { owner, ws, email, token } = await invited({ roles: ["member", "viewer"], primary: "viewer" });
    const anonymous = await callerAs(server.deps, null);
    const joined = await anonymous.invitations.acceptWithNewAccount({ token, name: "Ines Newcomer", password: "a long new password" });
    expect(joined).toMatchObject({ workspaceSlug: ws.slug, joined: true });
    const user = await server.deps.db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
    // Signed in as the new account.
    expect(await server.deps.db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).toHaveLength(1);
    expect(user.name).toBe("Ines Newcomer");
    const membership = await server.deps.db.selectFrom("memberships").selectAll().where("id", "=", joined.membershipId).executeTakeFirstOrThrow();
    expect(membership).toMatchObject({ user_id: user.id, workspace_id: ws.id, status: "active" });
    expect(await rolesOf(joined.membershipId)).toEqual([
      { builtin_key: "member", is_primary: false },
      { builtin_key: "viewer", is_primary: true },
    ]);
    expect(await server.deps.db.selectFrom("member_modules").select("module").where("membership_id", "=", joined.membershipId).execute()).toEqual([]);
    const invitation = await server.deps.db.selectFrom("invitations").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
    expect(invitation).toMatchObject({ status: "accepted", accepted_by: user.id });

    const notification = await server.deps.db.selectFrom("notifications").selectAll().where("user_id", "=", owner.id).executeTakeFirstOrThrow();
    expect(notification).toMatchObject({ kind: "invitation.accepted", title: "Ines Newcomer joined Northwind", workspace_id: ws.id });
    const mail = await newestMail(server, owner.email);
    expect(mail.subject).toBe("Ines Newcomer joined Northwind");

    const actions = (await server.deps.db.selectFrom("audit_events").select("action").where("workspace_id", "=", ws.id).orderBy("created_at").execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["invitation.created", "invitation.accepted", "member.joined"]));

    // They can use the workspace straight away, and the invitation is gone from the pending list.
    const asNewcomer = await callerAs(server.deps, { id: user.id });
    expect((await asNewcomer.workspaces.current({ workspaceSlug: ws.slug })).access.builtInRoles.sort()).toEqual(["member", "viewer"]);
    expect(await (await callerAs(server.deps, owner)).invitations.list({ workspaceSlug: ws.slug })).toEqual([]);
  });

  it("sends someone with an account to sign in: 'Email already in use'", async () => {
    const email = uniqueEmail("has-account");
    await createUser(server.deps, { email });
    const { token } = await invited({ email });
    const refused = (await callerAs(server.deps, null)).invitations.acceptWithNewAccount({ token, name: "X", password: "a long new password" });
    await expect(refused).rejects.toThrow(/Email already in use/);
  });

  it("lets a signed-in user with the invited email accept, and accepting twice is harmless", async () => {
    const email = uniqueEmail("existing");
    const person = await createUser(server.deps, { email });
    const { ws, token } = await invited({ email });
    const caller = await callerAs(server.deps, person);
    const first = await caller.invitations.accept({ token });
    const second = await caller.invitations.accept({ token });
    expect(first).toMatchObject({ workspaceSlug: ws.slug, joined: true });
    expect(second).toEqual({ ...first, joined: false });
    expect(await (await callerAs(server.deps, null)).invitations.preview({ token })).toMatchObject({ state: "accepted", workspaceSlug: null });
    expect(await caller.invitations.preview({ token })).toMatchObject({ state: "accepted", workspaceSlug: ws.slug });
  });

  it("yields exactly one membership when the same token is accepted 50 times at once", async () => {
    const email = uniqueEmail("eager");
    const person = await createUser(server.deps, { email });
    const { ws, token } = await invited({ email });
    const callers = await Promise.all(Array.from({ length: 50 }, () => callerAs(server.deps, person)));
    const answers = await Promise.all(callers.map((c) => c.invitations.accept({ token })));
    expect(answers.filter((a) => a.joined)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.membershipId)).size).toBe(1);
    const memberships = await server.deps.db.selectFrom("memberships").select("id").where("workspace_id", "=", ws.id).where("user_id", "=", person.id).execute();
    expect(memberships).toHaveLength(1);
    const accepted = await server.deps.db.selectFrom("audit_events").select("id").where("workspace_id", "=", ws.id).where("action", "=", "member.joined").execute();
    expect(accepted).toHaveLength(1);
  });

  it("lets only one of many simultaneous new-account sign-ups through one link", async () => {
    const { ws, token, email } = await invited();
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, async (_, i) => (await callerAs(server.deps, null)).invitations.acceptWithNewAccount({ token, name: `Racer ${i}`, password: "a long new password" })),
    );
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    for (const failed of attempts.filter((a): a is PromiseRejectedResult => a.status === "rejected")) {
      expect(["INVITATION_USED", "EMAIL_TAKEN"]).toContain(await appCodeOf(Promise.reject(failed.reason)));
    }
    expect(await server.deps.db.selectFrom("users").select("id").where("email", "=", email).execute()).toHaveLength(1);
    expect(await server.deps.db.selectFrom("memberships").select("id").where("workspace_id", "=", ws.id).execute()).toHaveLength(2);
  });

  it("refuses a token sent to another email, without joining", async () => {
    const { ws, token, email } = await invited();
    const stranger = await createUser(server.deps);
    const caller = await callerAs(server.deps, stranger);
    const refused = caller.invitations.accept({ token });
    expect(await appCodeOf(refused)).toBe("INVITATION_WRONG_ACCOUNT");
    await expect(caller.invitations.accept({ token })).rejects.toThrow(`This invitation was sent to ${email}`);
    expect(await server.deps.db.selectFrom("memberships").select("id").where("workspace_id", "=", ws.id).where("user_id", "=", stranger.id).execute()).toEqual([]);
    expect(await caller.invitations.preview({ token })).toMatchObject({ state: "pending", signedInEmail: stranger.email });
  });

  it("refuses an expired token and a used one, each with its own clear answer", async () => {
    const expired = await invited();
    await lapseInvitation(server.deps, { email: expired.email });
    const anonymous = await callerAs(server.deps, null);
    expect(await anonymous.invitations.preview({ token: expired.token })).toMatchObject({ state: "expired", workspaceName: "Northwind" });
    expect(await appCodeOf(anonymous.invitations.acceptWithNewAccount({ token: expired.token, name: "Late", password: "a long new password" }))).toBe("INVITATION_EXPIRED");

    const used = await invited();
    await anonymous.invitations.acceptWithNewAccount({ token: used.token, name: "First", password: "a long new password" });
    const someoneElse = await createUser(server.deps);
    expect(await appCodeOf((await callerAs(server.deps, someoneElse)).invitations.accept({ token: used.token }))).toBe("INVITATION_USED");
    expect(await appCodeOf((await callerAs(server.deps, null)).invitations.acceptWithNewAccount({ token: used.token, name: "Second", password: "a long new password" }))).toBe("INVITATION_USED");
  });

  it("brings back a removed member with exactly the invited roles and every module open", async () => {
    const email = uniqueEmail("returning");
    const person = await createUser(server.deps, { email });
    const owner = await createUser(server.deps);
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Comeback Co");
    const membershipId = await addMember(server.deps, ws.id, person, ["admin"]);
    await server.deps.db.insertInto("member_modules").values({ membership_id: membershipId, module: "crm", enabled: false }).execute();
    await server.deps.db.updateTable("memberships").set({ status: "removed", removed_at: new Date() }).where("id", "=", membershipId).execute();

    const roleIds = await roleIdsByKey(server.deps, ws.id);
    await (await callerAs(server.deps, owner)).invitations.invite({ workspaceSlug: ws.slug, emails: [email], roleIds: [roleIds.viewer!], primaryRoleId: roleIds.viewer! });
    const token = await tokenFromMailbox(server, email);
    const joined = await (await callerAs(server.deps, person)).invitations.accept({ token });
    expect(joined.membershipId).toBe(membershipId);
    expect(await rolesOf(membershipId)).toEqual([{ builtin_key: "viewer", is_primary: true }]);
    expect(await server.deps.db.selectFrom("member_modules").select("module").where("membership_id", "=", membershipId).execute()).toEqual([]);
    const row = await server.deps.db.selectFrom("memberships").select(["status", "removed_at"]).where("id", "=", membershipId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "active", removed_at: null });
  });
});

describe("live updates", () => {
  function listen(socket: Socket, into: RealtimeMessage[]) {
    socket.onAny((_event: string, message: RealtimeMessage) => into.push(message));
  }

  it("tells the admin's open pages when an invitation is created, delivered and accepted, and when the person joins", async () => {
    const owner = await createUser(server.deps);
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Live Ltd");
    const viewer = await createUser(server.deps);
    await addMember(server.deps, ws.id, viewer, ["viewer"]);
    const sockets = await Promise.all(
      [owner, viewer].map(async (user) => {
        const socket = connect(server.url, {
          path: "/socket.io",
          transports: ["websocket"],
          extraHeaders: { cookie: await sessionCookie(server.deps, user), origin: server.origin },
        });
        await new Promise<void>((resolve, reject) => {
          socket.once("connect", () => resolve());
          socket.once("connect_error", reject);
        });
        return socket;
      }),
    );
    const [ownerSocket, viewerSocket] = sockets as [Socket, Socket];
    const ownerHeard: RealtimeMessage[] = [];
    const viewerHeard: RealtimeMessage[] = [];
    listen(ownerSocket, ownerHeard);
    listen(viewerSocket, viewerHeard);
    try {
      const roleIds = await roleIdsByKey(server.deps, ws.id);
      const email = uniqueEmail("live");
      const { results } = await (await callerAs(server.deps, owner)).invitations.invite({ workspaceSlug: ws.slug, emails: [email], roleIds: [roleIds.member!], primaryRoleId: roleIds.member! });
      const invitationId = results[0]!.invitationId!;
      const token = await tokenFromMailbox(server, email);
      await (await callerAs(server.deps, null)).invitations.acceptWithNewAccount({ token, name: "Live Person", password: "a long new password" });

      const changes = () => ownerHeard.filter((m) => m.type === "invitation.changed" && m.invitationId === invitationId).map((m) => (m as { change: string }).change);
      await expect.poll(changes).toEqual(["created", "delivered", "accepted"]);

      // Resending and cancelling another invitation are heard too.
      const other = uniqueEmail("other");
      const asOwner = await callerAs(server.deps, owner);
      const second = (await asOwner.invitations.invite({ workspaceSlug: ws.slug, emails: [other], roleIds: [roleIds.viewer!], primaryRoleId: roleIds.viewer! })).results[0]!.invitationId!;
      await asOwner.invitations.resend({ workspaceSlug: ws.slug, invitationId: second });
      await asOwner.invitations.cancel({ workspaceSlug: ws.slug, invitationId: second });
      const secondChanges = () => ownerHeard.filter((m) => m.type === "invitation.changed" && m.invitationId === second).map((m) => (m as { change: string }).change);
      await expect.poll(() => secondChanges().filter((c) => c !== "delivered")).toEqual(["created", "resent", "cancelled"]);

      // So is the sweeper marking one expired.
      const late = (await asOwner.invitations.invite({ workspaceSlug: ws.slug, emails: [uniqueEmail("late")], roleIds: [roleIds.viewer!], primaryRoleId: roleIds.viewer! })).results[0]!.invitationId!;
      await server.emailWorker?.drain();
      await lapseInvitation(server.deps, { id: late });
      await sweepExpiredInvitations(server.deps);
      await expect.poll(() => ownerHeard.some((m) => m.type === "invitation.changed" && m.invitationId === late && m.change === "expired")).toBe(true);
      await expect.poll(() => ownerHeard.some((m) => m.type === "member.changed" && m.change === "joined")).toBe(true);
      await expect.poll(() => ownerHeard.some((m) => m.type === "notification.created")).toBe(true);
      // A Viewer may see members but not invitations.
      await expect.poll(() => viewerHeard.some((m) => m.type === "member.changed" && m.change === "joined")).toBe(true);
      expect(viewerHeard.filter((m) => m.type === "invitation.changed")).toEqual([]);
    } finally {
      for (const s of sockets) s.disconnect();
    }
  });
});
