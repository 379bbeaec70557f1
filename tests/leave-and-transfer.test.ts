/**
 * Leaving a workspace yourself, and transferring ownership as an explicit
 * Owner action (issue 11), over HTTP and with live connections: the last
 * Owner can't leave, the transferring Owner chooses to stay Owner or become
 * Admin, everything is audited and told. A generated sequence of leaves,
 * transfers, demotions and removals never leaves a workspace without an Owner.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { errorCatalog } from "#server/errors";
import { addMember, appCodeOf, callerAs, createUser, createWorkspaceOwnedBy, httpClient, sessionCookie, type TestUser } from "./helpers/fixtures";
import { roleIdsByKey } from "./helpers/invitations";
import { type TestServer, serverForTests } from "./helpers/server";
import { connectSocket, roomsOf } from "./helpers/sockets";

let server: TestServer;
serverForTests((started) => (server = started));

async function rolesOf(membershipId: string): Promise<Array<{ key: string | null; primary: boolean }>> {
  const rows = await server.deps.db
    .selectFrom("membership_roles as mr")
    .innerJoin("roles as r", "r.id", "mr.role_id")
    .select(["r.builtin_key", "mr.is_primary"])
    .where("mr.membership_id", "=", membershipId)
    .orderBy("mr.is_primary", "desc")
    .orderBy("r.builtin_key")
    .execute();
  return rows.map((r) => ({ key: r.builtin_key, primary: r.is_primary }));
}

const statusOf = async (membershipId: string) => (await server.deps.db.selectFrom("memberships").select("status").where("id", "=", membershipId).executeTakeFirstOrThrow()).status;

async function team(name: string) {
  const owner = await createUser(server.deps, { name: "Olive Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, name);
  const ownerMembershipId = (await server.deps.db.selectFrom("memberships").select("id").where("workspace_id", "=", ws.id).where("user_id", "=", owner.id).executeTakeFirstOrThrow()).id;
  const manager = await createUser(server.deps, { name: "Max Manager" });
  const managerMembershipId = await addMember(server.deps, ws.id, manager, ["manager"]);
  const member = await createUser(server.deps, { name: "Mo Member" });
  const memberMembershipId = await addMember(server.deps, ws.id, member, ["member", "viewer"], { managerId: managerMembershipId });
  const report = await createUser(server.deps, { name: "Rae Report" });
  const reportMembershipId = await addMember(server.deps, ws.id, report, ["member"], { managerId: memberMembershipId });
  return { owner, ws, ownerMembershipId, manager, managerMembershipId, member, memberMembershipId, report, reportMembershipId };
}

const client = async (user: TestUser) => httpClient(server, await sessionCookie(server.deps, user));

describe("leaving a workspace", () => {
  it("ends the member's access at once (sockets included); their reports move up; recorded; their manager told", async () => {
    const t = await team("Leavers Inc");
    const cookie = await sessionCookie(server.deps, t.member);
    const socket = await connectSocket(server, { cookie });
    expect((await roomsOf(server, socket)).some((r) => r.startsWith(`ws:${t.ws.id}`))).toBe(true);

    expect(await httpClient(server, cookie).members.leave.mutate({ workspaceSlug: t.ws.slug })).toEqual({ left: true });

    await socket.waitFor("workspace.left", (m) => m.workspaceId === t.ws.id && m.reason === "left");
    expect((await roomsOf(server, socket)).filter((r) => r.startsWith(`ws:${t.ws.id}`))).toEqual([]);
    expect(await statusOf(t.memberMembershipId)).toBe("removed");
    expect(await appCodeOf(httpClient(server, cookie).members.list.query({ workspaceSlug: t.ws.slug }))).toBe("NOT_FOUND");
    const report = await server.deps.db.selectFrom("memberships").select("manager_id").where("id", "=", t.reportMembershipId).executeTakeFirstOrThrow();
    expect(report.manager_id).toBe(t.managerMembershipId);
    const audit = await server.deps.db.selectFrom("audit_events").selectAll().where("workspace_id", "=", t.ws.id).where("action", "=", "member.left").execute();
    expect(audit).toMatchObject([{ actor_user_id: t.member.id, target_id: t.memberMembershipId }]);
    const managerNotes = await (await client(t.manager)).notifications.list.query();
    expect(managerNotes.notifications[0]).toMatchObject({ kind: "member.left", title: "Mo Member left Leavers Inc" });
    socket.close();
  });

  it("refuses the last Owner, who is told to transfer ownership first; a second Owner may leave", async () => {
    const t = await team("Owned Co");
    const owner = await client(t.owner);
    const refusal = await owner.members.leave.mutate({ workspaceSlug: t.ws.slug }).catch((e: unknown) => e);
    expect((refusal as { data: { appCode: string } }).data.appCode).toBe("LAST_OWNER_CANNOT_LEAVE");
    expect((refusal as Error).message).toMatch(/Transfer ownership to another member first/);
    expect(await statusOf(t.ownerMembershipId)).toBe("active");

    await owner.members.transferOwnership.mutate({ workspaceSlug: t.ws.slug, membershipId: t.managerMembershipId, formerOwnerBecomes: "owner" });
    expect(await owner.members.leave.mutate({ workspaceSlug: t.ws.slug })).toEqual({ left: true });
    expect(await statusOf(t.ownerMembershipId)).toBe("removed");
  });

  it("can't be done on someone's behalf by an owner viewing as them", async () => {
    const t = await team("Viewed Co");
    const cookie = await sessionCookie(server.deps, t.owner);
    const { callerWithCookie } = await import("./helpers/owner");
    const asOwner = callerWithCookie(server.deps, cookie);
    await asOwner.impersonation.start({ workspaceSlug: t.ws.slug, membershipId: t.memberMembershipId, password: t.owner.password });
    expect(await appCodeOf(asOwner.members.leave({ workspaceSlug: t.ws.slug }))).toBe("IMPERSONATION_NOT_ALLOWED");
    expect(await statusOf(t.memberMembershipId)).toBe("active");
  });
});

describe("transferring ownership", () => {
  it("makes the member an Owner (primary, other roles kept) and the former Owner an Admin, live, recorded and told", async () => {
    const t = await team("Handover Ltd");
    const memberSocket = await connectSocket(server, { cookie: await sessionCookie(server.deps, t.member) });
    const ownerSocket = await connectSocket(server, { cookie: await sessionCookie(server.deps, t.owner) });
    const result = await (
      await client(t.owner)
    ).members.transferOwnership.mutate({
      workspaceSlug: t.ws.slug,
      membershipId: t.memberMembershipId,
      formerOwnerBecomes: "admin",
    });
    expect(result).toEqual({ newOwnerMembershipId: t.memberMembershipId, formerOwnerBecame: "admin" });
    expect(await rolesOf(t.memberMembershipId)).toEqual([
      { key: "owner", primary: true },
      { key: "member", primary: false },
      { key: "viewer", primary: false },
    ]);
    expect(await rolesOf(t.ownerMembershipId)).toEqual([{ key: "admin", primary: true }]);

    await memberSocket.waitFor("access.changed", (m) => m.workspaceId === t.ws.id);
    await ownerSocket.waitFor("access.changed", (m) => m.workspaceId === t.ws.id);
    await ownerSocket.waitFor("member.changed", (m) => m.membershipId === t.memberMembershipId && m.change === "roles_changed");
    expect(await roomsOf(server, memberSocket)).toContain(`ws:${t.ws.id}:p:billing.manage`);
    expect(await roomsOf(server, ownerSocket)).not.toContain(`ws:${t.ws.id}:p:billing.manage`);

    const audit = await server.deps.db.selectFrom("audit_events").selectAll().where("workspace_id", "=", t.ws.id).where("action", "=", "member.ownership_transferred").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: t.owner.id, target_id: t.memberMembershipId });
    expect(audit[0]?.after).toMatchObject({ formerOwnerBecame: "admin" });
    const notes = await (await client(t.member)).notifications.list.query();
    expect(notes.notifications[0]).toMatchObject({ kind: "member.ownership_transferred", title: "Olive Owner made you an Owner of Handover Ltd" });

    // Now an Admin: owner-only actions are closed to the former Owner.
    expect(await appCodeOf((await client(t.owner)).billing.overview.query({ workspaceSlug: t.ws.slug }))).toBe("FORBIDDEN");
    memberSocket.close();
    ownerSocket.close();
  });

  it("lets the former Owner stay an Owner when they choose to", async () => {
    const t = await team("Two Owners");
    await (await client(t.owner)).members.transferOwnership.mutate({ workspaceSlug: t.ws.slug, membershipId: t.managerMembershipId, formerOwnerBecomes: "owner" });
    expect(await rolesOf(t.ownerMembershipId)).toEqual([{ key: "owner", primary: true }]);
    expect(await rolesOf(t.managerMembershipId)).toEqual([
      { key: "owner", primary: true },
      { key: "manager", primary: false },
    ]);
  });

  it("refuses other roles, oneself, an existing Owner, a member who left and a choice that isn't offered", async () => {
    const t = await team("Refusals Co");
    const admin = await createUser(server.deps);
    await addMember(server.deps, t.ws.id, admin, ["admin"]);
    const coOwner = await createUser(server.deps);
    const coOwnerMembershipId = await addMember(server.deps, t.ws.id, coOwner, ["owner"]);
    const owner = await client(t.owner);
    const transfer = (c: Awaited<ReturnType<typeof client>>, membershipId: string, formerOwnerBecomes: "owner" | "admin" = "admin") =>
      appCodeOf(c.members.transferOwnership.mutate({ workspaceSlug: t.ws.slug, membershipId, formerOwnerBecomes }));
    expect(await transfer(await client(admin), t.memberMembershipId)).toBe("FORBIDDEN");
    expect(await transfer(owner, t.ownerMembershipId)).toBe("TRANSFER_TO_SELF");
    expect(await transfer(owner, coOwnerMembershipId)).toBe("TRANSFER_TARGET_OWNER");
    await (await client(t.report)).members.leave.mutate({ workspaceSlug: t.ws.slug });
    expect(await transfer(owner, t.reportMembershipId)).toBe("NOT_FOUND");
    expect(await appCodeOf(owner.members.transferOwnership.mutate({ workspaceSlug: t.ws.slug, membershipId: t.memberMembershipId, formerOwnerBecomes: "viewer" as "admin" }))).toBe("INVALID_INPUT");
    expect(await rolesOf(t.ownerMembershipId)).toEqual([{ key: "owner", primary: true }]);
    expect(await rolesOf(t.memberMembershipId)).toEqual([
      { key: "member", primary: true },
      { key: "viewer", primary: false },
    ]);
  });
});

describe("any sequence of leaves, transfers, demotions and removals", () => {
  type Step =
    { kind: "leave"; who: number } | { kind: "transfer"; who: number; to: number; becomes: "owner" | "admin" } | { kind: "demote"; who: number; target: number } | { kind: "remove"; who: number; target: number };
  const people = 4;
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant("leave" as const), who: fc.nat(people - 1) }),
    fc.record({ kind: fc.constant("transfer" as const), who: fc.nat(people - 1), to: fc.nat(people - 1), becomes: fc.constantFrom("owner" as const, "admin" as const) }),
    fc.record({ kind: fc.constant("demote" as const), who: fc.nat(people - 1), target: fc.nat(people - 1) }),
    fc.record({ kind: fc.constant("remove" as const), who: fc.nat(people - 1), target: fc.nat(people - 1) }),
  );

  it("leaves at least one active Owner, and every refusal is a catalogued one", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(step, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }), async (rounds) => {
        const founder = await createUser(server.deps);
        const ws = await createWorkspaceOwnedBy(server.deps, founder, "Sequence Co");
        const users = [founder];
        const memberships = [(await server.deps.db.selectFrom("memberships").select("id").where("workspace_id", "=", ws.id).executeTakeFirstOrThrow()).id];
        for (const key of ["owner", "admin", "member"] as const) {
          const user = await createUser(server.deps);
          users.push(user);
          memberships.push(await addMember(server.deps, ws.id, user, [key]));
        }
        const roles = await roleIdsByKey(server.deps, ws.id);
        for (const round of rounds) {
          // Each round's steps run at once, as people acting together would.
          const outcomes = await Promise.all(
            round.map(async (s) => {
              const user = users[s.who];
              if (!user) return "ok";
              // A new request each time: access is resolved afresh, as for a person clicking.
              const caller = await callerAs(server.deps, user);
              const call =
                s.kind === "leave"
                  ? caller.members.leave({ workspaceSlug: ws.slug })
                  : s.kind === "transfer"
                    ? caller.members.transferOwnership({ workspaceSlug: ws.slug, membershipId: memberships[s.to] ?? "", formerOwnerBecomes: s.becomes })
                    : s.kind === "demote"
                      ? caller.members.setRoles({ workspaceSlug: ws.slug, membershipId: memberships[s.target] ?? "", roleIds: [roles.admin ?? ""], primaryRoleId: roles.admin ?? "" })
                      : caller.members.remove({ workspaceSlug: ws.slug, membershipId: memberships[s.target] ?? "" });
              return call.then(
                () => "ok",
                (e: unknown) => appCodeOf(Promise.reject(e)),
              );
            }),
          );
          for (const outcome of outcomes) expect(outcome === "ok" || outcome in errorCatalog, outcome).toBe(true);
          expect(outcomes).not.toContain("INTERNAL");
          const owners = await server.deps.db
            .selectFrom("membership_roles as mr")
            .innerJoin("memberships as m", "m.id", "mr.membership_id")
            .select("m.id")
            .where("mr.workspace_id", "=", ws.id)
            .where("mr.role_id", "=", roles.owner ?? "")
            .where("m.status", "=", "active")
            .execute();
          expect(owners.length).toBeGreaterThanOrEqual(1);
          // Exactly one primary role for every active member.
          const primaries = await server.deps.db
            .selectFrom("memberships as m")
            .select((eb) => ["m.id", eb.selectFrom("membership_roles as mr").select(eb.fn.countAll<string>().as("n")).whereRef("mr.membership_id", "=", "m.id").where("mr.is_primary", "=", true).as("primaries")])
            .where("m.workspace_id", "=", ws.id)
            .where("m.status", "=", "active")
            .execute();
          for (const row of primaries) expect(Number(row.primaries)).toBe(1);
        }
      }),
      { numRuns: 20 },
    );
  });
});
