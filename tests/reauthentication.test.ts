/**
 * The password again before deleting a workspace and before viewing as
 * another member (issue 11), enforced by the procedures over HTTP: missing
 * and wrong passwords are refused with their own codes and change nothing;
 * guesses are counted; the password asked is the signed-in owner's.
 */
import { describe, expect, it } from "vitest";
import { addMember, appCodeOf, createUser, createWorkspaceOwnedBy, httpClient, sessionCookie } from "./helpers/fixtures";
import { type TestServer, serverForTests } from "./helpers/server";

let server: TestServer;
serverForTests((started) => (server = started));

async function ownedWorkspace(name: string) {
  const owner = await createUser(server.deps, { name: "Orla Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, name);
  const member = await createUser(server.deps, { name: "Mick Member" });
  const membershipId = await addMember(server.deps, ws.id, member, ["member"]);
  return { owner, ws, member, membershipId, client: httpClient(server, await sessionCookie(server.deps, owner)) };
}

const workspaceExists = async (id: string) => (await server.deps.db.selectFrom("workspaces").select("id").where("id", "=", id).execute()).length === 1;
const impersonationsIn = async (id: string) => (await server.deps.db.selectFrom("impersonations").select("id").where("workspace_id", "=", id).execute()).length;

describe("deleting a workspace", () => {
  it("asks for the password: missing and wrong are refused with their own words and codes, and nothing is deleted", async () => {
    const t = await ownedWorkspace("Keep Me Co");
    const missing = await t.client.workspaceDeletion.delete.mutate({ workspaceSlug: t.ws.slug, confirmName: "Keep Me Co" }).catch((e: unknown) => e);
    expect((missing as { data: { appCode: string; httpStatus: number } }).data).toMatchObject({ appCode: "REAUTH_REQUIRED", httpStatus: 403 });
    expect((missing as Error).message).toBe("Enter your password to confirm it's you.");
    expect(await appCodeOf(t.client.workspaceDeletion.delete.mutate({ workspaceSlug: t.ws.slug, confirmName: "Keep Me Co", password: "" }))).toBe("REAUTH_REQUIRED");
    expect(await appCodeOf(t.client.workspaceDeletion.delete.mutate({ workspaceSlug: t.ws.slug, confirmName: "Keep Me Co", password: "not it" }))).toBe("PASSWORD_INCORRECT");
    expect(await workspaceExists(t.ws.id)).toBe(true);
    expect(await t.client.workspaceDeletion.delete.mutate({ workspaceSlug: t.ws.slug, confirmName: "Keep Me Co", password: t.owner.password })).toEqual({ deleted: true });
    expect(await workspaceExists(t.ws.id)).toBe(false);
  });

  it("counts wrong passwords, so a session left open can't be used to guess it", async () => {
    const t = await ownedWorkspace("Guarded Co");
    const max = server.deps.rateLimits.passwordCheck.limits.user?.max ?? 0;
    const codes: string[] = [];
    for (let i = 0; i < max + 1; i += 1) {
      codes.push(await appCodeOf(t.client.workspaceDeletion.delete.mutate({ workspaceSlug: t.ws.slug, confirmName: "Guarded Co", password: `guess ${i}` })));
    }
    expect(codes.slice(0, max).every((c) => c === "PASSWORD_INCORRECT")).toBe(true);
    expect(codes.at(-1)).toBe("PASSWORD_CHECK_RATE_LIMITED");
    expect(await appCodeOf(t.client.workspaceDeletion.delete.mutate({ workspaceSlug: t.ws.slug, confirmName: "Guarded Co", password: t.owner.password }))).toBe("PASSWORD_CHECK_RATE_LIMITED");
    expect(await workspaceExists(t.ws.id)).toBe(true);
  });
});

describe("viewing as a member", () => {
  it("asks for the password before it starts: missing and wrong are refused, and no view begins", async () => {
    const t = await ownedWorkspace("View Guard Co");
    expect(await appCodeOf(t.client.impersonation.start.mutate({ workspaceSlug: t.ws.slug, membershipId: t.membershipId }))).toBe("REAUTH_REQUIRED");
    expect(await appCodeOf(t.client.impersonation.start.mutate({ workspaceSlug: t.ws.slug, membershipId: t.membershipId, password: "nope nope" }))).toBe("PASSWORD_INCORRECT");
    // The member's password is not the owner's.
    expect(await appCodeOf(t.client.impersonation.start.mutate({ workspaceSlug: t.ws.slug, membershipId: t.membershipId, password: `${t.member.password}!` }))).toBe("PASSWORD_INCORRECT");
    expect(await impersonationsIn(t.ws.id)).toBe(0);
    expect(await t.client.impersonation.current.query()).toBeNull();

    await t.client.impersonation.start.mutate({ workspaceSlug: t.ws.slug, membershipId: t.membershipId, password: t.owner.password });
    expect(await t.client.impersonation.current.query()).toMatchObject({ member: { name: "Mick Member" } });
  });

  it("checks the password before anything about the member is looked at", async () => {
    const t = await ownedWorkspace("Probe Co");
    const elsewhere = await ownedWorkspace("Elsewhere Co");
    // Without the password, a stolen session learns nothing about which ids exist.
    expect(await appCodeOf(t.client.impersonation.start.mutate({ workspaceSlug: t.ws.slug, membershipId: elsewhere.membershipId }))).toBe("REAUTH_REQUIRED");
    expect(await appCodeOf(t.client.impersonation.start.mutate({ workspaceSlug: t.ws.slug, membershipId: elsewhere.membershipId, password: t.owner.password }))).toBe("NOT_FOUND");
  });
});
