/**
 * Scope through the manager chain, applied in SQL: who sees (and may
 * change) which records.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { navigationFor } from "#app/lib/navigation";
import { appCodeOf, callerAs } from "../helpers/fixtures";
import { type TestServer, serverForTests } from "../helpers/server";
import { buildWorld, type PersonKey, type World } from "./world";

let server: TestServer;
let world: World;
serverForTests((started) => (server = started));
beforeAll(async () => {
  world = await buildWorld(server.deps);
});

async function visibleContactOwners(key: PersonKey, departmentId?: string): Promise<string[]> {
  const caller = await world.as(key);
  const page = await caller.crm.contacts.list({ workspaceSlug: world.workspace.slug, pageSize: 100, departmentId });
  return page.rows.map((c) => c.name.replace("Contact of ", "")).sort();
}

describe("team scope down the manager chain", () => {
  it("lets a manager see their whole chain four levels deep, and not a sibling team", async () => {
    // vp -> director -> lead -> rep is four levels; the sibling team hangs off the vp too.
    expect(await visibleContactOwners("vp")).toEqual(["director", "lead", "rep", "sibling", "siblingRep", "vp"].sort());
    expect(await visibleContactOwners("director")).toEqual(["director", "lead", "rep"]);
    expect(await visibleContactOwners("lead")).toEqual(["lead", "rep"]);
  });

  it("keeps a manager out of a sibling team's records, for reads and writes", async () => {
    const director = await world.as("director");
    expect(await visibleContactOwners("sibling")).toEqual(["sibling", "siblingRep"]);
    expect(await appCodeOf(director.crm.contacts.get({ workspaceSlug: world.workspace.slug, id: world.contacts.siblingRep }))).toBe("NOT_FOUND");
    expect(await appCodeOf(director.crm.contacts.update({ workspaceSlug: world.workspace.slug, id: world.contacts.siblingRep, name: "Hijacked" }))).toBe("NOT_FOUND");
    expect(await appCodeOf(director.crm.contacts.delete({ workspaceSlug: world.workspace.slug, id: world.contacts.siblingRep }))).toBe("NOT_FOUND");
    const untouched = await server.deps.db.selectFrom("contacts").select("name").where("id", "=", world.contacts.siblingRep).executeTakeFirstOrThrow();
    expect(untouched.name).toBe("Contact of siblingRep");
  });

  it("lets a manager edit and delete within their team", async () => {
    const lead = await world.as("lead");
    const extra = await (await world.as("rep")).crm.contacts.create({ workspaceSlug: world.workspace.slug, name: "Rep's prospect" });
    await lead.crm.contacts.update({ workspaceSlug: world.workspace.slug, id: extra.id, name: "Rep's prospect (qualified)" });
    expect((await lead.crm.contacts.get({ workspaceSlug: world.workspace.slug, id: extra.id })).name).toBe("Rep's prospect (qualified)");
    await lead.crm.contacts.delete({ workspaceSlug: world.workspace.slug, id: extra.id });
    expect(await appCodeOf(lead.crm.contacts.get({ workspaceSlug: world.workspace.slug, id: extra.id }))).toBe("NOT_FOUND");
  });

  it("filters a team list by department inside the same query", async () => {
    expect(await visibleContactOwners("vp", world.departments.support)).toEqual(["sibling", "siblingRep"]);
    expect(await visibleContactOwners("vp", world.departments.sales)).toEqual(["director", "lead", "rep", "vp"]);
  });

  it("follows a change of manager at once", async () => {
    const admin = await world.as("admin");
    await admin.members.setManager({ workspaceSlug: world.workspace.slug, membershipId: world.people.siblingRep.membershipId, managerId: world.people.lead.membershipId });
    expect(await visibleContactOwners("lead")).toEqual(["lead", "rep", "siblingRep"]);
    expect(await visibleContactOwners("sibling")).toEqual(["sibling"]);
    await admin.members.setManager({ workspaceSlug: world.workspace.slug, membershipId: world.people.siblingRep.membershipId, managerId: world.people.sibling.membershipId });
    expect(await visibleContactOwners("sibling")).toEqual(["sibling", "siblingRep"]);
  });
});

describe("own scope and read-only roles", () => {
  it("shows a Member only their own records, and lets them see but not change others' when they can read more", async () => {
    expect(await visibleContactOwners("rep")).toEqual(["rep"]);
    const rep = await world.as("rep");
    expect(await appCodeOf(rep.crm.contacts.update({ workspaceSlug: world.workspace.slug, id: world.contacts.lead, name: "x" }))).toBe("NOT_FOUND");
    expect(await appCodeOf(rep.crm.contacts.delete({ workspaceSlug: world.workspace.slug, id: world.contacts.rep }))).toBe("FORBIDDEN");
    expect(await appCodeOf(rep.crm.contacts.export({ workspaceSlug: world.workspace.slug }))).toBe("FORBIDDEN");
  });

  it("lets a Viewer read everything and change nothing", async () => {
    expect((await visibleContactOwners("viewer")).length).toBe(10);
    const viewer = await world.as("viewer");
    expect(await appCodeOf(viewer.crm.contacts.create({ workspaceSlug: world.workspace.slug, name: "Nope" }))).toBe("FORBIDDEN");
  });

  it("answers RECORD_NOT_YOURS when a record is readable but outside the scope of the change", async () => {
    // Member + Viewer: reads all, edits own.
    const admin = await world.as("admin");
    const roles = await admin.roles.list({ workspaceSlug: world.workspace.slug });
    const member = roles.find((r) => r.builtinKey === "member");
    const viewer = roles.find((r) => r.builtinKey === "viewer");
    if (!member || !viewer) throw new Error("built-in roles missing");
    await admin.members.setRoles({ workspaceSlug: world.workspace.slug, membershipId: world.people.member.membershipId, roleIds: [member.id, viewer.id], primaryRoleId: member.id });
    const both = await world.as("member");
    expect((await both.crm.contacts.get({ workspaceSlug: world.workspace.slug, id: world.contacts.vp })).name).toBe("Contact of vp");
    expect(await appCodeOf(both.crm.contacts.update({ workspaceSlug: world.workspace.slug, id: world.contacts.vp, name: "x" }))).toBe("RECORD_NOT_YOURS");
    await both.crm.contacts.update({ workspaceSlug: world.workspace.slug, id: world.contacts.member, name: "Mine, edited" });

    // The list says, per row, exactly what the writes above found: edit own only, delete nothing.
    const rows = (await both.crm.contacts.list({ workspaceSlug: world.workspace.slug, pageSize: 100 })).rows;
    expect(rows.filter((r) => r.mayUpdate).map((r) => r.id)).toEqual([world.contacts.member]);
    expect(rows.some((r) => r.mayDelete)).toBe(false);
    const lead = (await (await world.as("director")).crm.contacts.list({ workspaceSlug: world.workspace.slug, pageSize: 100 })).rows;
    expect(lead.every((r) => r.mayUpdate && r.mayDelete)).toBe(true);
  });
});

describe("several roles", () => {
  it("gives a member with two roles the widest scope of the two, per permission", async () => {
    const admin = await world.as("admin");
    const roles = await admin.roles.list({ workspaceSlug: world.workspace.slug });
    const byKey = (k: string) => roles.find((r) => r.builtinKey === k)?.id ?? "";
    // rep: Member (own) + Manager (team) -> team for read/update/delete.
    await admin.members.setRoles({
      workspaceSlug: world.workspace.slug,
      membershipId: world.people.lead.membershipId,
      roleIds: [byKey("member"), byKey("manager")],
      primaryRoleId: byKey("member"),
    });
    const lead = await world.as("lead");
    const current = await lead.workspaces.current({ workspaceSlug: world.workspace.slug });
    expect(current.access.permissions["crm.contacts.read"]).toBe("team");
    expect(current.access.permissions["crm.contacts.delete"]).toBe("team");
    expect(await visibleContactOwners("lead")).toEqual(["lead", "rep"]);
    // Add Viewer: read widens to all; delete stays team.
    await admin.members.setRoles({
      workspaceSlug: world.workspace.slug,
      membershipId: world.people.lead.membershipId,
      roleIds: [byKey("member"), byKey("manager"), byKey("viewer")],
      primaryRoleId: byKey("manager"),
    });
    const wider = await (await world.as("lead")).workspaces.current({ workspaceSlug: world.workspace.slug });
    expect(wider.access.permissions["crm.contacts.read"]).toBe("all");
    expect(wider.access.permissions["crm.contacts.delete"]).toBe("team");
    expect((await visibleContactOwners("lead")).length).toBe(10);
  });
});

describe("the manager chain refuses cycles", () => {
  it("refuses a manager who already reports to the member, with a clear message, and changes nothing", async () => {
    const admin = await world.as("admin");
    const attempt = admin.members.setManager({ workspaceSlug: world.workspace.slug, membershipId: world.people.vp.membershipId, managerId: world.people.rep.membershipId });
    await expect(attempt).rejects.toThrow(/already reports to/);
    expect(await appCodeOf(admin.members.setManager({ workspaceSlug: world.workspace.slug, membershipId: world.people.vp.membershipId, managerId: world.people.rep.membershipId }))).toBe("MANAGER_CYCLE");
    expect(await appCodeOf(admin.members.setManager({ workspaceSlug: world.workspace.slug, membershipId: world.people.vp.membershipId, managerId: world.people.vp.membershipId }))).toBe("MANAGER_CYCLE");
    const vp = await server.deps.db.selectFrom("memberships").select("manager_id").where("id", "=", world.people.vp.membershipId).executeTakeFirstOrThrow();
    expect(vp.manager_id).toBe(world.people.owner.membershipId);
  });
});

describe("revoked modules", () => {
  it("removes a module revoked for one member from their navigation and refuses its procedures", async () => {
    const admin = await world.as("admin");
    await admin.members.setModules({ workspaceSlug: world.workspace.slug, membershipId: world.people.director.membershipId, modules: { crm: false } });
    const director = await world.as("director");
    const current = await director.workspaces.current({ workspaceSlug: world.workspace.slug });
    expect(current.access.modules.crm).toBe(false);
    const nav = navigationFor(world.workspace.slug, current.access).map((n) => n.label);
    expect(nav).not.toContain("CRM");
    expect(nav).toContain("Recruiting");
    for (const call of [
      director.crm.contacts.list({ workspaceSlug: world.workspace.slug }),
      director.crm.contacts.get({ workspaceSlug: world.workspace.slug, id: world.contacts.director }),
      director.crm.contacts.create({ workspaceSlug: world.workspace.slug, name: "x" }),
      director.crm.contacts.export({ workspaceSlug: world.workspace.slug }),
    ]) {
      const error = await call.then(
        () => null,
        (e: { code?: string; appCode?: string }) => e,
      );
      expect(error?.code).toBe("FORBIDDEN");
      expect(await appCodeOf(Promise.reject(error))).toBe("MODULE_CLOSED");
    }
    // Others keep it; giving it back restores it.
    expect((await (await world.as("lead")).crm.contacts.list({ workspaceSlug: world.workspace.slug })).rows.length).toBeGreaterThan(0);
    await admin.members.setModules({ workspaceSlug: world.workspace.slug, membershipId: world.people.director.membershipId, modules: { crm: true } });
    expect((await (await world.as("director")).crm.contacts.list({ workspaceSlug: world.workspace.slug })).rows.length).toBe(3);
  });

  it("closes a module for everyone when an admin turns it off for the workspace", async () => {
    const admin = await world.as("admin");
    await admin.modules.setEnabled({ workspaceSlug: world.workspace.slug, module: "recruiting", enabled: false });
    const owner = await callerAs(server.deps, world.people.owner);
    expect(await appCodeOf(owner.recruiting.jobs.list({ workspaceSlug: world.workspace.slug }))).toBe("MODULE_CLOSED");
    const current = await owner.workspaces.current({ workspaceSlug: world.workspace.slug });
    expect(navigationFor(world.workspace.slug, current.access).map((n) => n.label)).not.toContain("Recruiting");
    await admin.modules.setEnabled({ workspaceSlug: world.workspace.slug, module: "recruiting", enabled: true });
    expect((await (await callerAs(server.deps, world.people.owner)).recruiting.jobs.list({ workspaceSlug: world.workspace.slug })).rows).toEqual([]);
    const audit = await server.deps.db.selectFrom("audit_events").select("action").where("workspace_id", "=", world.workspace.id).where("target_type", "=", "module").orderBy("created_at").execute();
    expect(audit.map((a) => a.action)).toEqual(["module.disabled", "module.enabled"]);
  });
});
