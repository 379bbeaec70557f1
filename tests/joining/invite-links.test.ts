/**
 * Shareable invite links (issue 13), over HTTP as the browser calls them:
 * the token is stored hashed; the role is within what its maker may give
 * (Member or Viewer unless an Owner); every join counts a seat and the use
 * limit, also when many people join at once; a link turned off, expired,
 * used up or whose maker lost the right refuses with words and whom to ask;
 * a link that requires approval waits for an Admin, live on both sides.
 */
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { removeEndedInviteLinkTokens } from "#server/retention/sweeps";
import { appCodeOf, httpClient } from "../helpers/fixtures";
import { endTrialOn, tokenFromMailbox } from "../helpers/invitations";
import { type TestServer, serverForTests } from "../helpers/server";
import { closeAll, connectSocket, type LiveSocket } from "../helpers/sockets";
import { auditRows, railsWorkspace } from "../rails/people";
import { activeMembers, newcomer, rolesOf, sha256, tokenOfLink, joinAllAtOnce } from "./people";

let server: TestServer;
const open: LiveSocket[] = [];
serverForTests((started) => (server = started));
afterEach(() => closeAll(open));

const team = (name: string) =>
  railsWorkspace(server, name, {
    ada: { name: "Ada Admin", roles: ["admin"] },
    mo: { name: "Mo Manager", roles: ["manager"] },
  });

describe("making a link", () => {
  it("keeps only the token's SHA-256, and shows the link once", async () => {
    const t = await team("Hashed Co");
    const made = await t.people.ada.http.inviteLinks.create.mutate({ workspaceSlug: t.ws.slug, roleId: t.roleIds.member, expiresInDays: 7, maxUses: null, requiresApproval: false });
    const token = tokenOfLink(made.url);
    expect(token.length).toBeGreaterThanOrEqual(43);
    const row = await server.deps.db.selectFrom("invite_links").selectAll().where("id", "=", made.id).executeTakeFirstOrThrow();
    expect(row.token_hash?.equals(sha256(token))).toBe(true);
    const everything = await sql<{ row: string }>`select row_to_json(l)::text as row from invite_links l where id = ${made.id}`.execute(server.deps.db);
    expect(everything.rows[0]?.row).not.toContain(token);
    // The list never carries it again.
    const list = await t.people.ada.http.inviteLinks.list.query({ workspaceSlug: t.ws.slug });
    expect(JSON.stringify(list)).not.toContain(token);
    expect(list[0]).toMatchObject({ id: made.id, roleName: "Member", uses: 0, maxUses: null, state: "active", createdByName: "Ada Admin" });
  });

  it("gives Member or Viewer unless an Owner chooses more, and only people who may invite make links", async () => {
    const t = await team("Roles Co");
    const ada = t.people.ada.http;
    const base = { workspaceSlug: t.ws.slug, expiresInDays: 7 as const, maxUses: null, requiresApproval: false };
    await ada.inviteLinks.create.mutate({ ...base, roleId: t.roleIds.viewer });
    expect(await appCodeOf(ada.inviteLinks.create.mutate({ ...base, roleId: t.roleIds.admin }))).toBe("INVITE_LINK_ROLE_NOT_OFFERED");
    expect(await appCodeOf(ada.inviteLinks.create.mutate({ ...base, roleId: t.roleIds.owner }))).toBe("INVITE_LINK_ROLE_NOT_OFFERED");
    expect(await appCodeOf(t.people.mo.http.inviteLinks.create.mutate({ ...base, roleId: t.roleIds.member }))).toBe("FORBIDDEN");
    // An Owner may choose more, within the one rule.
    await t.owner.http.inviteLinks.create.mutate({ ...base, roleId: t.roleIds.admin });
    expect(await appCodeOf(ada.inviteLinks.create.mutate({ ...base, roleId: t.roleIds.member, maxUses: 0 }))).toBe("INVALID_INPUT");
  });
});

describe("joining through a link", () => {
  it("a confirmed newcomer joins with the link's role; the join is audited, counted and Admins are told", async () => {
    const t = await team("Joiners Co");
    const made = await t.people.ada.http.inviteLinks.create.mutate({ workspaceSlug: t.ws.slug, roleId: t.roleIds.viewer, expiresInDays: 1, maxUses: 5, requiresApproval: false });
    const ownerSocket = await connectSocket(server, { cookie: t.owner.cookie });
    open.push(ownerSocket);
    const nina = await newcomer(server, { name: "Nina New" });
    expect(await nina.http.inviteLinks.preview.query({ token: tokenOfLink(made.url) })).toMatchObject({ state: "active", workspaceName: "Joiners Co", roleName: "Viewer", makerName: "Ada Admin" });
    expect(await nina.http.inviteLinks.join.mutate({ token: tokenOfLink(made.url) })).toMatchObject({ outcome: "joined", workspaceSlug: t.ws.slug });
    expect(await rolesOf(server, t.ws.id, nina.id)).toEqual(["viewer"]);
    const audit = await auditRows(server, t.ws.id, ["member.joined"]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: nina.id, target_label: nina.email, after: expect.objectContaining({ via: "invite_link", inviteLinkId: made.id, roles: ["Viewer"] }) });
    const notices = await server.deps.db.selectFrom("notifications").select(["user_id", "body"]).where("workspace_id", "=", t.ws.id).where("kind", "=", "member.joined").execute();
    expect(notices.map((n) => n.user_id).sort()).toEqual([t.owner.id, t.people.ada.id].sort());
    expect(notices[0]?.body).toContain("joined through an invite link as Viewer");
    await ownerSocket.waitFor("member.changed", (m) => m.workspaceId === t.ws.id && m.change === "joined");
    // Opening it again changes nothing and uses nothing.
    expect(await nina.http.inviteLinks.join.mutate({ token: tokenOfLink(made.url) })).toMatchObject({ outcome: "already_member", workspaceSlug: t.ws.slug });
    expect((await server.deps.db.selectFrom("invite_links").select("uses").where("id", "=", made.id).executeTakeFirstOrThrow()).uses).toBe(1);
  });

  it("needs a confirmed address, and an unknown token is just invalid", async () => {
    const t = await team("Confirmed Co");
    const made = await t.people.ada.http.inviteLinks.create.mutate({ workspaceSlug: t.ws.slug, roleId: t.roleIds.member, expiresInDays: 7, maxUses: null, requiresApproval: false });
    const unconfirmed = await newcomer(server, { verified: false });
    expect(await appCodeOf(unconfirmed.http.inviteLinks.join.mutate({ token: tokenOfLink(made.url) }))).toBe("JOIN_EMAIL_NOT_VERIFIED");
    expect(await activeMembers(server, t.ws.id)).toBe(3);
    expect(await appCodeOf(unconfirmed.http.inviteLinks.join.mutate({ token: "x".repeat(43) }))).toBe("INVITE_LINK_INVALID");
    expect(await httpClient(server, null).inviteLinks.preview.query({ token: "x".repeat(43) })).toEqual({ state: "invalid" });
    expect(await appCodeOf(httpClient(server, null).inviteLinks.join.mutate({ token: tokenOfLink(made.url) }))).toBe("NOT_SIGNED_IN");
  });

  it("a link turned off refuses at once, saying why and whom to ask; expired links refuse too", async () => {
    const t = await team("Off Co");
    const made = await t.people.ada.http.inviteLinks.create.mutate({ workspaceSlug: t.ws.slug, roleId: t.roleIds.member, expiresInDays: 7, maxUses: null, requiresApproval: false });
    expect(await t.people.ada.http.inviteLinks.turnOff.mutate({ workspaceSlug: t.ws.slug, linkId: made.id })).toEqual({ turnedOff: true });
    const nina = await newcomer(server);
    expect(await appCodeOf(nina.http.inviteLinks.join.mutate({ token: tokenOfLink(made.url) }))).toBe("INVITE_LINK_TURNED_OFF");
    const preview = await nina.http.inviteLinks.preview.query({ token: tokenOfLink(made.url) });
    expect(preview).toMatchObject({ state: "turned_off", reason: expect.stringContaining("turned off") });
    expect("contacts" in preview && preview.contacts.map((c) => c.email)).toContain(t.owner.email);
    expect(await auditRows(server, t.ws.id, ["invite_link.turned_off"])).toHaveLength(1);

    const old = await t.people.ada.http.inviteLinks.create.mutate({ workspaceSlug: t.ws.slug, roleId: t.roleIds.member, expiresInDays: 1, maxUses: null, requiresApproval: false });
    await server.deps.db
      .updateTable("invite_links")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", old.id)
      .execute();
    expect(await appCodeOf(nina.http.inviteLinks.join.mutate({ token: tokenOfLink(old.url) }))).toBe("INVITE_LINK_EXPIRED");
    expect(await activeMembers(server, t.ws.id)).toBe(3);
  });

  it("a link whose maker was demoted refuses (the maker's right is asked again at every join)", async () => {
    const t = await team("Demoted Co");
    const made = await t.people.ada.http.inviteLinks.create.mutate({ workspaceSlug: t.ws.slug, roleId: t.roleIds.member, expiresInDays: 7, maxUses: null, requiresApproval: false });
    await t.owner.http.members.setRoles.mutate({ workspaceSlug: t.ws.slug, membershipId: t.people.ada.membershipId, roleIds: [t.roleIds.viewer], primaryRoleId: t.roleIds.viewer });
    const nina = await newcomer(server);
    expect(await appCodeOf(nina.http.inviteLinks.join.mutate({ token: tokenOfLink(made.url) }))).toBe("JOIN_GIVER_LOST_RIGHT");
    const preview = await nina.http.inviteLinks.preview.query({ token: tokenOfLink(made.url) });
    expect(preview).toMatchObject({ state: "maker_lost_right", reason: expect.stringContaining("Ada Admin, who made this link, can no longer give the Member role in Demoted Co") });
    expect(await activeMembers(server, t.ws.id)).toBe(3);

    // An Owner's link for Admin stops working once that Owner is no longer one.
    const second = await t.owner.http.members.setRoles.mutate({ workspaceSlug: t.ws.slug, membershipId: t.people.ada.membershipId, roleIds: [t.roleIds.owner], primaryRoleId: t.roleIds.owner });
    expect(second).toBeTruthy();
    const adminLink = await t.people.ada.http.inviteLinks.create.mutate({ workspaceSlug: t.ws.slug, roleId: t.roleIds.admin, expiresInDays: 7, maxUses: null, requiresApproval: false });
    await t.owner.http.members.setRoles.mutate({ workspaceSlug: t.ws.slug, membershipId: t.people.ada.membershipId, roleIds: [t.roleIds.member], primaryRoleId: t.roleIds.member });
    expect(await appCodeOf(nina.http.inviteLinks.join.mutate({ token: tokenOfLink(adminLink.url) }))).toBe("JOIN_GIVER_LOST_RIGHT");
    expect(await rolesOf(server, t.ws.id, nina.id)).toEqual([]);
  });
});

describe("limits under concurrent joins", () => {
  it("a use limit of 3 lets exactly 3 of 12 people in when they all join at once", async () => {
    const t = await team("Limited Co");
    const made = await t.people.ada.http.inviteLinks.create.mutate({ workspaceSlug: t.ws.slug, roleId: t.roleIds.member, expiresInDays: 7, maxUses: 3, requiresApproval: false });
    const people = await Promise.all(Array.from({ length: 12 }, (_, i) => newcomer(server, { name: `Racer ${i}` })));
    const outcomes = await joinAllAtOnce(people, made.url);
    expect(outcomes.filter((o) => o === "joined")).toHaveLength(3);
    expect(outcomes.filter((o) => o !== "joined").every((o) => o === "INVITE_LINK_USED_UP")).toBe(true);
    expect(await activeMembers(server, t.ws.id)).toBe(3 + 3);
    const list = await t.people.ada.http.inviteLinks.list.query({ workspaceSlug: t.ws.slug });
    expect(list[0]).toMatchObject({ uses: 3, maxUses: 3, state: "used_up" });
  });

  it("seats hold: on Starter (5 users) with 3 members and 1 pending invitation, 10 people joining at once let exactly 1 in", async () => {
    const t = await team("Seats Co");
    await endTrialOn(server.deps, t.ws.id, "starter");
    await t.owner.http.invitations.invite.mutate({ workspaceSlug: t.ws.slug, emails: ["pending-seat@example.com"], roleIds: [t.roleIds.member], primaryRoleId: t.roleIds.member });
    const made = await t.people.ada.http.inviteLinks.create.mutate({ workspaceSlug: t.ws.slug, roleId: t.roleIds.member, expiresInDays: 7, maxUses: null, requiresApproval: false });
    const people = await Promise.all(Array.from({ length: 10 }, (_, i) => newcomer(server, { name: `Seat ${i}` })));
    const outcomes = await joinAllAtOnce(people, made.url);
    expect(outcomes.filter((o) => o === "joined")).toHaveLength(1);
    expect(outcomes.filter((o) => o !== "joined").every((o) => o === "JOIN_NO_SEAT")).toBe(true);
    expect(await activeMembers(server, t.ws.id)).toBe(4);
    const refused = people[outcomes.indexOf("JOIN_NO_SEAT")];
    await expect(refused?.http.inviteLinks.join.mutate({ token: tokenOfLink(made.url) })).rejects.toThrow(/Starter plan of Seats Co includes up to 5 users.*Ask Olivia Owner/);
  });

  it("a seat is a person: someone invited who joins by link uses the seat their invitation holds, not a second one", async () => {
    const t = await team("One Seat Co");
    await endTrialOn(server.deps, t.ws.id, "starter");
    const owner = t.owner.http;
    // 3 members + 2 pending invitations: all 5 Starter seats are taken.
    const invited = await owner.invitations.invite.mutate({ workspaceSlug: t.ws.slug, emails: ["pia@example.com", "xavier@example.com"], roleIds: [t.roleIds.member], primaryRoleId: t.roleIds.member });
    const seats = () => owner.invitations.seats.query({ workspaceSlug: t.ws.slug });
    expect(await seats()).toMatchObject({ limit: 5, used: 5, activeMembers: 3, pendingInvitations: 2 });
    const made = await t.people.ada.http.inviteLinks.create.mutate({ workspaceSlug: t.ws.slug, roleId: t.roleIds.member, expiresInDays: 7, maxUses: null, requiresApproval: false });

    // Pia (her address in other letters) takes the link instead of her invitation: her seat is already hers.
    const pia = await newcomer(server, { name: "Pia Both", email: "Pia@Example.com" });
    expect(await pia.http.inviteLinks.join.mutate({ token: tokenOfLink(made.url) })).toMatchObject({ outcome: "joined" });
    // Still 5 people hold the 5 seats; her open invitation is no second seat.
    expect(await seats()).toMatchObject({ used: 5, activeMembers: 4, pendingInvitations: 1 });
    // Nor is she shown as someone still to wait for: only Xavier's invitation is pending.
    expect((await owner.invitations.list.query({ workspaceSlug: t.ws.slug })).map((i) => i.email)).toEqual(["xavier@example.com"]);
    const stranger = await newcomer(server, { name: "Sam Stranger" });
    expect(await appCodeOf(stranger.http.inviteLinks.join.mutate({ token: tokenOfLink(made.url) }))).toBe("JOIN_NO_SEAT");
    // Those who can free a seat hear of it, once however often the stranger tries that day; the attempt is audited.
    expect(await appCodeOf(stranger.http.inviteLinks.join.mutate({ token: tokenOfLink(made.url) }))).toBe("JOIN_NO_SEAT");
    const told = await server.deps.db.selectFrom("notifications").select(["user_id", "title", "body"]).where("workspace_id", "=", t.ws.id).where("kind", "=", "member.join_no_seat").execute();
    expect(told.map((n) => n.user_id).sort()).toEqual([t.owner.id, t.people.ada.id].sort());
    expect(told[0]).toMatchObject({ title: "Sam Stranger can't join One Seat Co: no free seat" });
    expect(told[0]?.body).toContain(`Sam Stranger (${stranger.email}) tried to join through an invite link, but the Starter plan includes up to 5 users`);
    const refusals = await auditRows(server, t.ws.id, ["member.join_refused"]);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ actor_user_id: stranger.id, target_label: stranger.email, after: { reason: "no_seat", via: "invite_link", plan: "Starter", limit: 5 } });
    // Nothing else was written for the refused join.
    expect(await activeMembers(server, t.ws.id)).toBe(4);
    expect((await server.deps.db.selectFrom("invite_links").select("uses").where("id", "=", made.id).executeTakeFirstOrThrow()).uses).toBe(1);

    // Withdrawing Xavier's invitation frees exactly one seat, and the stranger gets it.
    const xavier = invited.results.find((r) => r.email === "xavier@example.com");
    await owner.invitations.cancel.mutate({ workspaceSlug: t.ws.slug, invitationId: xavier?.invitationId ?? "" });
    expect(await seats()).toMatchObject({ used: 4 });
    expect(await stranger.http.inviteLinks.join.mutate({ token: tokenOfLink(made.url) })).toMatchObject({ outcome: "joined" });
    expect(await seats()).toMatchObject({ used: 5, activeMembers: 5 });
    // Billing counts the same; accepting her invitation later keeps her one seat and the link's role.
    expect((await owner.billing.overview.query({ workspaceSlug: t.ws.slug })).seats).toMatchObject({ used: 5, activeMembers: 5, pendingInvitations: 0 });
    expect(await pia.http.invitations.accept.mutate({ token: await tokenFromMailbox(server, "pia@example.com") })).toMatchObject({ workspaceSlug: t.ws.slug });
    expect(await seats()).toMatchObject({ used: 5, activeMembers: 5, pendingInvitations: 0 });
    expect(await rolesOf(server, t.ws.id, pia.id)).toEqual(["member"]);
  });
});

describe("links that require approval", () => {
  it("the newcomer waits; Admins see the request live and approve; the newcomer is told live and joins", async () => {
    const t = await team("Approval Co");
    const made = await t.people.ada.http.inviteLinks.create.mutate({ workspaceSlug: t.ws.slug, roleId: t.roleIds.member, expiresInDays: 7, maxUses: 2, requiresApproval: true });
    const adaSocket = await connectSocket(server, { cookie: t.people.ada.cookie });
    const nina = await newcomer(server, { name: "Nina Waiting" });
    const ninaSocket = await connectSocket(server, { cookie: nina.cookie });
    open.push(adaSocket, ninaSocket);
    const waiting = await nina.http.inviteLinks.join.mutate({ token: tokenOfLink(made.url) });
    expect(waiting).toMatchObject({ outcome: "waiting" });
    if (waiting.outcome !== "waiting") throw new Error("not waiting");
    expect(await rolesOf(server, t.ws.id, nina.id)).toEqual([]);
    await adaSocket.waitFor("join_request.changed", (m) => m.requestId === waiting.requestId && m.change === "created");
    // Asking again is the same request.
    expect(await nina.http.inviteLinks.join.mutate({ token: tokenOfLink(made.url) })).toEqual(waiting);
    const list = await t.people.ada.http.joinRequests.list.query({ workspaceSlug: t.ws.slug });
    expect(list).toEqual([expect.objectContaining({ id: waiting.requestId, status: "pending", name: "Nina Waiting", roleName: "Member", via: "an invite link" })]);
    // A Manager can't decide.
    expect(await appCodeOf(t.people.mo.http.joinRequests.approve.mutate({ workspaceSlug: t.ws.slug, requestId: waiting.requestId }))).toBe("FORBIDDEN");

    await t.people.ada.http.joinRequests.approve.mutate({ workspaceSlug: t.ws.slug, requestId: waiting.requestId });
    await ninaSocket.waitFor("join_request.changed", (m) => m.requestId === waiting.requestId && m.change === "approved");
    expect(await rolesOf(server, t.ws.id, nina.id)).toEqual(["member"]);
    expect(await nina.http.inviteLinks.preview.query({ token: tokenOfLink(made.url) })).toMatchObject({ viewer: { memberOf: t.ws.slug, request: { status: "approved" } } });
    // The join and its approval are one transaction (one time): compare them as a set.
    const audit = (await auditRows(server, t.ws.id, ["join_request.created", "join_request.approved", "member.joined"])).map((r) => `${r.action} by ${r.actor_user_id}`);
    expect(audit.sort()).toEqual([`join_request.approved by ${t.people.ada.id}`, `join_request.created by ${nina.id}`, `member.joined by ${t.people.ada.id}`]);
    expect(await appCodeOf(t.people.ada.http.joinRequests.approve.mutate({ workspaceSlug: t.ws.slug, requestId: waiting.requestId }))).toBe("JOIN_REQUEST_NOT_PENDING");

    // A denial is told too, and lets no one in.
    const omar = await newcomer(server, { name: "Omar Other" });
    const omarWaiting = await omar.http.inviteLinks.join.mutate({ token: tokenOfLink(made.url) });
    if (omarWaiting.outcome !== "waiting") throw new Error("not waiting");
    await t.owner.http.joinRequests.deny.mutate({ workspaceSlug: t.ws.slug, requestId: omarWaiting.requestId });
    const told = await server.deps.db.selectFrom("notifications").select("title").where("user_id", "=", omar.id).execute();
    expect(told.map((n) => n.title)).toEqual(["Your request to join Approval Co was declined"]);
    expect(await rolesOf(server, t.ws.id, omar.id)).toEqual([]);
  });

  it("approval still counts seats and the maker's right; turning the link off withdraws waiting requests", async () => {
    const t = await team("Approve Seats Co");
    const made = await t.people.ada.http.inviteLinks.create.mutate({ workspaceSlug: t.ws.slug, roleId: t.roleIds.member, expiresInDays: 7, maxUses: null, requiresApproval: true });
    const a = await newcomer(server);
    const b = await newcomer(server);
    const c = await newcomer(server);
    const [ra, rb, rc] = await Promise.all([a, b, c].map((p) => p.http.inviteLinks.join.mutate({ token: tokenOfLink(made.url) })));
    if (ra?.outcome !== "waiting" || rb?.outcome !== "waiting" || rc?.outcome !== "waiting") throw new Error("not waiting");
    // Starter with 3 members: two seats left.
    await endTrialOn(server.deps, t.ws.id, "starter");
    await t.owner.http.joinRequests.approve.mutate({ workspaceSlug: t.ws.slug, requestId: ra.requestId });
    await t.owner.http.joinRequests.approve.mutate({ workspaceSlug: t.ws.slug, requestId: rb.requestId });
    expect(await appCodeOf(t.owner.http.joinRequests.approve.mutate({ workspaceSlug: t.ws.slug, requestId: rc.requestId }))).toBe("JOIN_NO_SEAT");
    expect(await activeMembers(server, t.ws.id)).toBe(5);
    // Still waiting; then the link goes off and the request is withdrawn, its asker told.
    await t.people.ada.http.inviteLinks.turnOff.mutate({ workspaceSlug: t.ws.slug, linkId: made.id });
    const status = await server.deps.db.selectFrom("join_requests").select("status").where("id", "=", rc.requestId).executeTakeFirstOrThrow();
    expect(status.status).toBe("cancelled");
    expect(await appCodeOf(t.owner.http.joinRequests.approve.mutate({ workspaceSlug: t.ws.slug, requestId: rc.requestId }))).toBe("JOIN_REQUEST_NOT_PENDING");
  });
});

describe("retention", () => {
  it("forgets the token of a link turned off (or expired) longer ago than the invitation-token period; the link's row stays", async () => {
    const t = await team("Forget Co");
    const off = await t.people.ada.http.inviteLinks.create.mutate({ workspaceSlug: t.ws.slug, roleId: t.roleIds.member, expiresInDays: 30, maxUses: null, requiresApproval: false });
    const live = await t.people.ada.http.inviteLinks.create.mutate({ workspaceSlug: t.ws.slug, roleId: t.roleIds.member, expiresInDays: 30, maxUses: null, requiresApproval: false });
    await t.people.ada.http.inviteLinks.turnOff.mutate({ workspaceSlug: t.ws.slug, linkId: off.id });
    const day = 86_400_000;
    // Within the period: nothing goes, and the link still says it was turned off.
    expect(await removeEndedInviteLinkTokens(server.deps.db, new Date(Date.now() + day), 2 * day)).toBe(0);
    expect(await httpClient(server, null).inviteLinks.preview.query({ token: tokenOfLink(off.url) })).toMatchObject({ state: "turned_off" });
    // Past it: the turned-off link's hash goes, the active one's stays.
    expect(await removeEndedInviteLinkTokens(server.deps.db, new Date(Date.now() + 3 * day), 2 * day)).toBeGreaterThanOrEqual(1);
    const rows = await server.deps.db.selectFrom("invite_links").select(["id", "token_hash", "turned_off_at"]).where("workspace_id", "=", t.ws.id).execute();
    expect(rows.find((r) => r.id === off.id)?.token_hash).toBeNull();
    expect(rows.find((r) => r.id === live.id)?.token_hash).not.toBeNull();
    expect(await httpClient(server, null).inviteLinks.preview.query({ token: tokenOfLink(off.url) })).toEqual({ state: "invalid" });
  });
});
