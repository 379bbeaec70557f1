/**
 * Whom a newcomer is told to ask and who hears about people joining are
 * chosen by permission (permissions/contacts.ts): whoever holds
 * `members.manage` through their roles. A custom role carrying it counts;
 * an Admin whose role lost it does not, nor a member holding it only
 * through a one-off grant. Over HTTP: the join page's "Whom to ask", the
 * refusal's words, and the notices a join, a request to join and a
 * withdrawn invitation send.
 */
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { loadAccessInWorkspace } from "#server/permissions/resolve";
import { appCodeOf, createUser, httpClient, sessionCookie } from "../helpers/fixtures";
import { type TestServer, serverForTests } from "../helpers/server";
import { fetchAs, inviteAs, railsWorkspace } from "../rails/people";
import { newcomer, tokenOfLink } from "./people";

let server: TestServer;
serverForTests((started) => (server = started), { pages: true });

/**
 * Olivia Owner; Ada Admin, whose Admin role no longer carries
 * members.manage; Cleo Custom, whose custom role does; Gina Granted, a
 * Member granted members.manage for a week.
 */
async function workspace(name: string) {
  const t = await railsWorkspace(server, name, {
    ada: { name: "Ada Admin", roles: ["admin"] },
    cleo: { name: "Cleo Custom", roles: ["member"] },
    gina: { name: "Gina Granted", roles: ["member"] },
  });
  const slug = t.ws.slug;
  const peopleOps = await t.owner.http.roles.create.mutate({
    workspaceSlug: slug,
    name: "People Ops",
    grants: (["members.view", "members.manage", "members.invite"] as const).map((permission) => ({ permission, scope: "all" as const })),
  });
  await t.owner.http.members.setRoles.mutate({ workspaceSlug: slug, membershipId: t.people.cleo.membershipId, roleIds: [peopleOps.id], primaryRoleId: peopleOps.id });
  await server.deps.db
    .insertInto("permission_grants")
    .values({ workspace_id: t.ws.id, membership_id: t.people.gina.membershipId, permission: "members.manage", scope: "all", ends_at: sql<Date>`now() + interval '7 days'` })
    .execute();
  await server.deps.db.deleteFrom("role_permissions").where("role_id", "=", t.roleIds.admin).where("permission", "=", "members.manage").execute();
  // Gina does hold it (the grant is live); Ada does not.
  expect((await loadAccessInWorkspace(server.deps.db, t.people.gina.id, t.ws.id))?.access.permissions["members.manage"]).toBe("all");
  expect((await loadAccessInWorkspace(server.deps.db, t.people.ada.id, t.ws.id))?.access.permissions["members.manage"]).toBeUndefined();
  return t;
}

type Team = Awaited<ReturnType<typeof workspace>>;

async function noticed(t: Team, kind: string): Promise<string[]> {
  const rows = await server.deps.db.selectFrom("notifications").select("user_id").where("workspace_id", "=", t.ws.id).where("kind", "=", kind).execute();
  const names = new Map([t.owner, ...Object.values(t.people)].map((p) => [p.id, p.name]));
  return rows.map((r) => names.get(r.user_id) ?? r.user_id).sort();
}

describe("whom to ask and whom to tell, by permission", () => {
  it("the join page of a link turned off names the Owner and the custom role, not the Admin without the right nor the grant", async () => {
    const t = await workspace("Ask Co");
    const made = await t.owner.http.inviteLinks.create.mutate({ workspaceSlug: t.ws.slug, roleId: t.roleIds.member, expiresInDays: 7, maxUses: null, requiresApproval: false });
    await t.owner.http.inviteLinks.turnOff.mutate({ workspaceSlug: t.ws.slug, linkId: made.id });
    const nina = await newcomer(server);
    const preview = await nina.http.inviteLinks.preview.query({ token: tokenOfLink(made.url) });
    expect("contacts" in preview && preview.contacts.map((c) => c.name)).toEqual(["Olivia Owner", "Cleo Custom"]);

    const page = await fetchAs(server, nina.cookie, `/join/${tokenOfLink(made.url)}`);
    expect(page.status).toBe(409);
    const html = await page.text();
    const whomToAsk = html.slice(html.indexOf("Whom to ask"));
    expect(whomToAsk).toContain("Olivia Owner");
    expect(whomToAsk).toContain(t.people.cleo.email);
    expect(whomToAsk).not.toContain("Ada Admin");
    expect(whomToAsk).not.toContain("Gina Granted");
  });

  it("a join and a request to join are told to those whose roles carry members.manage", async () => {
    const t = await workspace("Tell Co");
    const open = await t.owner.http.inviteLinks.create.mutate({ workspaceSlug: t.ws.slug, roleId: t.roleIds.viewer, expiresInDays: 7, maxUses: null, requiresApproval: false });
    await (await newcomer(server, { name: "Nina New" })).http.inviteLinks.join.mutate({ token: tokenOfLink(open.url) });
    expect(await noticed(t, "member.joined")).toEqual(["Cleo Custom", "Olivia Owner"]);

    const approved = await t.owner.http.inviteLinks.create.mutate({ workspaceSlug: t.ws.slug, roleId: t.roleIds.viewer, expiresInDays: 7, maxUses: null, requiresApproval: true });
    expect(await (await newcomer(server, { name: "Wes Waiting" })).http.inviteLinks.join.mutate({ token: tokenOfLink(approved.url) })).toMatchObject({ outcome: "waiting" });
    expect(await noticed(t, "join_request.created")).toEqual(["Cleo Custom", "Olivia Owner"]);
  });

  it("an invitation withdrawn at accept is told to them, and its refusal names them", async () => {
    const t = await workspace("Withdrawn Co");
    const invitation = await inviteAs(server, t.people.ada, t.ws.slug, [t.roleIds.viewer]);
    // Ada, who sent it, is no longer a member: the invitation no longer stands.
    await t.owner.http.members.remove.mutate({ workspaceSlug: t.ws.slug, membershipId: t.people.ada.membershipId });
    const invitee = await createUser(server.deps, { email: invitation.email, name: "Ivy Invitee" });
    const asInvitee = httpClient(server, await sessionCookie(server.deps, invitee));
    const refusal = await asInvitee.invitations.accept.mutate({ token: invitation.token }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(await appCodeOf(Promise.reject(refusal))).toBe("INVITATION_VOIDED");
    expect(refusal instanceof Error && refusal.message).toContain(`Ask Olivia Owner (${t.owner.email}) or Cleo Custom (${t.people.cleo.email}) for a new invitation.`);
    expect(await noticed(t, "invitation.voided")).toEqual(["Cleo Custom", "Olivia Owner"]);
  });
});
