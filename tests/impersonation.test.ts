import { describe, expect, it } from "vitest";
import { addMember, appCodeOf, callerAs, createUser, createWorkspaceOwnedBy, sessionCookie, type TestUser, defaultPassword } from "./helpers/fixtures";
import { callerWithCookie } from "./helpers/owner";
import { type TestServer, serverForTests } from "./helpers/server";

let server: TestServer;
serverForTests((started) => (server = started));

async function workspaceWithPeople() {
  const owner = await createUser(server.deps, { name: "Olivia Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Viewing Co");
  const member: TestUser = await createUser(server.deps, { name: "Mia Member" });
  const memberMembershipId = await addMember(server.deps, ws.id, member, ["member"]);
  const coOwner = await createUser(server.deps, { name: "Otto Co-owner" });
  const coOwnerMembershipId = await addMember(server.deps, ws.id, coOwner, ["owner"]);
  const admin = await createUser(server.deps, { name: "Ada Admin" });
  const adminMembershipId = await addMember(server.deps, ws.id, admin, ["admin"]);
  const ownerCookie = await sessionCookie(server.deps, owner);
  return { owner, ws, member, memberMembershipId, coOwner, coOwnerMembershipId, admin, adminMembershipId, ownerCookie };
}

describe("an owner viewing the app as a member", () => {
  it("sees the workspace with the member's access, and every change names both people", async () => {
    const t = await workspaceWithPeople();
    const asOwner = callerWithCookie(server.deps, t.ownerCookie);
    const memberSessionsBefore = await server.deps.db.selectFrom("sessions").selectAll().where("user_id", "=", t.member.id).execute();

    await asOwner.impersonation.start({ workspaceSlug: t.ws.slug, password: defaultPassword, membershipId: t.memberMembershipId });

    const current = await asOwner.workspaces.current({ workspaceSlug: t.ws.slug });
    expect(current.membershipId).toBe(t.memberMembershipId);
    expect(current.access.builtInRoles).toEqual(["member"]);
    expect(current.access.permissions["audit.view"]).toBeUndefined();
    expect(await asOwner.impersonation.current()).toMatchObject({ workspaceSlug: t.ws.slug, member: { name: "Mia Member" } });
    // The member's power is all the owner has here: owner-only and admin pages are refused.
    expect(await appCodeOf(asOwner.billing.overview({ workspaceSlug: t.ws.slug }))).toBe("FORBIDDEN");
    expect(await appCodeOf(asOwner.auditLog.list({ workspaceSlug: t.ws.slug }))).toBe("FORBIDDEN");

    // An action taken while viewing: recorded with the member as actor and the owner as impersonator.
    expect(await appCodeOf(asOwner.billing.changePlan({ workspaceSlug: t.ws.slug, plan: "enterprise" }))).toBe("FORBIDDEN");
    const trail = await server.deps.db.selectFrom("audit_events").selectAll().where("workspace_id", "=", t.ws.id).where("action", "=", "impersonation.action").execute();
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ actor_user_id: t.member.id, impersonator_user_id: t.owner.id, target_id: "billing.changePlan" });
    expect(trail[0]?.after).toEqual({ succeeded: false });

    // The member's own sessions were not touched.
    const memberSessionsAfter = await server.deps.db.selectFrom("sessions").selectAll().where("user_id", "=", t.member.id).execute();
    expect(memberSessionsAfter).toEqual(memberSessionsBefore);

    const stopped = await asOwner.impersonation.stop();
    expect(stopped).toEqual({ stopped: true, workspaceSlug: t.ws.slug });
    const back = await asOwner.workspaces.current({ workspaceSlug: t.ws.slug });
    expect(back.access.builtInRoles).toEqual(["owner"]);
    expect(await asOwner.impersonation.current()).toBeNull();

    const log = await asOwner.auditLog.list({ workspaceSlug: t.ws.slug, filters: { target: "Mia Member" } });
    expect(log.entries.map((e) => e.action)).toEqual(["impersonation.ended", "impersonation.started"]);
    expect(log.entries.every((e) => e.actor?.id === t.owner.id)).toBe(true);
  });

  it("cannot start another view-as from inside one (the member can't), and the attempt is recorded with both ids", async () => {
    const t = await workspaceWithPeople();
    const asOwner = callerWithCookie(server.deps, t.ownerCookie);
    await asOwner.impersonation.start({ workspaceSlug: t.ws.slug, password: defaultPassword, membershipId: t.adminMembershipId });
    expect(await appCodeOf(asOwner.impersonation.start({ workspaceSlug: t.ws.slug, password: defaultPassword, membershipId: t.memberMembershipId }))).toBe("FORBIDDEN");
    const rows = await server.deps.db
      .selectFrom("audit_events")
      .select(["action", "actor_user_id", "impersonator_user_id", "target_id"])
      .where("workspace_id", "=", t.ws.id)
      .where("action", "=", "impersonation.action")
      .execute();
    expect(rows).toEqual([{ action: "impersonation.action", actor_user_id: t.admin.id, impersonator_user_id: t.owner.id, target_id: "impersonation.start" }]);
  });

  it("refuses to view as another owner, or as oneself, and leaves no view-as behind", async () => {
    const t = await workspaceWithPeople();
    const asOwner = callerWithCookie(server.deps, t.ownerCookie);
    expect(await appCodeOf(asOwner.impersonation.start({ workspaceSlug: t.ws.slug, password: defaultPassword, membershipId: t.coOwnerMembershipId }))).toBe("IMPERSONATE_OWNER");
    const ownMembership = (await asOwner.workspaces.current({ workspaceSlug: t.ws.slug })).membershipId;
    expect(await appCodeOf(asOwner.impersonation.start({ workspaceSlug: t.ws.slug, password: defaultPassword, membershipId: ownMembership }))).toBe("IMPERSONATE_SELF");
    const count = await server.deps.db
      .selectFrom("impersonations")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("workspace_id", "=", t.ws.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
    expect(await asOwner.impersonation.current()).toBeNull();
    // Owners are not offered either.
    const candidates = await asOwner.impersonation.candidates({ workspaceSlug: t.ws.slug });
    expect(candidates.map((c) => c.name).sort()).toEqual(["Ada Admin", "Mia Member"]);
  });

  it("refuses a member of another workspace (not found)", async () => {
    const t = await workspaceWithPeople();
    const other = await workspaceWithPeople();
    const asOwner = callerWithCookie(server.deps, t.ownerCookie);
    expect(await appCodeOf(asOwner.impersonation.start({ workspaceSlug: t.ws.slug, password: defaultPassword, membershipId: other.memberMembershipId }))).toBe("NOT_FOUND");
  });

  it("ends by itself once its hour is up, and says so in the audit log", async () => {
    const t = await workspaceWithPeople();
    const asOwner = callerWithCookie(server.deps, t.ownerCookie);
    const started = await asOwner.impersonation.start({ workspaceSlug: t.ws.slug, password: defaultPassword, membershipId: t.memberMembershipId });
    const minutes = (started.expiresAt.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(59);
    expect(minutes).toBeLessThanOrEqual(60);
    expect((await asOwner.workspaces.current({ workspaceSlug: t.ws.slug })).access.builtInRoles).toEqual(["member"]);

    await server.deps.db
      .updateTable("impersonations")
      .set({ expires_at: new Date(Date.now() - 1000), started_at: new Date(Date.now() - 3_601_000) })
      .where("id", "=", started.impersonationId)
      .execute();

    expect((await asOwner.workspaces.current({ workspaceSlug: t.ws.slug })).access.builtInRoles).toEqual(["owner"]);
    expect(await asOwner.impersonation.current()).toBeNull();
    const row = await server.deps.db.selectFrom("impersonations").selectAll().where("id", "=", started.impersonationId).executeTakeFirstOrThrow();
    expect(row.end_reason).toBe("expired");
    const session = await server.deps.db.selectFrom("sessions").select("impersonation_id").where("user_id", "=", t.owner.id).execute();
    expect(session.every((s) => s.impersonation_id === null)).toBe(true);
    const ended = await server.deps.db.selectFrom("audit_events").selectAll().where("workspace_id", "=", t.ws.id).where("action", "=", "impersonation.ended").execute();
    expect(ended).toHaveLength(1);
    expect(ended[0]?.after).toMatchObject({ reason: "expired" });
  });

  it("shows the member, in their own settings, when they were viewed", async () => {
    const t = await workspaceWithPeople();
    const asOwner = callerWithCookie(server.deps, t.ownerCookie);
    await asOwner.impersonation.start({ workspaceSlug: t.ws.slug, password: defaultPassword, membershipId: t.memberMembershipId });
    await asOwner.impersonation.stop();
    const asMember = await callerAs(server.deps, t.member);
    const history = await asMember.impersonation.ofMe({ workspaceSlug: t.ws.slug });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ ownerName: "Olivia Owner", ended: true });
    // The admin was never viewed.
    const asAdmin = await callerAs(server.deps, t.admin);
    expect(await asAdmin.impersonation.ofMe({ workspaceSlug: t.ws.slug })).toEqual([]);
  });

  it("only touches the workspace being viewed: elsewhere the owner is themselves", async () => {
    const t = await workspaceWithPeople();
    const mine = await createWorkspaceOwnedBy(server.deps, t.owner, "Second Co");
    const asOwner = callerWithCookie(server.deps, t.ownerCookie);
    await asOwner.impersonation.start({ workspaceSlug: t.ws.slug, password: defaultPassword, membershipId: t.memberMembershipId });
    expect((await asOwner.workspaces.current({ workspaceSlug: mine.slug })).access.builtInRoles).toEqual(["owner"]);
    // The member does not belong to Second Co, and neither does the owner's view of them.
    expect((await asOwner.billing.overview({ workspaceSlug: mine.slug })).plan).toBe("starter");
  });

  it("ends when the owner signs out, and is recorded", async () => {
    const t = await workspaceWithPeople();
    const asOwner = callerWithCookie(server.deps, t.ownerCookie);
    const started = await asOwner.impersonation.start({ workspaceSlug: t.ws.slug, password: defaultPassword, membershipId: t.memberMembershipId });
    await asOwner.auth.signOut();
    const row = await server.deps.db.selectFrom("impersonations").selectAll().where("id", "=", started.impersonationId).executeTakeFirstOrThrow();
    expect(row.end_reason).toBe("stopped");
    const asMember = await callerAs(server.deps, t.member);
    expect((await asMember.impersonation.ofMe({ workspaceSlug: t.ws.slug }))[0]).toMatchObject({ ended: true });
  });

  it("ends at once if the member is made an Owner or leaves while being viewed", async () => {
    const t = await workspaceWithPeople();
    const asOwner = callerWithCookie(server.deps, t.ownerCookie);
    await asOwner.impersonation.start({ workspaceSlug: t.ws.slug, password: defaultPassword, membershipId: t.memberMembershipId });
    const ownerRole = await server.deps.db.selectFrom("roles").select("id").where("workspace_id", "=", t.ws.id).where("builtin_key", "=", "owner").executeTakeFirstOrThrow();
    await server.deps.db.insertInto("membership_roles").values({ workspace_id: t.ws.id, membership_id: t.memberMembershipId, role_id: ownerRole.id }).execute();
    expect((await asOwner.workspaces.current({ workspaceSlug: t.ws.slug })).membershipId).not.toBe(t.memberMembershipId);
    expect(await asOwner.impersonation.current()).toBeNull();

    await asOwner.impersonation.start({ workspaceSlug: t.ws.slug, password: defaultPassword, membershipId: t.adminMembershipId });
    await server.deps.db.updateTable("memberships").set({ status: "removed", removed_at: new Date() }).where("id", "=", t.adminMembershipId).execute();
    expect(await asOwner.impersonation.current()).toBeNull();
    const reasons = await server.deps.db.selectFrom("impersonations").select("end_reason").where("workspace_id", "=", t.ws.id).orderBy("started_at").execute();
    expect(reasons.map((r) => r.end_reason)).toEqual(["became_owner", "member_left"]);
  });

  it("a change made while viewing as an Admin is recorded in its own entry with both ids", async () => {
    const t = await workspaceWithPeople();
    const asOwner = callerWithCookie(server.deps, t.ownerCookie);
    await asOwner.impersonation.start({ workspaceSlug: t.ws.slug, password: defaultPassword, membershipId: t.adminMembershipId });
    await asOwner.departments.create({ workspaceSlug: t.ws.slug, name: "Made while viewing" });
    const entries = await server.deps.db
      .selectFrom("audit_events")
      .select(["action", "actor_user_id", "impersonator_user_id", "target_label"])
      .where("workspace_id", "=", t.ws.id)
      .where("action", "in", ["department.created", "impersonation.action"])
      .orderBy("created_at")
      .execute();
    expect(entries).toEqual([
      { action: "department.created", actor_user_id: t.admin.id, impersonator_user_id: t.owner.id, target_label: "Made while viewing" },
      { action: "impersonation.action", actor_user_id: t.admin.id, impersonator_user_id: t.owner.id, target_label: "departments.create" },
    ]);
    // The Audit Log shows who was really at the keyboard.
    await asOwner.impersonation.stop();
    const log = await asOwner.auditLog.list({ workspaceSlug: t.ws.slug, filters: { action: "department.created" } });
    expect(log.entries[0]).toMatchObject({ actor: { name: "Ada Admin" }, impersonator: { name: "Olivia Owner" } });
    // Filtering by the owner finds what they did as someone else too.
    const byOwner = await asOwner.auditLog.list({ workspaceSlug: t.ws.slug, filters: { actorUserId: t.owner.id, action: "department.created" } });
    expect(byOwner.total).toBe(1);
  });
});
