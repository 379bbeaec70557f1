/** Managing members, roles and departments as an admin does it, with the audit trail and live events. */
import { beforeAll, describe, expect, it } from "vitest";
import { appCodeOf, callerAs, httpClient, sessionCookie } from "../helpers/fixtures";
import { type TestServer, serverForTests } from "../helpers/server";
import { connectAs } from "./socket";
import { buildWorld, type World } from "./world";

let server: TestServer;
let world: World;
serverForTests((started) => (server = started));
beforeAll(async () => {
  world = await buildWorld(server.deps, "People");
});
const slug = () => world.workspace.slug;

describe("the member directory", () => {
  it("searches by name or email, filters by role, department and manager, sorts and pages", async () => {
    const viewer = await world.as("viewer");
    const all = await viewer.members.search({ workspaceSlug: slug(), pageSize: 5 });
    expect(all.total).toBe(10);
    expect(all.rows).toHaveLength(5);
    const second = await viewer.members.search({ workspaceSlug: slug(), pageSize: 5, page: 2 });
    expect(second.rows.map((r) => r.membershipId)).not.toContain(all.rows[0]?.membershipId);
    expect(second.total).toBe(10);
    // Past the last page: no rows, and still the number of matches (counted on its own then).
    const beyond = await viewer.members.search({ workspaceSlug: slug(), pageSize: 5, page: 4 });
    expect(beyond).toMatchObject({ rows: [], total: 10, page: 4 });
    const nobody = await viewer.members.search({ workspaceSlug: slug(), query: "no such person anywhere" });
    expect(nobody).toMatchObject({ rows: [], total: 0 });

    const byName = await viewer.members.search({ workspaceSlug: slug(), query: "siblingrep" });
    expect(byName.rows.map((r) => r.name)).toEqual(["People siblingRep"]);
    const byEmail = await viewer.members.search({ workspaceSlug: slug(), query: world.people.lead.email.slice(0, 12) });
    expect(byEmail.rows.map((r) => r.email)).toContain(world.people.lead.email);

    const roles = await viewer.roles.list({ workspaceSlug: slug() });
    const managerRole = roles.find((r) => r.builtinKey === "manager")?.id;
    const managers = await viewer.members.search({ workspaceSlug: slug(), roleId: managerRole });
    expect(managers.rows.map((r) => r.name).sort()).toEqual(["People director", "People lead", "People sibling", "People vp"]);

    const support = await viewer.members.search({ workspaceSlug: slug(), departmentId: world.departments.support });
    expect(support.rows.map((r) => r.name).sort()).toEqual(["People sibling", "People siblingRep"]);
    const noDepartment = await viewer.members.search({ workspaceSlug: slug(), departmentId: "none" });
    expect(noDepartment.total).toBe(4);

    const reportsToVp = await viewer.members.search({ workspaceSlug: slug(), managerId: world.people.vp.membershipId });
    expect(reportsToVp.rows.map((r) => r.name).sort()).toEqual(["People director", "People sibling"]);

    const desc = await viewer.members.search({ workspaceSlug: slug(), sort: "name", direction: "desc", pageSize: 100 });
    const names = desc.rows.map((r) => r.name.toLowerCase());
    expect(names).toEqual([...names].sort().reverse());
  });
});

describe("the directory's total", () => {
  it("is the number of members its pages list, for every combination of filters", async () => {
    const viewer = await world.as("viewer");
    const roles = await viewer.roles.list({ workspaceSlug: slug() });
    const roleChoices = [undefined, ...roles.map((r) => r.id)];
    const departmentChoices = [undefined, "none", world.departments.support];
    const managerChoices = [undefined, world.people.vp.membershipId];
    const queryChoices = [undefined, "people s", world.people.lead.email.slice(0, 12)];
    const statusChoices = ["active", "removed"] as const;
    let checked = 0;
    for (const roleId of roleChoices) {
      for (const departmentId of departmentChoices) {
        for (const managerId of managerChoices) {
          for (const [query, status] of queryChoices.flatMap((q) => statusChoices.map((st) => [q, st] as const))) {
            const filters = { workspaceSlug: slug(), roleId, departmentId, managerId, query, status };
            const listed = await viewer.members.search({ ...filters, pageSize: 100 });
            const firstPage = await viewer.members.search({ ...filters, pageSize: 5 });
            expect({ filters, total: listed.total }).toEqual({ filters, total: listed.rows.length });
            expect({ filters, total: firstPage.total }).toEqual({ filters, total: listed.rows.length });
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBe(roleChoices.length * 36);
  });
});

describe("removing a member", () => {
  it("ends their access immediately: they are told they left, their calls answer NOT_FOUND, the workspace sees the change", async () => {
    const repCookie = await sessionCookie(server.deps, world.people.siblingRep);
    const adminCookie = await sessionCookie(server.deps, world.people.admin);
    const rep = await connectAs(server, repCookie);
    const admin = await connectAs(server, adminCookie);
    try {
      const repClient = httpClient(server, repCookie);
      expect((await repClient.crm.contacts.list.query({ workspaceSlug: slug() })).rows).toHaveLength(1);

      await httpClient(server, adminCookie).members.remove.mutate({ workspaceSlug: slug(), membershipId: world.people.siblingRep.membershipId });

      await expect.poll(() => rep.received.map((m) => m.type)).toContain("workspace.left");
      expect(rep.received.find((m) => m.type === "workspace.left")).toMatchObject({ workspaceId: world.workspace.id, reason: "removed" });
      await expect.poll(() => admin.received.filter((m) => m.type === "member.changed")).toEqual([expect.objectContaining({ change: "removed", membershipId: world.people.siblingRep.membershipId })]);
      expect(await appCodeOf(repClient.crm.contacts.list.query({ workspaceSlug: slug() }))).toBe("NOT_FOUND");

      // Their socket left the workspace's rooms: a later change in the workspace does not reach them.
      const before = rep.received.length;
      await httpClient(server, adminCookie).members.setDepartment.mutate({ workspaceSlug: slug(), membershipId: world.people.rep.membershipId, departmentId: null });
      await expect.poll(() => admin.received.filter((m) => m.type === "member.changed").length).toBe(2);
      expect(rep.received.length).toBe(before);

      const row = await server.deps.db.selectFrom("memberships").select(["status", "removed_at"]).where("id", "=", world.people.siblingRep.membershipId).executeTakeFirstOrThrow();
      expect(row.status).toBe("removed");
      expect(row.removed_at).not.toBeNull();
      const audit = await server.deps.db.selectFrom("audit_events").select(["action", "actor_user_id"]).where("target_id", "=", world.people.siblingRep.membershipId).execute();
      expect(audit).toEqual([{ action: "member.removed", actor_user_id: world.people.admin.id }]);
      // Listed among removed members, not active ones.
      const viewer = await world.as("viewer");
      expect((await viewer.members.search({ workspaceSlug: slug(), status: "removed" })).rows.map((r) => r.name)).toEqual(["People siblingRep"]);
    } finally {
      rep.socket.disconnect();
      admin.socket.disconnect();
    }
  });

  it("moves the removed member's reports up to their manager", async () => {
    const admin = await world.as("admin");
    await admin.members.remove({ workspaceSlug: slug(), membershipId: world.people.lead.membershipId });
    const rep = await server.deps.db.selectFrom("memberships").select("manager_id").where("id", "=", world.people.rep.membershipId).executeTakeFirstOrThrow();
    expect(rep.manager_id).toBe(world.people.director.membershipId);
  });
});

describe("a role change reaches the member live", () => {
  it("sends access.changed to the member and member.changed to the workspace, with an audit entry", async () => {
    const cookie = await sessionCookie(server.deps, world.people.member);
    const member = await connectAs(server, cookie);
    try {
      const admin = await world.as("admin");
      const roles = await admin.roles.list({ workspaceSlug: slug() });
      const viewer = roles.find((r) => r.builtinKey === "viewer")?.id ?? "";
      await admin.members.setRoles({ workspaceSlug: slug(), membershipId: world.people.member.membershipId, roleIds: [viewer], primaryRoleId: viewer });
      await expect.poll(() => member.received.map((m) => m.type).sort()).toEqual(["access.changed", "member.changed", "notification.created"]);
      const audit = await server.deps.db.selectFrom("audit_events").select(["action", "before", "after"]).where("target_id", "=", world.people.member.membershipId).execute();
      expect(audit).toEqual([expect.objectContaining({ action: "member.roles_changed", after: { roleIds: [viewer], primaryRoleId: viewer } })]);
    } finally {
      member.socket.disconnect();
    }
  });
});

describe("custom roles", () => {
  it("are created, edited and shown with their holders; built-in roles can't be edited or deleted", async () => {
    const admin = await world.as("admin");
    const role = await admin.roles.create({
      workspaceSlug: slug(),
      name: "Sourcer",
      description: "Finds candidates",
      grants: [
        { permission: "recruiting.candidates.read", scope: "team" },
        { permission: "recruiting.candidates.create", scope: "own" },
      ],
    });
    expect(await appCodeOf(admin.roles.create({ workspaceSlug: slug(), name: "sourcer", grants: [] }))).toBe("ROLE_NAME_TAKEN");
    await admin.roles.update({ workspaceSlug: slug(), roleId: role.id, name: "Sourcer", description: "Finds candidates", grants: [{ permission: "recruiting.candidates.read", scope: "all" }] });
    await admin.members.setRoles({ workspaceSlug: slug(), membershipId: world.people.viewer.membershipId, roleIds: [role.id], primaryRoleId: role.id });
    const listed = (await admin.roles.list({ workspaceSlug: slug() })).find((r) => r.id === role.id);
    expect(listed).toMatchObject({ grants: [{ permission: "recruiting.candidates.read", scope: "all" }], holderCount: 1, holders: [{ name: "People viewer", isPrimary: true }] });

    const owner = (await admin.roles.list({ workspaceSlug: slug() })).find((r) => r.builtinKey === "owner");
    expect(await appCodeOf(admin.roles.update({ workspaceSlug: slug(), roleId: owner?.id ?? "", name: "Boss", grants: [] }))).toBe("BUILT_IN_ROLE");
    const viewerRole = (await admin.roles.list({ workspaceSlug: slug() })).find((r) => r.builtinKey === "viewer");
    expect(await appCodeOf(admin.roles.delete({ workspaceSlug: slug(), roleId: viewerRole?.id ?? "" }))).toBe("BUILT_IN_ROLE");
  });

  it("asks what to do with the holders of a deleted role, and never leaves anyone without a role", async () => {
    const admin = await world.as("admin");
    const roles = await admin.roles.list({ workspaceSlug: slug() });
    const sourcer = roles.find((r) => r.name === "Sourcer");
    const viewerRole = roles.find((r) => r.builtinKey === "viewer");
    if (!sourcer || !viewerRole) throw new Error("roles missing");
    expect(await appCodeOf(admin.roles.delete({ workspaceSlug: slug(), roleId: sourcer.id }))).toBe("ROLE_IN_USE");
    // The only holder has no other role: dropping would leave them with none.
    expect(await appCodeOf(admin.roles.delete({ workspaceSlug: slug(), roleId: sourcer.id, holders: { action: "drop" } }))).toBe("ROLE_WOULD_LEAVE_NO_ROLE");
    expect((await admin.roles.list({ workspaceSlug: slug() })).some((r) => r.id === sourcer.id)).toBe(true);

    const result = await admin.roles.delete({ workspaceSlug: slug(), roleId: sourcer.id, holders: { action: "reassign", roleId: viewerRole.id } });
    expect(result.holdersMoved).toBe(1);
    const held = await server.deps.db.selectFrom("membership_roles").select(["role_id", "is_primary"]).where("membership_id", "=", world.people.viewer.membershipId).execute();
    expect(held).toEqual([{ role_id: viewerRole.id, is_primary: true }]);
    const audit = await server.deps.db.selectFrom("audit_events").select("action").where("target_id", "=", sourcer.id).orderBy("created_at").execute();
    expect(audit.map((a) => a.action)).toEqual(["role.created", "role.updated", "role.deleted"]);
  });
});

describe("departments", () => {
  it("are created, renamed and deleted by admins, and reported with members and records per department", async () => {
    const admin = await world.as("admin");
    const ops = await admin.departments.create({ workspaceSlug: slug(), name: "Operations" });
    expect(await appCodeOf(admin.departments.create({ workspaceSlug: slug(), name: "operations" }))).toBe("DEPARTMENT_NAME_TAKEN");
    await admin.departments.rename({ workspaceSlug: slug(), departmentId: ops.id, name: "Ops" });
    await admin.members.setDepartment({ workspaceSlug: slug(), membershipId: world.people.member.membershipId, departmentId: ops.id });
    expect(await appCodeOf((await world.as("vp")).departments.create({ workspaceSlug: slug(), name: "Shadow" }))).toBe("FORBIDDEN");

    const report = await admin.departments.report({ workspaceSlug: slug() });
    const byName = Object.fromEntries(report.map((r) => [r.name, r]));
    expect(byName.Ops).toMatchObject({ members: 1, contacts: 1, jobs: 0, candidates: 0 });
    // Sales: vp and director are active (lead was removed, rep's department cleared above); lead's contact still counts.
    expect(byName.Sales).toMatchObject({ members: 2, contacts: 3 });
    // A manager's report counts only records in their team.
    const vpReport = Object.fromEntries((await (await world.as("vp")).departments.report({ workspaceSlug: slug() })).map((r) => [r.name, r]));
    expect(vpReport.Ops?.contacts).toBe(0);
    expect(vpReport.Sales?.contacts).toBe(2);

    const deleted = await admin.departments.delete({ workspaceSlug: slug(), departmentId: ops.id });
    expect(deleted.membersUnassigned).toBe(1);
    const member = await server.deps.db.selectFrom("memberships").select(["department_id", "status"]).where("id", "=", world.people.member.membershipId).executeTakeFirstOrThrow();
    expect(member).toEqual({ department_id: null, status: "active" });
    const audit = await server.deps.db.selectFrom("audit_events").select("action").where("target_id", "=", ops.id).orderBy("created_at").execute();
    expect(audit.map((a) => a.action)).toEqual(["department.created", "department.renamed", "department.deleted"]);
  });
});

describe("exports", () => {
  it("exports contacts in scope as CSV, neutralising spreadsheet formulas", async () => {
    const vp = await world.as("vp");
    await vp.crm.contacts.create({ workspaceSlug: slug(), name: '=HYPERLINK("x")', company: 'Quote, "Inc"' });
    const exported = await vp.crm.contacts.export({ workspaceSlug: slug() });
    expect(exported.csv.startsWith("\uFEFF")).toBe(true);
    const lines = exported.csv.slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toBe('"Name","Email","Company","Phone","Owner","Department","Created"');
    expect(exported.rows).toBe(lines.length - 1);
    expect(exported.csv).toContain(`"'=HYPERLINK(""x"")","","Quote, ""Inc""",`);
    expect(exported.csv).not.toContain("Contact of owner");
    expect(await appCodeOf((await callerAs(server.deps, world.people.rep)).crm.contacts.export({ workspaceSlug: slug() }))).toBe("FORBIDDEN");
  });
});

describe("the Members page's filter choices", () => {
  it("are every role and department, id and name, in the order roles.list and departments.list give them", async () => {
    // Custom roles come after the built-in five, by name whatever the case.
    const admin = await world.as("admin");
    for (const name of ["zeta filter", "Alpha filter", "beta filter"]) await admin.roles.create({ workspaceSlug: slug(), name, grants: [] });
    const viewer = await world.as("viewer");
    const options = await viewer.members.filterOptions({ workspaceSlug: slug() });
    const roles = await viewer.roles.list({ workspaceSlug: slug() });
    const departments = await viewer.departments.list({ workspaceSlug: slug() });
    expect(roles.filter((r) => r.builtinKey === null).map((r) => r.name)).toEqual(["Alpha filter", "beta filter", "zeta filter"]);
    expect(departments.length).toBeGreaterThanOrEqual(2);
    expect(options).toEqual({ roles: roles.map((r) => ({ id: r.id, name: r.name })), departments: departments.map((d) => ({ id: d.id, name: d.name })) });
  });
});
