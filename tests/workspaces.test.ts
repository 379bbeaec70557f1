import { describe, expect, it } from "vitest";
import { builtInRoleKeys } from "#shared/permissions/builtinRoles";
import { addMember, appCodeOf, callerAs, createUser, createWorkspaceOwnedBy, httpClient, sessionCookie } from "./helpers/fixtures";
import { type TestServer, serverForTests } from "./helpers/server";

let server: TestServer;
serverForTests((started) => (server = started));

describe("creating a workspace", () => {
  it("makes the creator its Owner, on a 14-day trial, with the five built-in roles", async () => {
    const founder = await createUser(server.deps, { name: "Grace Hopper" });
    const caller = await callerAs(server.deps, founder);
    const created = await caller.workspaces.create({ name: "Compiler Co." });
    expect(created.slug).toBe("compiler-co");

    const current = await caller.workspaces.current({ workspaceSlug: created.slug });
    expect(current.name).toBe("Compiler Co.");
    expect(current.onTrial).toBe(true);
    const trialDays = (new Date(current.trialEndsAt).getTime() - Date.now()) / 86_400_000;
    expect(trialDays).toBeGreaterThan(13.9);
    expect(trialDays).toBeLessThanOrEqual(14);
    expect(current.access.builtInRoles).toEqual(["owner"]);
    expect(current.access.permissions["billing.manage"]).toBe("all");

    const roles = await server.deps.db.selectFrom("roles").select("builtin_key").where("workspace_id", "=", created.id).execute();
    expect(roles.map((r) => r.builtin_key).sort()).toEqual([...builtInRoleKeys].sort());

    const members = await caller.members.list({ workspaceSlug: created.slug });
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ name: "Grace Hopper", email: founder.email, roles: [{ name: "Owner", isPrimary: true }] });

    const audit = await server.deps.db.selectFrom("audit_events").selectAll().where("workspace_id", "=", created.id).execute();
    expect(audit.map((a) => a.action)).toEqual(["workspace.created"]);
  });

  it("gives a second workspace with the same name its own address", async () => {
    const a = await createUser(server.deps);
    const b = await createUser(server.deps);
    const first = await (await callerAs(server.deps, a)).workspaces.create({ name: "Same Name" });
    const second = await (await callerAs(server.deps, b)).workspaces.create({ name: "Same Name" });
    expect(first.slug).toBe("same-name");
    expect(second.slug).toBe("same-name-2");
  });

  it("refuses an address that is taken, with words a person understands", async () => {
    const a = await createUser(server.deps);
    const caller = await callerAs(server.deps, a);
    await caller.workspaces.create({ name: "Taken", slug: "taken-address" });
    expect(await appCodeOf(caller.workspaces.create({ name: "Other", slug: "taken-address" }))).toBe("WORKSPACE_SLUG_TAKEN");
    expect(await appCodeOf(caller.workspaces.create({ name: "Other", slug: "-bad-" }))).toBe("INVALID_INPUT");
  });

  it("lets a user belong to several workspaces and lists them for the switcher", async () => {
    const person = await createUser(server.deps);
    const other = await createUser(server.deps);
    const own = await createWorkspaceOwnedBy(server.deps, person, "Mine");
    const theirs = await createWorkspaceOwnedBy(server.deps, other, "Theirs");
    await addMember(server.deps, theirs.id, person, ["viewer"]);
    const mine = await (await callerAs(server.deps, person)).workspaces.mine();
    expect(mine.map((w) => [w.slug, w.primaryRole])).toEqual([
      [own.slug, "Owner"],
      [theirs.slug, "Viewer"],
    ]);
  });
});

describe("workspace boundaries", () => {
  it("answers NOT_FOUND when a signed-in user asks for another workspace, exactly as for one that does not exist", async () => {
    const alice = await createUser(server.deps);
    const mallory = await createUser(server.deps);
    const aliceSpace = await createWorkspaceOwnedBy(server.deps, alice, "Alice Ltd");
    await createWorkspaceOwnedBy(server.deps, mallory, "Mallory Ltd");
    const client = httpClient(server, await sessionCookie(server.deps, mallory));

    const intoOther = await client.members.list.query({ workspaceSlug: aliceSpace.slug }).catch((e: unknown) => e);
    const intoNothing = await client.members.list.query({ workspaceSlug: "no-such-workspace" }).catch((e: unknown) => e);
    expect((intoOther as { data: { appCode: string; httpStatus: number } }).data).toMatchObject({ appCode: "NOT_FOUND", httpStatus: 404 });
    expect((intoOther as Error).message).toBe((intoNothing as Error).message);
    expect(await appCodeOf(client.workspaces.current.query({ workspaceSlug: aliceSpace.slug }))).toBe("NOT_FOUND");
  });

  it("requires a session for workspace procedures", async () => {
    expect(await appCodeOf(httpClient(server, null).members.list.query({ workspaceSlug: "anything" }))).toBe("NOT_SIGNED_IN");
  });

  it("stops answering for a member once they are removed", async () => {
    const owner = await createUser(server.deps);
    const member = await createUser(server.deps);
    const ws = await createWorkspaceOwnedBy(server.deps, owner);
    const membershipId = await addMember(server.deps, ws.id, member, ["member"]);
    const caller = await callerAs(server.deps, member);
    expect(await caller.members.list({ workspaceSlug: ws.slug })).toHaveLength(2);
    await server.deps.db.updateTable("memberships").set({ status: "removed", removed_at: new Date() }).where("id", "=", membershipId).execute();
    const fresh = await callerAs(server.deps, member);
    expect(await appCodeOf(fresh.members.list({ workspaceSlug: ws.slug }))).toBe("NOT_FOUND");
  });
});

describe("the frame of a workspace page", () => {
  it("gives the switcher's workspaces and the bell's unread count as workspaces.mine and notifications.unreadCount do, in one call", async () => {
    const person = await createUser(server.deps, { name: "Frame Person" });
    const other = await createUser(server.deps);
    const own = await createWorkspaceOwnedBy(server.deps, person, "Zebra Frames");
    const theirs = await createWorkspaceOwnedBy(server.deps, other, "Apple Frames");
    const left = await createWorkspaceOwnedBy(server.deps, other, "Mango Frames");
    await addMember(server.deps, theirs.id, person, ["viewer", "manager"]);
    const removed = await addMember(server.deps, left.id, person, ["member"]);
    await server.deps.db.updateTable("memberships").set({ status: "removed", removed_at: new Date() }).where("id", "=", removed).execute();
    const notify = (userId: string, read: boolean) =>
      server.deps.db
        .insertInto("notifications")
        .values({ user_id: userId, workspace_id: own.id, kind: "test", title: "Hello", link: null, read_at: read ? new Date() : null })
        .execute();
    await Promise.all([notify(person.id, false), notify(person.id, false), notify(person.id, true), notify(other.id, false)]);

    const caller = await callerAs(server.deps, person);
    const frame = await caller.workspaces.frame();
    const mine = await caller.workspaces.mine();
    expect(frame).toEqual({ workspaces: mine.map((w) => ({ slug: w.slug, name: w.name, primaryRole: w.primaryRole })), unreadNotifications: await caller.notifications.unreadCount() });
    expect(frame.workspaces.map((w) => w.name)).toEqual(["Apple Frames", "Zebra Frames"]);
    expect(frame.unreadNotifications).toBe(2);
    expect(await (await callerAs(server.deps, await createUser(server.deps))).workspaces.frame()).toEqual({ workspaces: [], unreadNotifications: 0 });
  });
});
