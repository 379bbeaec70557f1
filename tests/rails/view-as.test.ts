/**
 * Paths 1 and 7 of issue 12, over HTTP: a view-as lives only while its
 * viewer is an active Owner and the member a non-owner member; everything
 * done meanwhile, reads and exports included, names both people, and
 * emails say who really sent them.
 */
import { afterEach, describe, expect, it } from "vitest";
import { rooms } from "#shared/realtime/events";
import { appCodeOf, uniqueEmail } from "../helpers/fixtures";
import { type TestServer, serverForTests } from "../helpers/server";
import { closeAll, type LiveSocket, roomsOf, connectKept } from "../helpers/sockets";
import { auditRows, fetchAs, impersonationRow as impersonationRowOf, railsWorkspace, sessionImpersonation as sessionImpersonationOf } from "./people";

let server: TestServer;
const open: LiveSocket[] = [];
serverForTests((started) => (server = started), { pages: true });
afterEach(() => closeAll(open));

/** Olivia (Owner), Amara (a second Owner), Adam (Admin), Mia (Member), and a contact of Mia's. */
async function viewingCo() {
  const t = await railsWorkspace(server, `Viewing ${crypto.randomUUID().slice(0, 6)}`, {
    amara: { name: "Amara Second-Owner", roles: ["owner"] },
    adam: { name: "Adam Admin", roles: ["admin"] },
    mia: { name: "Mia Member", roles: ["member"] },
  });
  await server.deps.db.insertInto("contacts").values({ workspace_id: t.ws.id, owner_id: t.people.mia.membershipId, name: "Grace Hopper" }).execute();
  return t;
}

const impersonationRow = (id: string) => impersonationRowOf(server, id);
const sessionImpersonation = (cookie: string) => sessionImpersonationOf(server, cookie);

const socketOf = (cookie: string) => connectKept(open, server, { cookie });

describe("path 1: a view-as ends the moment its viewer stops being an active Owner", () => {
  it("an Owner removed while viewing as an Admin keeps none of the Admin's access, on HTTP or on the socket", async () => {
    const t = await viewingCo();
    const { amara, adam } = t.people;
    const started = await amara.http.impersonation.start.mutate({ workspaceSlug: t.ws.slug, password: amara.password, membershipId: adam.membershipId });
    expect((await amara.http.workspaces.current.query({ workspaceSlug: t.ws.slug })).membershipId).toBe(adam.membershipId);
    const socket = await socketOf(amara.cookie);

    await t.owner.http.members.remove.mutate({ workspaceSlug: t.ws.slug, membershipId: amara.membershipId });

    // Ended by the removal itself, before Amara sends anything else.
    expect(await impersonationRow(started.impersonationId)).toMatchObject({ end_reason: "viewer_removed" });
    expect(await sessionImpersonation(amara.cookie)).toBeNull();
    // Her same cookie: nothing of Adam's is left.
    expect(await appCodeOf(amara.http.members.list.query({ workspaceSlug: t.ws.slug }))).toBe("NOT_FOUND");
    expect(await appCodeOf(amara.http.crm.contacts.export.query({ workspaceSlug: t.ws.slug }))).toBe("NOT_FOUND");
    const backdoor = uniqueEmail("backdoor");
    expect(await appCodeOf(amara.http.invitations.invite.mutate({ workspaceSlug: t.ws.slug, emails: [backdoor], roleIds: [t.roleIds.admin], primaryRoleId: t.roleIds.admin }))).toBe("NOT_FOUND");
    expect(await server.deps.db.selectFrom("invitations").select("id").where("email", "=", backdoor).execute()).toEqual([]);
    expect(await amara.http.impersonation.current.query()).toBeNull();
    // The page she has open is told the view ended, and her socket left the workspace.
    await socket.waitFor("view.ended", (m) => m.workspaceId === t.ws.id && m.reason === "viewer_removed");
    expect((await roomsOf(server, socket)).filter((r) => r.startsWith(rooms.workspace(t.ws.id)))).toEqual([]);
    // The audit log says why it ended.
    const ended = await auditRows(server, t.ws.id, ["impersonation.ended"]);
    expect(ended.map((e) => (e.after as { reason: string }).reason)).toEqual(["viewer_removed"]);
  });

  it("an Owner demoted while viewing is back to their own (lesser) access at once", async () => {
    const t = await viewingCo();
    const { amara, adam } = t.people;
    const started = await amara.http.impersonation.start.mutate({ workspaceSlug: t.ws.slug, password: amara.password, membershipId: adam.membershipId });
    const socket = await socketOf(amara.cookie);

    await t.owner.http.members.setRoles.mutate({ workspaceSlug: t.ws.slug, membershipId: amara.membershipId, roleIds: [t.roleIds.member], primaryRoleId: t.roleIds.member });

    expect(await impersonationRow(started.impersonationId)).toMatchObject({ end_reason: "viewer_not_owner" });
    const current = await amara.http.workspaces.current.query({ workspaceSlug: t.ws.slug });
    expect(current.membershipId).toBe(amara.membershipId);
    expect(current.access.builtInRoles).toEqual(["member"]);
    expect(await appCodeOf(amara.http.crm.contacts.export.query({ workspaceSlug: t.ws.slug }))).toBe("FORBIDDEN");
    expect(await appCodeOf(amara.http.invitations.list.query({ workspaceSlug: t.ws.slug }))).toBe("FORBIDDEN");
    await socket.waitFor("view.ended", (m) => m.workspaceId === t.ws.id && m.reason === "viewer_not_owner");
    expect(await roomsOf(server, socket)).not.toContain(rooms.workspacePermission(t.ws.id, "members.invite"));
  });

  it("an Owner who signs out ends the view, and the cookie is worth nothing", async () => {
    const t = await viewingCo();
    const { amara, adam } = t.people;
    const started = await amara.http.impersonation.start.mutate({ workspaceSlug: t.ws.slug, password: amara.password, membershipId: adam.membershipId });
    const socket = await socketOf(amara.cookie);
    await amara.http.auth.signOut.mutate();
    expect((await impersonationRow(started.impersonationId)).ended_at).not.toBeNull();
    expect(await appCodeOf(amara.http.members.list.query({ workspaceSlug: t.ws.slug }))).toBe("NOT_SIGNED_IN");
    await socket.waitForDisconnect();
  });

  it("ends at once when the member being viewed is removed or made an Owner, not on the viewer's next request", async () => {
    const t = await viewingCo();
    const { amara, adam, mia } = t.people;
    const first = await amara.http.impersonation.start.mutate({ workspaceSlug: t.ws.slug, password: amara.password, membershipId: adam.membershipId });
    await t.owner.http.members.remove.mutate({ workspaceSlug: t.ws.slug, membershipId: adam.membershipId });
    expect(await impersonationRow(first.impersonationId)).toMatchObject({ end_reason: "member_left" });

    const second = await amara.http.impersonation.start.mutate({ workspaceSlug: t.ws.slug, password: amara.password, membershipId: mia.membershipId });
    await t.owner.http.members.setRoles.mutate({ workspaceSlug: t.ws.slug, membershipId: mia.membershipId, roleIds: [t.roleIds.owner], primaryRoleId: t.roleIds.owner });
    expect(await impersonationRow(second.impersonationId)).toMatchObject({ end_reason: "became_owner" });
    expect(await sessionImpersonation(amara.cookie)).toBeNull();
  });
});

describe("path 7: everything done while viewing names both people", () => {
  it("reads and exports are audited with the member and the Owner who was really at the keyboard", async () => {
    const t = await viewingCo();
    const { adam } = t.people;
    await t.owner.http.impersonation.start.mutate({ workspaceSlug: t.ws.slug, password: t.owner.password, membershipId: adam.membershipId });
    await t.owner.http.members.list.query({ workspaceSlug: t.ws.slug });
    await t.owner.http.crm.contacts.list.query({ workspaceSlug: t.ws.slug });
    const exported = await t.owner.http.crm.contacts.export.query({ workspaceSlug: t.ws.slug });
    expect(exported.rows).toBe(1);
    // The download a browser would make, through the page route.
    const download = await fetchAs(server, t.owner.cookie, `/w/${t.ws.slug}/export/contacts`);
    expect(download.status).toBe(200);
    expect(await download.text()).toContain("Grace Hopper");

    const entries = await auditRows(server, t.ws.id, ["impersonation.read", "impersonation.export"]);
    const byProcedure = entries.map((e) => [e.action, e.target_id]);
    expect(byProcedure).toContainEqual(["impersonation.read", "members.list"]);
    expect(byProcedure).toContainEqual(["impersonation.read", "crm.contacts.list"]);
    expect(byProcedure.filter(([, p]) => p === "crm.contacts.export")).toEqual([
      ["impersonation.export", "crm.contacts.export"],
      ["impersonation.export", "crm.contacts.export"],
    ]);
    expect(entries.every((e) => e.actor_user_id === adam.id && e.impersonator_user_id === t.owner.id)).toBe(true);
    const exportEntry = entries.find((e) => e.action === "impersonation.export");
    expect(exportEntry?.after).toMatchObject({ succeeded: true, rows: 1 });
  });

  it("an invitation sent while viewing as an Admin says in the email who really sent it", async () => {
    const t = await viewingCo();
    const { adam } = t.people;
    await t.owner.http.impersonation.start.mutate({ workspaceSlug: t.ws.slug, password: t.owner.password, membershipId: adam.membershipId });
    const email = uniqueEmail("newcomer");
    await t.owner.http.invitations.invite.mutate({ workspaceSlug: t.ws.slug, emails: [email], roleIds: [t.roleIds.member], primaryRoleId: t.roleIds.member });
    await server.emailWorker?.drain();
    const mail = await server.deps.db.selectFrom("dev_mailbox").select(["text_body", "html_body"]).where("to_address", "=", email).executeTakeFirstOrThrow();
    expect(mail.text_body).toContain("Adam Admin");
    expect(mail.text_body).toContain(`Sent by Olivia Owner (${t.owner.email})`);
    expect(mail.html_body).toContain("Olivia Owner");
  });

  it("a request decided while viewing as an Admin tells the requester both names", async () => {
    const t = await viewingCo();
    const { adam, mia } = t.people;
    const request = await mia.http.requests.create.mutate({ workspaceSlug: t.ws.slug, permission: "crm.contacts.export", scope: "own", reason: "Quarterly list", duration: "7d" });
    await t.owner.http.impersonation.start.mutate({ workspaceSlug: t.ws.slug, password: t.owner.password, membershipId: adam.membershipId });
    await t.owner.http.requests.approve.mutate({ workspaceSlug: t.ws.slug, requestId: request.id });
    await server.emailWorker?.drain();
    const mail = await server.deps.db.selectFrom("dev_mailbox").select(["text_body"]).where("to_address", "=", mia.email).where("subject", "like", "Approved:%").executeTakeFirstOrThrow();
    expect(mail.text_body).toContain("Adam Admin");
    expect(mail.text_body).toContain(`Sent by Olivia Owner (${t.owner.email})`);
  });
});
