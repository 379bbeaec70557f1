/** The safety rails around handing out access, each refused with its own code and nothing half-written. */
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, appCodeOf, callerAs, createUser } from "../helpers/fixtures";
import { type TestServer, serverForTests } from "../helpers/server";
import { buildWorld, type World } from "./world";

let server: TestServer;
let world: World;
let roleIds: Record<string, string>;
serverForTests((started) => (server = started));
beforeAll(async () => {
  world = await buildWorld(server.deps, "Rails");
  const roles = await (await world.as("owner")).roles.list({ workspaceSlug: world.workspace.slug });
  roleIds = Object.fromEntries(roles.map((r) => [r.builtinKey ?? r.name, r.id]));
});

async function rolesOf(membershipId: string): Promise<string[]> {
  const rows = await server.deps.db.selectFrom("membership_roles as mr").innerJoin("roles as r", "r.id", "mr.role_id").select(["r.builtin_key", "r.name"]).where("mr.membership_id", "=", membershipId).execute();
  return rows.map((r) => r.builtin_key ?? r.name).sort();
}

const slug = () => world.workspace.slug;

describe("nobody grants what they don't hold", () => {
  it("refuses a Manager-level admin-of-nothing giving Admin, and a custom role with access the giver lacks", async () => {
    // A custom "People ops" role may manage members but holds no record access.
    const owner = await world.as("owner");
    const peopleOps = await owner.roles.create({
      workspaceSlug: slug(),
      name: "People ops",
      grants: [
        { permission: "members.view", scope: "all" },
        { permission: "members.manage", scope: "all" },
      ],
    });
    const user = await createUser(server.deps);
    const membershipId = await addMember(server.deps, world.workspace.id, user, ["viewer"]);
    await owner.members.setRoles({ workspaceSlug: slug(), membershipId, roleIds: [peopleOps.id], primaryRoleId: peopleOps.id });
    const ops = await callerAs(server.deps, user);
    expect(await appCodeOf(ops.members.setRoles({ workspaceSlug: slug(), membershipId: world.people.rep.membershipId, roleIds: [roleIds.admin ?? ""], primaryRoleId: roleIds.admin ?? "" }))).toBe("ROLE_NOT_GRANTABLE");
    expect(await rolesOf(world.people.rep.membershipId)).toEqual(["member"]);
    // They may give what they hold.
    await ops.members.setRoles({ workspaceSlug: slug(), membershipId: world.people.rep.membershipId, roleIds: [roleIds.member ?? "", peopleOps.id], primaryRoleId: roleIds.member ?? "" });
    expect(await rolesOf(world.people.rep.membershipId)).toEqual(["People ops", "member"].sort());
  });

  it("refuses an admin creating or editing a custom role with an owner-only permission (no custom role carries one)", async () => {
    const admin = await world.as("admin");
    expect(await appCodeOf(admin.roles.create({ workspaceSlug: slug(), name: "Billing clerk", grants: [{ permission: "billing.manage", scope: "all" }] }))).toBe("ROLE_OWNER_ONLY_PERMISSION");
    const role = await admin.roles.create({ workspaceSlug: slug(), name: "Auditor", grants: [{ permission: "audit.view", scope: "all" }] });
    expect(await appCodeOf(admin.roles.update({ workspaceSlug: slug(), roleId: role.id, name: "Auditor", grants: [{ permission: "workspace.delete", scope: "all" }] }))).toBe("ROLE_OWNER_ONLY_PERMISSION");
    const grants = await server.deps.db.selectFrom("role_permissions").select("permission").where("role_id", "=", role.id).execute();
    expect(grants.map((g) => g.permission)).toEqual(["audit.view"]);
  });
});

describe("only owners make or unmake owners", () => {
  it("refuses an Admin making someone an Owner", async () => {
    const admin = await world.as("admin");
    const owner = roleIds.owner ?? "";
    expect(await appCodeOf(admin.members.setRoles({ workspaceSlug: slug(), membershipId: world.people.viewer.membershipId, roleIds: [owner], primaryRoleId: owner }))).toBe("OWNER_ONLY");
    expect(await rolesOf(world.people.viewer.membershipId)).toEqual(["viewer"]);
  });

  it("lets an Owner make and unmake another Owner", async () => {
    const owner = await world.as("owner");
    const ownerRole = roleIds.owner ?? "";
    const viewerRole = roleIds.viewer ?? "";
    await owner.members.setRoles({ workspaceSlug: slug(), membershipId: world.people.viewer.membershipId, roleIds: [ownerRole], primaryRoleId: ownerRole });
    expect(await rolesOf(world.people.viewer.membershipId)).toEqual(["owner"]);
    await owner.members.setRoles({ workspaceSlug: slug(), membershipId: world.people.viewer.membershipId, roleIds: [viewerRole], primaryRoleId: viewerRole });
    expect(await rolesOf(world.people.viewer.membershipId)).toEqual(["viewer"]);
  });
});

describe("the last owner", () => {
  it("can't be demoted or removed, and nothing changes", async () => {
    const owner = await world.as("owner");
    const admin = roleIds.admin ?? "";
    expect(await appCodeOf(owner.members.setRoles({ workspaceSlug: slug(), membershipId: world.people.owner.membershipId, roleIds: [admin], primaryRoleId: admin }))).toBe("LAST_OWNER");
    expect(await appCodeOf(owner.members.remove({ workspaceSlug: slug(), membershipId: world.people.owner.membershipId }))).toBe("LAST_OWNER");
    expect(await rolesOf(world.people.owner.membershipId)).toEqual(["owner"]);
    const row = await server.deps.db.selectFrom("memberships").select("status").where("id", "=", world.people.owner.membershipId).executeTakeFirstOrThrow();
    expect(row.status).toBe("active");
  });

  it("may change which of their roles is primary, and drop another role, while staying the Owner", async () => {
    const owner = await world.as("owner");
    const ownerRole = roleIds.owner ?? "";
    const admin = roleIds.admin ?? "";
    const membershipId = world.people.owner.membershipId;
    await server.deps.db.insertInto("membership_roles").values({ workspace_id: world.workspace.id, membership_id: membershipId, role_id: admin, is_primary: false }).execute();
    // The workspace's only Owner row is this member's own, deleted and written again in the same change.
    await owner.members.setRoles({ workspaceSlug: slug(), membershipId, roleIds: [ownerRole, admin], primaryRoleId: admin });
    expect(await rolesOf(membershipId)).toEqual(["admin", "owner"]);
    const primary = await server.deps.db.selectFrom("membership_roles").select("role_id").where("membership_id", "=", membershipId).where("is_primary", "=", true).execute();
    expect(primary).toEqual([{ role_id: admin }]);
    await owner.members.setRoles({ workspaceSlug: slug(), membershipId, roleIds: [ownerRole], primaryRoleId: ownerRole });
    expect(await rolesOf(membershipId)).toEqual(["owner"]);
  });

  it("holds when two owners demote each other at the same moment", async () => {
    const second = await createUser(server.deps);
    const secondId = await addMember(server.deps, world.workspace.id, second, ["owner"]);
    const admin = roleIds.admin ?? "";
    const a = await world.as("owner");
    const b = await callerAs(server.deps, second);
    const results = await Promise.allSettled([
      a.members.setRoles({ workspaceSlug: slug(), membershipId: secondId, roleIds: [admin], primaryRoleId: admin }),
      b.members.setRoles({ workspaceSlug: slug(), membershipId: world.people.owner.membershipId, roleIds: [admin], primaryRoleId: admin }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const owners = await server.deps.db
      .selectFrom("membership_roles as mr")
      .innerJoin("roles as r", "r.id", "mr.role_id")
      .select("mr.membership_id")
      .where("mr.workspace_id", "=", world.workspace.id)
      .where("r.builtin_key", "=", "owner")
      .execute();
    expect(owners).toHaveLength(1);
    // Put things back for the other stories.
    const survivor = owners[0]?.membership_id;
    const ownerRole = roleIds.owner ?? "";
    const survivorCaller = survivor === secondId ? b : a;
    const demoted = survivor === secondId ? world.people.owner.membershipId : secondId;
    await survivorCaller.members.setRoles({ workspaceSlug: slug(), membershipId: demoted, roleIds: [ownerRole], primaryRoleId: ownerRole });
    if (demoted === world.people.owner.membershipId) await (await world.as("owner")).members.remove({ workspaceSlug: slug(), membershipId: secondId });
    else await a.members.remove({ workspaceSlug: slug(), membershipId: secondId });
  });
});

describe("an admin cannot act on an owner", () => {
  it("refuses every member change an Admin tries on an Owner", async () => {
    const admin = await world.as("admin");
    const target = world.people.owner.membershipId;
    const viewer = roleIds.viewer ?? "";
    const auditFor = () => server.deps.db.selectFrom("audit_events").select("id").where("target_id", "=", target).execute();
    const auditBefore = (await auditFor()).length;
    expect(await appCodeOf(admin.members.setRoles({ workspaceSlug: slug(), membershipId: target, roleIds: [viewer], primaryRoleId: viewer }))).toBe("ACTS_ON_OWNER");
    expect(await appCodeOf(admin.members.setManager({ workspaceSlug: slug(), membershipId: target, managerId: world.people.admin.membershipId }))).toBe("ACTS_ON_OWNER");
    expect(await appCodeOf(admin.members.setDepartment({ workspaceSlug: slug(), membershipId: target, departmentId: world.departments.sales }))).toBe("ACTS_ON_OWNER");
    expect(await appCodeOf(admin.members.setModules({ workspaceSlug: slug(), membershipId: target, modules: { crm: false } }))).toBe("ACTS_ON_OWNER");
    expect(await appCodeOf(admin.members.remove({ workspaceSlug: slug(), membershipId: target }))).toBe("ACTS_ON_OWNER");
    expect((await auditFor()).length).toBe(auditBefore);
  });
});

describe("one primary role", () => {
  it("requires the primary role to be one of the member's roles", async () => {
    const admin = await world.as("admin");
    expect(await appCodeOf(admin.members.setRoles({ workspaceSlug: slug(), membershipId: world.people.rep.membershipId, roleIds: [roleIds.member ?? ""], primaryRoleId: roleIds.viewer ?? "" }))).toBe(
      "PRIMARY_ROLE_REQUIRED",
    );
    expect(await appCodeOf(admin.members.setRoles({ workspaceSlug: slug(), membershipId: world.people.rep.membershipId, roleIds: [], primaryRoleId: roleIds.viewer ?? "" }))).toBe("INVALID_INPUT");
  });
});
