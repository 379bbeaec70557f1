import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { addMember, appCodeOf, callerAs, createUser, createWorkspaceOwnedBy } from "./helpers/fixtures";
import { type TestServer, serverForTests } from "./helpers/server";

let server: TestServer;
serverForTests((started) => (server = started));

async function ownerAndAdmin() {
  const owner = await createUser(server.deps, { name: "Olive Owner" });
  const admin = await createUser(server.deps, { name: "Adrian Admin" });
  const member = await createUser(server.deps, { name: "Morgan Member" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Powers Inc");
  await addMember(server.deps, ws.id, admin, ["admin"]);
  const memberMembershipId = await addMember(server.deps, ws.id, member, ["member"]);
  return { owner, admin, member, memberMembershipId, ws };
}

describe("owner-only powers", () => {
  it("refuses each of them to an Admin, and changes nothing", async () => {
    const t = await ownerAndAdmin();
    const admin = await callerAs(server.deps, t.admin);
    const slug = t.ws.slug;
    const refused = {
      "billing.overview": await appCodeOf(admin.billing.overview({ workspaceSlug: slug })),
      "billing.changePlan": await appCodeOf(admin.billing.changePlan({ workspaceSlug: slug, plan: "enterprise" })),
      "workspaceDeletion.delete": await appCodeOf(admin.workspaceDeletion.delete({ workspaceSlug: slug, confirmName: "Powers Inc" })),
      "impersonation.candidates": await appCodeOf(admin.impersonation.candidates({ workspaceSlug: slug })),
      "impersonation.start": await appCodeOf(admin.impersonation.start({ workspaceSlug: slug, membershipId: t.memberMembershipId })),
    };
    expect(refused).toEqual({
      "billing.overview": "FORBIDDEN",
      "billing.changePlan": "FORBIDDEN",
      "workspaceDeletion.delete": "FORBIDDEN",
      "impersonation.candidates": "FORBIDDEN",
      "impersonation.start": "FORBIDDEN",
    });
    const ws = await server.deps.db.selectFrom("workspaces").select("plan").where("id", "=", t.ws.id).executeTakeFirstOrThrow();
    expect(ws.plan).toBe("starter");
    expect(await server.deps.db.selectFrom("impersonations").selectAll().execute()).toEqual([]);
    // But an Admin reads the audit log.
    expect((await admin.auditLog.list({ workspaceSlug: slug })).total).toBeGreaterThan(0);
  });

  it("requires the Owner role itself: a custom role carrying an owner permission (written around the rules) gives no owner power", async () => {
    const t = await ownerAndAdmin();
    const role = await server.deps.db.insertInto("roles").values({ workspace_id: t.ws.id, name: "Billing clerk" }).returning("id").executeTakeFirstOrThrow();
    await server.deps.db.insertInto("role_permissions").values({ role_id: role.id, permission: "billing.manage", scope: "all" }).execute();
    const adminMembership = await server.deps.db.selectFrom("memberships").select("id").where("user_id", "=", t.admin.id).where("workspace_id", "=", t.ws.id).executeTakeFirstOrThrow();
    await server.deps.db.insertInto("membership_roles").values({ workspace_id: t.ws.id, membership_id: adminMembership.id, role_id: role.id }).execute();
    const admin = await callerAs(server.deps, t.admin);
    // Owner-only permissions count only from the Owner role: the Admin simply doesn't hold billing.manage.
    expect((await admin.workspaces.current({ workspaceSlug: t.ws.slug })).access.permissions["billing.manage"]).toBeUndefined();
    expect(await appCodeOf(admin.billing.changePlan({ workspaceSlug: t.ws.slug, plan: "enterprise" }))).toBe("FORBIDDEN");
  });
});

describe("billing", () => {
  it("shows the plan, the trial, and seats used of the limit", async () => {
    const t = await ownerAndAdmin();
    const owner = await callerAs(server.deps, t.owner);
    const overview = await owner.billing.overview({ workspaceSlug: t.ws.slug });
    expect(overview).toMatchObject({
      plan: "starter",
      planLabel: "Starter",
      onTrial: true,
      trialDaysLeft: 14,
      seatLimit: null,
      seats: { activeMembers: 3, used: 3 },
    });
    expect(overview.plans.map((p) => [p.label, p.seatLimit])).toEqual([
      ["Starter", 5],
      ["Professional", 25],
      ["Enterprise", null],
    ]);

    // After the trial the plan's limit applies.
    await server.deps.db
      .updateTable("workspaces")
      .set({ trial_ends_at: new Date(Date.now() - 1000) })
      .where("id", "=", t.ws.id)
      .execute();
    const ended = await owner.billing.overview({ workspaceSlug: t.ws.slug });
    expect(ended).toMatchObject({ onTrial: false, trialDaysLeft: 0, seatLimit: 5 });
  });

  it("switches the plan at once and records who changed it from what to what", async () => {
    const t = await ownerAndAdmin();
    await server.deps.db
      .updateTable("workspaces")
      .set({ trial_ends_at: new Date(Date.now() - 1000) })
      .where("id", "=", t.ws.id)
      .execute();
    const owner = await callerAs(server.deps, t.owner);
    expect(await owner.billing.changePlan({ workspaceSlug: t.ws.slug, plan: "professional" })).toEqual({ changed: true });
    expect((await owner.billing.overview({ workspaceSlug: t.ws.slug })).seatLimit).toBe(25);
    expect(await owner.billing.changePlan({ workspaceSlug: t.ws.slug, plan: "professional" })).toEqual({ changed: false });
    expect(await appCodeOf(owner.billing.changePlan({ workspaceSlug: t.ws.slug, plan: "platinum" as "enterprise" }))).toBe("INVALID_INPUT");
    const log = await owner.auditLog.list({ workspaceSlug: t.ws.slug, filters: { action: "plan.changed" } });
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]).toMatchObject({
      actor: { id: t.owner.id },
      impersonator: null,
      before: { plan: "starter" },
      after: { plan: "professional", seatsUsed: 3 },
    });
  });
});

describe("a plan change applies at once to invitations", () => {
  it("a downgrade below the seats in use keeps everyone but refuses new invitations; upgrading lets them through", async () => {
    const t = await ownerAndAdmin();
    for (let i = 0; i < 3; i += 1) await addMember(server.deps, t.ws.id, await createUser(server.deps), ["viewer"]);
    await server.deps.db
      .updateTable("workspaces")
      .set({ plan: "professional", trial_ends_at: new Date(Date.now() - 1000) })
      .where("id", "=", t.ws.id)
      .execute();
    const owner = await callerAs(server.deps, t.owner);
    const roles = await owner.roles.list({ workspaceSlug: t.ws.slug });
    const viewer = roles.find((r) => r.builtinKey === "viewer")?.id ?? "";
    const invite = (email: string) => owner.invitations.invite({ workspaceSlug: t.ws.slug, emails: [email], roleIds: [viewer], primaryRoleId: viewer });

    await owner.billing.changePlan({ workspaceSlug: t.ws.slug, plan: "starter" });
    const overview = await owner.billing.overview({ workspaceSlug: t.ws.slug });
    expect(overview).toMatchObject({ seatLimit: 5, seats: { used: 6 } });
    expect((await invite("too.many@example.com")).results[0]).toMatchObject({ outcome: "seat_limit" });
    expect((await owner.members.list({ workspaceSlug: t.ws.slug })).length).toBe(6);

    await owner.billing.changePlan({ workspaceSlug: t.ws.slug, plan: "professional" });
    expect((await invite("welcome.now@example.com")).results[0]).toMatchObject({ outcome: "invited" });
    expect((await owner.billing.overview({ workspaceSlug: t.ws.slug })).seats).toMatchObject({ activeMembers: 6, pendingInvitations: 1, used: 7 });
  });
});

describe("the audit log cannot be edited or deleted", () => {
  it("refuses UPDATE, DELETE and TRUNCATE in the database itself", async () => {
    const t = await ownerAndAdmin();
    const entry = await server.deps.db.selectFrom("audit_events").select("id").where("workspace_id", "=", t.ws.id).executeTakeFirstOrThrow();
    const failure = async (run: () => Promise<unknown>) => {
      try {
        await run();
      } catch (error) {
        return (error as { message: string }).message;
      }
      return "allowed";
    };
    expect(await failure(() => server.deps.db.updateTable("audit_events").set({ action: "nothing.happened" }).where("id", "=", entry.id).execute())).toBe("audit entries cannot be changed");
    expect(await failure(() => server.deps.db.deleteFrom("audit_events").where("id", "=", entry.id).execute())).toBe("audit entries cannot be deleted");
    expect(await failure(() => sql`truncate audit_events`.execute(server.deps.db))).toBe("audit entries cannot be deleted");
    // Deleting the workspace's row directly (not through deleteWorkspace) is refused too: its log would go with it.
    expect(await failure(() => server.deps.db.deleteFrom("workspaces").where("id", "=", t.ws.id).execute())).toBe("audit entries cannot be deleted");
    const still = await server.deps.db.selectFrom("audit_events").select("action").where("id", "=", entry.id).executeTakeFirstOrThrow();
    expect(still.action).toBe("workspace.created");
  });

  it("lets a deleted account's entries stay, with the person cleared", async () => {
    const t = await ownerAndAdmin();
    const owner = await callerAs(server.deps, t.owner);
    await owner.billing.changePlan({ workspaceSlug: t.ws.slug, plan: "enterprise" });
    // A second owner so the first can go; accounts are deleted by the database's own cascade.
    const leaver = await createUser(server.deps);
    await addMember(server.deps, t.ws.id, leaver, ["owner"]);
    await (await callerAs(server.deps, leaver)).billing.changePlan({ workspaceSlug: t.ws.slug, plan: "starter" });
    await server.deps.db.deleteFrom("users").where("id", "=", leaver.id).execute();
    const entries = await owner.auditLog.list({ workspaceSlug: t.ws.slug, filters: { action: "plan.changed" } });
    expect(entries.entries.map((e) => [e.actor?.name ?? null, e.after])).toEqual([
      [null, { plan: "starter", seatsUsed: 4 }],
      ["Olive Owner", { plan: "enterprise", seatsUsed: 3 }],
    ]);
  });
});
