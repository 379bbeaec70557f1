/**
 * Paths 2 and 6 of issue 12, over HTTP: what a person may give is only
 * what they hold through their roles (never a time-limited grant), never
 * to themselves (an Owner excepted), and owner-only power comes with the
 * Owner role alone.
 */
import { describe, expect, it } from "vitest";
import type { Permission, Scope } from "#shared/permissions/catalogue";
import { appCodeOf } from "../helpers/fixtures";
import { type TestServer, serverForTests } from "../helpers/server";
import { type Person, railsWorkspace, legacyRole } from "./people";

let server: TestServer;
serverForTests((started) => (server = started));

/** The requester asks, an approver approves: a grant for a while. */
async function grant(slug: string, requester: Person, approver: Person, permission: Permission, scope: Scope, duration: "1d" | "permanent" = "1d") {
  const request = await requester.http.requests.create.mutate({ workspaceSlug: slug, permission, scope, reason: "For the quarter close", duration });
  const approved = await approver.http.requests.approve.mutate({ workspaceSlug: slug, requestId: request.id });
  return approved.grantId;
}

async function rolesOf(membershipId: string): Promise<string[]> {
  const rows = await server.deps.db.selectFrom("membership_roles as mr").innerJoin("roles as r", "r.id", "mr.role_id").select("r.name").where("mr.membership_id", "=", membershipId).orderBy("r.name").execute();
  return rows.map((r) => r.name);
}

describe("path 2: a time-limited grant never becomes lasting access", () => {
  it("a Member granted roles.manage and members.manage for a day can't make a role of them, nor give herself anything", async () => {
    const t = await railsWorkspace(server, "Grants Co", {
      adam: { name: "Adam Admin", roles: ["admin"] },
      mia: { name: "Mia Member", roles: ["member"] },
      vic: { name: "Vic Viewer", roles: ["viewer"] },
    });
    const { adam, mia, vic } = t.people;
    const slug = t.ws.slug;
    const grants = [await grant(slug, mia, adam, "roles.manage", "all"), await grant(slug, mia, adam, "members.manage", "all")];

    // The attack of the issue: a custom role holding both, given to herself.
    expect(
      await appCodeOf(
        mia.http.roles.create.mutate({
          workspaceSlug: slug,
          name: "Keeps forever",
          grants: [
            { permission: "roles.manage", scope: "all" },
            { permission: "members.manage", scope: "all" },
          ],
        }),
      ),
    ).toBe("ROLE_NOT_GRANTABLE");
    expect(await server.deps.db.selectFrom("roles").select("id").where("workspace_id", "=", t.ws.id).where("name", "=", "Keeps forever").execute()).toEqual([]);

    // What she holds through her Member role she may put in a role (the grant lets her manage roles)…
    const reader = await mia.http.roles.create.mutate({ workspaceSlug: slug, name: "Reader", grants: [{ permission: "members.view", scope: "all" }] });
    // …but never give to herself,
    expect(await appCodeOf(mia.http.members.setRoles.mutate({ workspaceSlug: slug, membershipId: mia.membershipId, roleIds: [t.roleIds.member, reader.id], primaryRoleId: t.roleIds.member }))).toBe("GIVE_TO_SELF");
    expect(await rolesOf(mia.membershipId)).toEqual(["Member"]);
    // …while giving it to someone else is fine.
    await mia.http.members.setRoles.mutate({ workspaceSlug: slug, membershipId: vic.membershipId, roleIds: [t.roleIds.viewer, reader.id], primaryRoleId: t.roleIds.viewer });
    expect(await rolesOf(vic.membershipId)).toEqual(["Reader", "Viewer"]);

    // Once the grants are revoked, nothing of them is left.
    for (const grantId of grants) await adam.http.grants.revoke.mutate({ workspaceSlug: slug, grantId });
    const after = await mia.http.workspaces.current.query({ workspaceSlug: slug });
    expect(after.access.permissions["roles.manage"]).toBeUndefined();
    expect(after.access.permissions["members.manage"]).toBeUndefined();
  });

  it("a Manager holding wider access only through a grant can't approve it for their reports, nor see the request to decide", async () => {
    const t = await railsWorkspace(server, "Approvals Co", {
      adam: { name: "Adam Admin", roles: ["admin"] },
      max: { name: "Max Manager", roles: ["manager"] },
      rita: { name: "Rita Report", roles: ["member"], reportsTo: "max" },
    });
    const { adam, max, rita } = t.people;
    const slug = t.ws.slug;
    // Max's Manager role exports his team's contacts; for one day he may export all of them.
    await grant(slug, max, adam, "crm.contacts.export", "all");
    const request = await rita.http.requests.create.mutate({
      workspaceSlug: slug,
      permission: "crm.contacts.export",
      scope: "all",
      reason: "Board pack",
      duration: "permanent",
    });
    const triage = await max.http.requests.list.query({ workspaceSlug: slug });
    expect(triage.requests.map((r) => r.id)).not.toContain(request.id);
    expect(await appCodeOf(max.http.requests.approve.mutate({ workspaceSlug: slug, requestId: request.id }))).toBe("PERMISSION_NOT_GRANTABLE");
    expect((await rita.http.workspaces.current.query({ workspaceSlug: slug })).access.permissions["crm.contacts.export"]).toBeUndefined();
    // What his role holds, he may approve: the same rule, not a different one.
    const teamRequest = await rita.http.requests.create.mutate({ workspaceSlug: slug, permission: "crm.contacts.export", scope: "own", reason: "My list", duration: "7d" });
    await max.http.requests.approve.mutate({ workspaceSlug: slug, requestId: teamRequest.id });
  });

  it("nobody but an Owner changes their own roles, and an Owner only where it changes nothing", async () => {
    const t = await railsWorkspace(server, "Self Co", {
      adam: { name: "Adam Admin", roles: ["admin"] },
    });
    const { adam } = t.people;
    const slug = t.ws.slug;
    expect(await appCodeOf(adam.http.members.setRoles.mutate({ workspaceSlug: slug, membershipId: adam.membershipId, roleIds: [t.roleIds.admin, t.roleIds.manager], primaryRoleId: t.roleIds.admin }))).toBe(
      "GIVE_TO_SELF",
    );
    expect(await rolesOf(adam.membershipId)).toEqual(["Admin"]);
    // An Owner already holds everything: adding a role to themselves gives nothing new.
    await t.owner.http.members.setRoles.mutate({ workspaceSlug: slug, membershipId: t.owner.membershipId, roleIds: [t.roleIds.owner, t.roleIds.manager], primaryRoleId: t.roleIds.owner });
    expect(await rolesOf(t.owner.membershipId)).toEqual(["Manager", "Owner"]);
  });

  it("an Admin can't open a module for herself that an Owner closed for her", async () => {
    const t = await railsWorkspace(server, "Modules Co", { adam: { name: "Adam Admin", roles: ["admin"] } });
    const { adam } = t.people;
    const slug = t.ws.slug;
    await t.owner.http.members.setModules.mutate({ workspaceSlug: slug, membershipId: adam.membershipId, modules: { crm: false } });
    expect(await appCodeOf(adam.http.members.setModules.mutate({ workspaceSlug: slug, membershipId: adam.membershipId, modules: { crm: true } }))).toBe("GIVE_TO_SELF");
    expect((await adam.http.workspaces.current.query({ workspaceSlug: slug })).access.modules.crm).toBe(false);
    // Closing more for herself is not giving; an Owner may open it.
    await adam.http.members.setModules.mutate({ workspaceSlug: slug, membershipId: adam.membershipId, modules: { recruiting: false } });
    await t.owner.http.members.setModules.mutate({ workspaceSlug: slug, membershipId: adam.membershipId, modules: { crm: true, recruiting: true } });
    expect((await adam.http.workspaces.current.query({ workspaceSlug: slug })).access.modules).toEqual({ crm: true, recruiting: true });
  });

  it("editing a custom role one holds oneself is giving to oneself", async () => {
    const t = await railsWorkspace(server, "Edit Co", {
      adam: { name: "Adam Admin", roles: ["admin"] },
    });
    const { adam } = t.people;
    const slug = t.ws.slug;
    const helper = await t.owner.http.roles.create.mutate({ workspaceSlug: slug, name: "Helper", grants: [{ permission: "members.view", scope: "all" }] });
    await t.owner.http.members.setRoles.mutate({ workspaceSlug: slug, membershipId: adam.membershipId, roleIds: [t.roleIds.admin, helper.id], primaryRoleId: t.roleIds.admin });
    // Adam holds all of it through Admin today; putting it in his own extra role would keep it if Admin were taken away.
    expect(
      await appCodeOf(
        adam.http.roles.update.mutate({
          workspaceSlug: slug,
          roleId: helper.id,
          name: "Helper",
          grants: [
            { permission: "members.view", scope: "all" },
            { permission: "members.manage", scope: "all" },
          ],
        }),
      ),
    ).toBe("GIVE_TO_SELF");
    const permissions = await server.deps.db.selectFrom("role_permissions").select("permission").where("role_id", "=", helper.id).execute();
    expect(permissions.map((p) => p.permission)).toEqual(["members.view"]);
  });
});

describe("path 6: owner-only power comes from the Owner role alone", () => {
  it("no custom role carries an owner-only permission, whoever makes it", async () => {
    const t = await railsWorkspace(server, "Owner-only Co", {
      fiona: { name: "Fiona Finance", roles: ["member"] },
      vic: { name: "Vic Viewer", roles: ["viewer"] },
    });
    const { fiona, vic } = t.people;
    const slug = t.ws.slug;
    expect(await appCodeOf(t.owner.http.roles.create.mutate({ workspaceSlug: slug, name: "Billing clerk", grants: [{ permission: "billing.manage", scope: "all" }] }))).toBe("ROLE_OWNER_ONLY_PERMISSION");
    const editable = await t.owner.http.roles.create.mutate({ workspaceSlug: slug, name: "Ops", grants: [{ permission: "members.view", scope: "all" }] });
    expect(await appCodeOf(t.owner.http.roles.update.mutate({ workspaceSlug: slug, roleId: editable.id, name: "Ops", grants: [{ permission: "members.impersonate", scope: "all" }] }))).toBe("ROLE_OWNER_ONLY_PERMISSION");

    // A role made before this rule (written straight into the database) carries billing.manage and roles.manage.
    const legacy = await legacyRole(server, t.ws.id, "Finance (old)", ["billing.manage", "workspace.delete", "roles.manage", "members.manage", "members.view"]);
    await server.deps.db.insertInto("membership_roles").values({ workspace_id: t.ws.id, membership_id: fiona.membershipId, role_id: legacy.id, is_primary: false }).execute();
    // The non-owner holding it has no owner-only power, and can't pass it on in a new role.
    const access = (await fiona.http.workspaces.current.query({ workspaceSlug: slug })).access;
    expect(access.permissions["billing.manage"]).toBeUndefined();
    expect(access.permissions["workspace.delete"]).toBeUndefined();
    expect(access.permissions["roles.manage"]).toBe("all");
    expect(await appCodeOf(fiona.http.roles.create.mutate({ workspaceSlug: slug, name: "Finance copy", grants: [{ permission: "billing.manage", scope: "all" }] }))).toBe("ROLE_OWNER_ONLY_PERMISSION");
    expect(await appCodeOf(fiona.http.billing.changePlan.mutate({ workspaceSlug: slug, plan: "enterprise" }))).toBe("FORBIDDEN");
    // Nor can she hand the old role itself to someone.
    expect(await appCodeOf(fiona.http.members.setRoles.mutate({ workspaceSlug: slug, membershipId: vic.membershipId, roleIds: [t.roleIds.viewer, legacy.id], primaryRoleId: t.roleIds.viewer }))).toBe("OWNER_ONLY");
  });
});
