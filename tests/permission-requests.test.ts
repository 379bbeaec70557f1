/**
 * Permission requests, told as the people involved see them: a rep asks,
 * the right people are asked, one of them decides, and the access starts
 * and ends when it should.
 */
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { demo, seedDemoWorkspace } from "../seeds/demo";
import { seedDemoRequests } from "../seeds/requests";
import { loadWorkspaceAccess } from "#server/permissions/resolve";
import { workspaceRoomsFor } from "#server/realtime/server";
import { approversFor } from "#server/permissions/approve";
import { sweepPermissionRequests } from "#server/services/requests/sweeper";
import { appCodeOf, callerAs } from "./helpers/fixtures";
import { type TestServer, serverForTests } from "./helpers/server";
import { buildChain, type Chain, type ChainPerson, backdateGrantToEnded } from "./requests/chain";

let server: TestServer;
serverForTests((started) => (server = started));

const as = (person: { id: string }) => callerAs(server.deps, person);

async function ask(chain: Chain, who: ChainPerson, permission: string, scope: "own" | "team" | "all", duration: "1d" | "7d" | "30d" | "permanent" = "1d") {
  const caller = await as(who);
  return caller.requests.create({ workspaceSlug: chain.workspace.slug, permission, scope, reason: "Quarterly report for the board", duration });
}

async function accessOf(chain: Chain, who: { id: string }) {
  const found = await loadWorkspaceAccess(server.deps.db, who.id, chain.workspace.slug);
  if (!found) throw new Error("not a member");
  return found.access;
}

async function auditActions(workspaceId: string): Promise<string[]> {
  const rows = await server.deps.db
    .selectFrom("audit_events")
    .select("action")
    .where("workspace_id", "=", workspaceId)
    .where((eb) => eb.or([eb("action", "like", "request.%"), eb("action", "like", "grant.%")]))
    .orderBy("created_at")
    // Entries of one transaction share a time; name order keeps them stable.
    .orderBy("action")
    .execute();
  return rows.map((r) => r.action);
}

describe("who is asked to decide", () => {
  it("routes a rep's request up a four-level chain to managers who hold the access and may approve, plus admins and owners", async () => {
    const chain = await buildChain(server.deps, "Routing");
    const { id } = await ask(chain, chain.rep, "crm.contacts.export", "own");

    const approvers = await approversFor(server.deps.db, {
      workspaceId: chain.workspace.id,
      requesterMembershipId: chain.rep.membershipId,
      permission: "crm.contacts.export",
      scope: "own",
    });
    // The head of sales is in the chain but holds neither export nor requests.approve; the outsider is not in the chain.
    expect(approvers.map((a) => a.userId).sort()).toEqual([chain.teamLead.id, chain.salesManager.id, chain.director.id, chain.admin.id, chain.owner.id].sort());

    // Each approver was told, and nobody else.
    const notified = await server.deps.db.selectFrom("notifications").select("user_id").where("workspace_id", "=", chain.workspace.id).where("kind", "=", "request.created").execute();
    expect(notified.map((n) => n.user_id).sort()).toEqual(approvers.map((a) => a.userId).sort());

    // The triage page shows it to the director four levels up, not to the outsider.
    const directorList = await (await as(chain.director)).requests.list({ workspaceSlug: chain.workspace.slug, status: "pending" });
    expect(directorList.requests.map((r) => r.id)).toEqual([id]);
    expect(directorList.requests[0]?.requester.roles.map((r) => r.name)).toEqual(["Member"]);
    const outsiderList = await (await as(chain.outsider)).requests.list({ workspaceSlug: chain.workspace.slug, status: "pending" });
    expect(outsiderList.requests).toEqual([]);
    expect(await appCodeOf((await as(chain.outsider)).requests.approve({ workspaceSlug: chain.workspace.slug, requestId: id }))).toBe("REQUEST_NOT_APPROVER");
    // The head of sales may not approve anything at all.
    expect(await appCodeOf((await as(chain.headOfSales)).requests.list({ workspaceSlug: chain.workspace.slug }))).toBe("FORBIDDEN");
  });

  it("sends a request for every record only to those who hold every record: admins and owners", async () => {
    const chain = await buildChain(server.deps, "Wide");
    await ask(chain, chain.rep, "crm.contacts.export", "all");
    const approvers = await approversFor(server.deps.db, {
      workspaceId: chain.workspace.id,
      requesterMembershipId: chain.rep.membershipId,
      permission: "crm.contacts.export",
      scope: "all",
    });
    expect(approvers.map((a) => a.userId).sort()).toEqual([chain.admin.id, chain.owner.id].sort());
  });
});

describe("deciding", () => {
  it("never lets anyone decide their own request", async () => {
    const chain = await buildChain(server.deps, "Self");
    const { id } = await ask(chain, chain.teamLead, "crm.contacts.export", "all");
    const teamLead = await as(chain.teamLead);
    expect(await appCodeOf(teamLead.requests.approve({ workspaceSlug: chain.workspace.slug, requestId: id }))).toBe("REQUEST_SELF_DECISION");
    expect(await appCodeOf(teamLead.requests.deny({ workspaceSlug: chain.workspace.slug, requestId: id, note: "no" }))).toBe("REQUEST_SELF_DECISION");
    const list = await teamLead.requests.list({ workspaceSlug: chain.workspace.slug });
    expect(list.requests.map((r) => r.id)).not.toContain(id);
    const row = await server.deps.db.selectFrom("permission_requests").select("status").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.status).toBe("pending");
  });

  it("never lets a manager grant more than they hold themselves", async () => {
    const chain = await buildChain(server.deps, "Beyond");
    const { id } = await ask(chain, chain.rep, "crm.contacts.export", "all");
    const teamLead = await as(chain.teamLead);
    // The team lead holds export on their team's records only.
    const refused = teamLead.requests.approve({ workspaceSlug: chain.workspace.slug, requestId: id });
    expect(await appCodeOf(refused)).toBe("PERMISSION_NOT_GRANTABLE");
    await expect(teamLead.requests.approve({ workspaceSlug: chain.workspace.slug, requestId: id })).rejects.toThrow(/which your roles don't give you/);
    expect((await teamLead.requests.list({ workspaceSlug: chain.workspace.slug })).requests).toEqual([]);
    expect((await accessOf(chain, chain.rep)).permissions["crm.contacts.export"]).toBeUndefined();

    // An admin holds it on all records, and may.
    await (await as(chain.admin)).requests.approve({ workspaceSlug: chain.workspace.slug, requestId: id });
    expect((await accessOf(chain, chain.rep)).permissions["crm.contacts.export"]).toBe("all");
  });

  it("lets an approver shorten the duration but not lengthen it, and audits request, decision and grant", async () => {
    const chain = await buildChain(server.deps, "Shorten");
    const { id } = await ask(chain, chain.rep, "crm.contacts.export", "team", "7d");
    const salesManager = await as(chain.salesManager);
    expect(await appCodeOf(salesManager.requests.approve({ workspaceSlug: chain.workspace.slug, requestId: id, duration: "permanent" }))).toBe("REQUEST_DURATION_LONGER");
    const approved = await salesManager.requests.approve({ workspaceSlug: chain.workspace.slug, requestId: id, duration: "1d" });
    const days = (new Date(approved.endsAt ?? 0).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(0.99);
    expect(days).toBeLessThanOrEqual(1);
    const mine = await (await as(chain.rep)).requests.mine({ workspaceSlug: chain.workspace.slug });
    expect(mine[0]).toMatchObject({ status: "approved", duration: "7d", grantedDuration: "1d", decidedBy: chain.salesManager.name });
    expect(mine[0]?.grant).toMatchObject({ active: true, endsAt: approved.endsAt });
    expect(await auditActions(chain.workspace.id)).toEqual(["request.created", "grant.created", "request.approved"]);
  });

  it("records a denial with its note and tells the requester", async () => {
    const chain = await buildChain(server.deps, "Deny");
    const { id } = await ask(chain, chain.rep, "crm.contacts.delete", "own");
    const teamLead = await as(chain.teamLead);
    expect(await appCodeOf(teamLead.requests.deny({ workspaceSlug: chain.workspace.slug, requestId: id, note: "  " }))).toBe("INVALID_INPUT");
    await teamLead.requests.deny({ workspaceSlug: chain.workspace.slug, requestId: id, note: "Ask Sam to delete them instead." });
    const row = await server.deps.db.selectFrom("permission_requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "denied", decision_note: "Ask Sam to delete them instead.", decided_by_membership_id: chain.teamLead.membershipId });
    const told = await server.deps.db.selectFrom("notifications").select(["title", "body"]).where("user_id", "=", chain.rep.id).where("kind", "=", "request.decided").executeTakeFirstOrThrow();
    expect(told.title).toBe(`${chain.teamLead.name} did not approve your request for Delete Contacts (CRM) on own records`);
    expect(told.body).toContain("Ask Sam to delete them instead.");
    const mail = await server.deps.db.selectFrom("email_outbox").selectAll().where("reference_id", "=", id).executeTakeFirstOrThrow();
    expect(mail).toMatchObject({ kind: "request_decided", to_address: chain.rep.email });
    expect(mail.text_body).toContain("Ask Sam to delete them instead.");
    expect(await auditActions(chain.workspace.id)).toEqual(["request.created", "request.denied"]);
    expect((await accessOf(chain, chain.rep)).permissions["crm.contacts.delete"]).toBeUndefined();
  });

  it("settles two deciders acting at once on exactly one outcome; the second is told who decided", async () => {
    const chain = await buildChain(server.deps, "Race");
    for (let round = 0; round < 6; round += 1) {
      const { id } = await ask(chain, chain.rep, "crm.contacts.export", "own");
      const [teamLead, director] = await Promise.all([as(chain.teamLead), as(chain.director)]);
      const results = await Promise.allSettled([
        teamLead.requests.approve({ workspaceSlug: chain.workspace.slug, requestId: id }),
        director.requests.deny({ workspaceSlug: chain.workspace.slug, requestId: id, note: "Not this quarter." }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const loser = results.find((r) => r.status === "rejected");
      expect(await appCodeOf(Promise.reject(loser?.reason))).toBe("REQUEST_ALREADY_DECIDED");
      const row = await server.deps.db.selectFrom("permission_requests").select("status").where("id", "=", id).executeTakeFirstOrThrow();
      const grants = await server.deps.db.selectFrom("permission_grants").select("id").where("request_id", "=", id).execute();
      const winner = results[0]?.status === "fulfilled" ? "approved" : "denied";
      expect(row.status).toBe(winner);
      expect(grants).toHaveLength(winner === "approved" ? 1 : 0);
      expect(String((loser?.reason as Error).message)).toMatch(winner === "approved" ? new RegExp(`already approved by ${chain.teamLead.name}`) : new RegExp(`already denied by ${chain.director.name}`));
      // Clear the way for the next round.
      await server.deps.db.updateTable("permission_grants").set({ revoked_at: new Date() }).where("request_id", "=", id).execute();
    }
  });
});

describe("people leaving", () => {
  it("drops a pending request from the triage list when the requester leaves, and refuses to approve it", async () => {
    const chain = await buildChain(server.deps, "Leaver");
    const { id } = await ask(chain, chain.rep, "crm.contacts.export", "own");
    await server.deps.db.updateTable("memberships").set({ status: "removed", removed_at: new Date() }).where("id", "=", chain.rep.membershipId).execute();
    const teamLead = await as(chain.teamLead);
    expect((await teamLead.requests.list({ workspaceSlug: chain.workspace.slug })).requests).toEqual([]);
    expect(await appCodeOf(teamLead.requests.approve({ workspaceSlug: chain.workspace.slug, requestId: id }))).toBe("REQUEST_REQUESTER_GONE");
    // When it expires, it is audited, but the person who left is not notified about a workspace they no longer belong to.
    await server.deps.db
      .updateTable("permission_requests")
      .set({ expires_at: sql<Date>`now() - interval '1 minute'` })
      .where("id", "=", id)
      .execute();
    await sweepPermissionRequests(server.deps);
    expect(await auditActions(chain.workspace.id)).toContain("request.expired");
    const told = await server.deps.db.selectFrom("notifications").select("kind").where("user_id", "=", chain.rep.id).where("kind", "=", "request.expired").execute();
    expect(told).toEqual([]);
  });
});

describe("other workspaces", () => {
  it("answers not found for a request or grant id from another workspace", async () => {
    const chain = await buildChain(server.deps, "Home");
    const elsewhere = await buildChain(server.deps, "Elsewhere");
    const { id } = await ask(chain, chain.rep, "crm.contacts.export", "own", "permanent");
    const foreignAdmin = await as(elsewhere.admin);
    const slug = elsewhere.workspace.slug;
    expect(await appCodeOf(foreignAdmin.requests.approve({ workspaceSlug: slug, requestId: id }))).toBe("NOT_FOUND");
    expect(await appCodeOf(foreignAdmin.requests.deny({ workspaceSlug: slug, requestId: id, note: "no" }))).toBe("NOT_FOUND");
    expect((await foreignAdmin.requests.list({ workspaceSlug: slug })).requests).toEqual([]);
    const { grantId } = await (await as(chain.admin)).requests.approve({ workspaceSlug: chain.workspace.slug, requestId: id });
    expect(await appCodeOf(foreignAdmin.grants.revoke({ workspaceSlug: slug, grantId }))).toBe("NOT_FOUND");
    expect(await foreignAdmin.grants.list({ workspaceSlug: slug })).toEqual([]);
    // And a grant in one workspace gives nothing in another.
    expect((await accessOf(chain, chain.rep)).permissions["crm.contacts.export"]).toBe("own");
  });
});

describe("asking", () => {
  it("refuses a second pending request for the same access, even when both arrive at once", async () => {
    const chain = await buildChain(server.deps, "Duplicate");
    await ask(chain, chain.rep, "crm.contacts.export", "own");
    const again = ask(chain, chain.rep, "crm.contacts.export", "own");
    expect(await appCodeOf(again)).toBe("REQUEST_DUPLICATE");
    await expect(ask(chain, chain.rep, "crm.contacts.export", "own")).rejects.toThrow("You have already asked for Export Contacts (CRM) on own records. Your request is waiting for a decision.");
    // A different scope is a different request.
    await ask(chain, chain.rep, "crm.contacts.export", "team");

    const racing = await Promise.allSettled([ask(chain, chain.rep, "recruiting.jobs.export", "own"), ask(chain, chain.rep, "recruiting.jobs.export", "own")]);
    expect(racing.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const pending = await server.deps.db.selectFrom("permission_requests").select("id").where("requester_membership_id", "=", chain.rep.membershipId).where("permission", "=", "recruiting.jobs.export").execute();
    expect(pending).toHaveLength(1);
  });

  it("refuses a request for access the member already has, and for owner-only access", async () => {
    const chain = await buildChain(server.deps, "Held");
    expect(await appCodeOf(ask(chain, chain.rep, "crm.contacts.read", "own"))).toBe("REQUEST_ALREADY_HELD");
    expect(await appCodeOf(ask(chain, chain.rep, "members.view", "all"))).toBe("REQUEST_ALREADY_HELD");
    expect(await appCodeOf(ask(chain, chain.rep, "billing.manage", "all"))).toBe("REQUEST_NOT_REQUESTABLE");
    expect(await appCodeOf(ask(chain, chain.rep, "crm.nothing.export", "own"))).toBe("INVALID_INPUT");
    // A wider scope than held is a real request.
    await ask(chain, chain.rep, "crm.contacts.read", "team");
  });

  it("lets a member withdraw their own pending request, and only their own", async () => {
    const chain = await buildChain(server.deps, "Withdraw");
    const { id } = await ask(chain, chain.rep, "crm.contacts.export", "own");
    expect(await appCodeOf((await as(chain.teamLead)).requests.withdraw({ workspaceSlug: chain.workspace.slug, requestId: id }))).toBe("NOT_FOUND");
    await (await as(chain.rep)).requests.withdraw({ workspaceSlug: chain.workspace.slug, requestId: id });
    expect(await appCodeOf((await as(chain.teamLead)).requests.approve({ workspaceSlug: chain.workspace.slug, requestId: id }))).toBe("REQUEST_ALREADY_DECIDED");
    // Asking again is allowed now.
    await ask(chain, chain.rep, "crm.contacts.export", "own");
  });
});

describe("time", () => {
  it("counts a grant in effective permissions at once, and not at all after its end", async () => {
    const chain = await buildChain(server.deps, "Ends");
    expect((await accessOf(chain, chain.rep)).permissions["crm.contacts.export"]).toBeUndefined();
    const { id } = await ask(chain, chain.rep, "crm.contacts.export", "own", "1d");
    const { grantId } = await (await as(chain.teamLead)).requests.approve({ workspaceSlug: chain.workspace.slug, requestId: id });
    expect((await accessOf(chain, chain.rep)).permissions["crm.contacts.export"]).toBe("own");
    const current = await (await as(chain.rep)).workspaces.current({ workspaceSlug: chain.workspace.slug });
    expect(current.access.permissions["crm.contacts.export"]).toBe("own");
    // Roles and grants combine; the widest scope wins.
    expect((await accessOf(chain, chain.rep)).permissions["crm.contacts.read"]).toBe("own");

    // The end passes (simulated): the grant stops counting before any sweep has run.
    await backdateGrantToEnded(server.deps, chain.rep.membershipId, grantId);
    expect((await accessOf(chain, chain.rep)).permissions["crm.contacts.export"]).toBeUndefined();
    expect(await appCodeOf((await as(chain.rep)).grants.list({ workspaceSlug: chain.workspace.slug }))).toBe("FORBIDDEN");
    expect(await (await as(chain.admin)).grants.list({ workspaceSlug: chain.workspace.slug })).toEqual([]);

    // The sweep tells the member and the audit log, once.
    await sweepPermissionRequests(server.deps);
    await sweepPermissionRequests(server.deps);
    const ended = await server.deps.db.selectFrom("notifications").select("title").where("user_id", "=", chain.rep.id).where("kind", "=", "grant.ended").execute();
    expect(ended).toEqual([{ title: "Your temporary access ended: Export Contacts (CRM) on own records" }]);
    expect(await auditActions(chain.workspace.id)).toEqual(["request.created", "grant.created", "request.approved", "grant.ended"]);
  });

  it("combines grants with roles: the widest scope wins, and a narrower grant never narrows a role", async () => {
    const chain = await buildChain(server.deps, "Widest");
    expect((await accessOf(chain, chain.teamLead)).permissions["crm.contacts.export"]).toBe("team");
    const { id } = await ask(chain, chain.teamLead, "crm.contacts.export", "all", "7d");
    await (await as(chain.owner)).requests.approve({ workspaceSlug: chain.workspace.slug, requestId: id });
    expect((await accessOf(chain, chain.teamLead)).permissions["crm.contacts.export"]).toBe("all");
    // A narrower grant on top of a role (written directly: asking for it would be refused as already held).
    await server.deps.db.insertInto("permission_grants").values({ workspace_id: chain.workspace.id, membership_id: chain.teamLead.membershipId, permission: "crm.contacts.delete", scope: "own" }).execute();
    expect((await accessOf(chain, chain.teamLead)).permissions["crm.contacts.delete"]).toBe("team");
    // A grant for a workspace permission opens the matching socket room too (rooms are computed from the same query).
    const { id: second } = await ask(chain, chain.rep, "members.invite", "all", "1d");
    await (await as(chain.admin)).requests.approve({ workspaceSlug: chain.workspace.slug, requestId: second });
    const rooms = await workspaceRoomsFor(server.deps.db, chain.rep.id);
    expect(rooms.has(`ws:${chain.workspace.id}:p:members.invite`)).toBe(true);
  });

  it("does not give a removed member their old grant back when they rejoin", async () => {
    const chain = await buildChain(server.deps, "Rejoin");
    const { id } = await ask(chain, chain.rep, "crm.contacts.export", "own", "permanent");
    await (await as(chain.teamLead)).requests.approve({ workspaceSlug: chain.workspace.slug, requestId: id });
    expect((await accessOf(chain, chain.rep)).permissions["crm.contacts.export"]).toBe("own");
    await server.deps.db.updateTable("memberships").set({ status: "removed", removed_at: new Date() }).where("id", "=", chain.rep.membershipId).execute();
    await new Promise((r) => setTimeout(r, 20));
    // Accepting a new invitation reactivates the same membership with a fresh joined_at.
    await server.deps.db
      .updateTable("memberships")
      .set({ status: "active", removed_at: null, joined_at: sql<Date>`clock_timestamp()` })
      .where("id", "=", chain.rep.membershipId)
      .execute();
    expect((await accessOf(chain, chain.rep)).permissions["crm.contacts.export"]).toBeUndefined();
  });

  it("lets an admin revoke a grant early; access stops at once", async () => {
    const chain = await buildChain(server.deps, "Revoke");
    const { id } = await ask(chain, chain.rep, "crm.contacts.export", "own", "permanent");
    await (await as(chain.teamLead)).requests.approve({ workspaceSlug: chain.workspace.slug, requestId: id });
    const admin = await as(chain.admin);
    const grants = await admin.grants.list({ workspaceSlug: chain.workspace.slug });
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ permission: "crm.contacts.export", scope: "own", endsAt: null, member: { name: chain.rep.name } });
    const grantId = grants[0]?.id ?? "";
    expect(await appCodeOf((await as(chain.teamLead)).grants.revoke({ workspaceSlug: chain.workspace.slug, grantId }))).toBe("FORBIDDEN");
    await admin.grants.revoke({ workspaceSlug: chain.workspace.slug, grantId });
    expect((await accessOf(chain, chain.rep)).permissions["crm.contacts.export"]).toBeUndefined();
    expect(await appCodeOf(admin.grants.revoke({ workspaceSlug: chain.workspace.slug, grantId }))).toBe("GRANT_ALREADY_ENDED");
    expect(await auditActions(chain.workspace.id)).toEqual(["request.created", "grant.created", "request.approved", "grant.revoked"]);
    // Revoked grants are not announced again as "ended".
    await sweepPermissionRequests(server.deps);
    expect(await auditActions(chain.workspace.id)).not.toContain("grant.ended");
  });

  it("expires requests not decided within 14 days", async () => {
    const chain = await buildChain(server.deps, "Expire");
    const { id } = await ask(chain, chain.rep, "crm.contacts.export", "own");
    const created = await server.deps.db.selectFrom("permission_requests").select(["created_at", "expires_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(created.expires_at.getTime() - created.created_at.getTime()).toBe(14 * 86_400_000);

    await server.deps.db
      .updateTable("permission_requests")
      .set({ expires_at: sql<Date>`now() - interval '1 minute'` })
      .where("id", "=", id)
      .execute();
    // Overdue but not yet swept: it can no longer be approved.
    expect(await appCodeOf((await as(chain.teamLead)).requests.approve({ workspaceSlug: chain.workspace.slug, requestId: id }))).toBe("REQUEST_EXPIRED");
    const swept = await sweepPermissionRequests(server.deps);
    expect(swept.expiredRequests).toBeGreaterThanOrEqual(1);
    const row = await server.deps.db.selectFrom("permission_requests").select("status").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.status).toBe("expired");
    expect(await auditActions(chain.workspace.id)).toEqual(["request.created", "request.expired"]);
    const mine = await (await as(chain.rep)).requests.mine({ workspaceSlug: chain.workspace.slug });
    expect(mine.map((r) => r.status)).toEqual(["expired"]);
    // And the member may ask again.
    await ask(chain, chain.rep, "crm.contacts.export", "own");
  });
});

describe("the demo workspace", () => {
  it("seeds requests once, routed up the demo chain Mia → Liam → Sofia → Victor → Olivia", async () => {
    const seeded = await seedDemoWorkspace(server.deps.db);
    expect(await seedDemoRequests(server.deps.db, seeded)).toBe(3);
    expect(await seedDemoRequests(server.deps.db, seeded)).toBe(0);
    const approvers = await approversFor(server.deps.db, {
      workspaceId: seeded.workspaceId,
      requesterMembershipId: seeded.membershipIds.mia ?? "",
      permission: "crm.contacts.export",
      scope: "own",
    });
    const byUser = Object.fromEntries(Object.entries(seeded.userIds).map(([key, id]) => [id, key]));
    expect(approvers.map((a) => byUser[a.userId]).sort()).toEqual(["adam", "ahmed", "amara", "liam", "olivia", "sofia", "victor"]);
    // Emma's approved request left a running grant.
    const emma = await server.deps.db
      .selectFrom("users")
      .select("id")
      .where("id", "=", seeded.userIds.emma ?? "")
      .executeTakeFirstOrThrow();
    const access = await loadWorkspaceAccess(server.deps.db, emma.id, demo.workspaceSlug);
    expect(access?.access.permissions["crm.contacts.delete"]).toBe("own");
  });
});
