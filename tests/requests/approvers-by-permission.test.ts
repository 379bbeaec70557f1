/**
 * Approvers are chosen by what their roles hold, never by the built-in
 * role's name (decision 26): a custom role carrying `members.manage`,
 * `requests.approve` and the permission asked for approves requests from
 * anyone, like an Admin; one without `members.manage` only for their team.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { approversFor } from "#server/permissions/approve";
import { allPermissions, ownerOnlyPermissions, type Permission } from "#shared/permissions/catalogue";
import { addMember, appCodeOf, callerAs, createUser } from "../helpers/fixtures";
import { type TestServer, serverForTests } from "../helpers/server";
import { buildChain, type Chain } from "./chain";

let server: TestServer;
let chain: Chain;
serverForTests((started) => (server = started));
beforeAll(async () => {
  chain = await buildChain(server.deps);
});

async function memberWithCustomRole(name: string, permissions: Permission[]) {
  const owner = await callerAs(server.deps, chain.owner);
  const role = await owner.roles.create({ workspaceSlug: chain.workspace.slug, name, grants: permissions.map((permission) => ({ permission, scope: "all" as const })) });
  const user = await createUser(server.deps, { name });
  const membershipId = await addMember(server.deps, chain.workspace.id, user, ["viewer"]);
  await owner.members.setRoles({ workspaceSlug: chain.workspace.slug, membershipId, roleIds: [role.id], primaryRoleId: role.id });
  return { ...user, membershipId };
}

describe("approvers by permission", () => {
  it("counts a custom role holding every (non-owner) permission as an approver for everyone", async () => {
    const everything = allPermissions.filter((p) => !ownerOnlyPermissions.has(p as never));
    const operator = await memberWithCustomRole("Operations", everything);
    const approvers = await approversFor(server.deps.db, { workspaceId: chain.workspace.id, requesterMembershipId: chain.rep.membershipId, permission: "crm.contacts.export", scope: "all" });
    expect(approvers.map((a) => a.userId)).toContain(operator.id);

    const rep = await callerAs(server.deps, chain.rep);
    const request = await rep.requests.create({ workspaceSlug: chain.workspace.slug, permission: "crm.contacts.export", scope: "all", reason: "Quarterly report", duration: "1d" });
    const asOperator = await callerAs(server.deps, operator);
    const listed = await asOperator.requests.list({ workspaceSlug: chain.workspace.slug });
    expect(JSON.stringify(listed)).toContain(request.id);
    await asOperator.requests.approve({ workspaceSlug: chain.workspace.slug, requestId: request.id });
  });

  it("keeps a custom approver without members.manage to their own team", async () => {
    const approver = await memberWithCustomRole("Approver only", ["requests.approve", "crm.contacts.delete", "members.view"]);
    const approvers = await approversFor(server.deps.db, { workspaceId: chain.workspace.id, requesterMembershipId: chain.rep.membershipId, permission: "crm.contacts.delete", scope: "all" });
    expect(approvers.map((a) => a.userId)).not.toContain(approver.id);
    const rep = await callerAs(server.deps, chain.rep);
    const request = await rep.requests.create({ workspaceSlug: chain.workspace.slug, permission: "crm.contacts.delete", scope: "own", reason: "Quarterly report", duration: "1d" });
    expect(await appCodeOf((await callerAs(server.deps, approver)).requests.approve({ workspaceSlug: chain.workspace.slug, requestId: request.id }))).toBe("REQUEST_NOT_APPROVER");
  });
});
