import { describe, expect, it } from "vitest";
import { hashInvitationToken } from "#server/services/invitations/tokens";
import { sweepExpiredInvitations } from "#server/services/invitations/expire";
import { invitationLimits } from "#server/services/invitations/limits";
import { seatUsage } from "#server/services/workspaces/plans";
import { addMember, appCodeOf, callerAs, createUser, uniqueEmail } from "./helpers/fixtures";
import { endTrialOn, tokenFromMailbox, lapseInvitation, invitingOwner } from "./helpers/invitations";
import { type TestServer, serverForTests } from "./helpers/server";

let server: TestServer;
serverForTests((started) => (server = started));

const workspaceWithOwner = (name = "Acme Inc.") => invitingOwner(server.deps, name);

describe("inviting a batch of people", () => {
  it("answers each address on its own: invited, already invited, already a member, invalid, listed twice", async () => {
    const { ws, roles, caller, owner } = await workspaceWithOwner();
    const member = await createUser(server.deps);
    await addMember(server.deps, ws.id, member, ["member"]);
    const earlier = uniqueEmail("earlier");
    await caller.invitations.invite({ workspaceSlug: ws.slug, emails: [earlier], roleIds: [roles.member!], primaryRoleId: roles.member! });

    const fresh = uniqueEmail("fresh");
    const { results, invited } = await caller.invitations.invite({
      workspaceSlug: ws.slug,
      emails: [`  ${fresh.toUpperCase()}  `, earlier, member.email, "not-an-email", "a@", fresh],
      roleIds: [roles.member!, roles.viewer!],
      primaryRoleId: roles.member!,
      message: "Welcome aboard!",
    });
    expect(invited).toBe(1);
    expect(results.map((r) => [r.email, r.outcome, r.message])).toEqual([
      [fresh, "invited", "Invited Successfully"],
      [earlier, "already_invited", "User already Invited"],
      [member.email, "already_member", "User already in organization."],
      [null, "invalid", "This is not a valid email address."],
      [null, "invalid", "This is not a valid email address."],
      [fresh, "duplicate", "This address appears more than once in the list."],
    ]);

    const row = await server.deps.db.selectFrom("invitations").selectAll().where("email", "=", fresh).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "pending", invited_by: owner.id, message: "Welcome aboard!", delivery_status: "queued" });
    const days = (row.expires_at.getTime() - row.sent_at.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(7, 3);
    const invitedRoles = await server.deps.db.selectFrom("invitation_roles").select(["role_id", "is_primary"]).where("invitation_id", "=", row.id).execute();
    expect(invitedRoles).toEqual(
      expect.arrayContaining([
        { role_id: roles.member, is_primary: true },
        { role_id: roles.viewer, is_primary: false },
      ]),
    );
    expect(invitedRoles).toHaveLength(2);

    // The email is queued in the same transaction, not sent inline.
    const outbox = await server.deps.db.selectFrom("email_outbox").selectAll().where("reference_id", "=", row.id).execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ kind: "invitation", to_address: fresh, subject: "You've been invited to Acme Inc.", from_address: "Team Access <invites@example.com>" });
    expect(outbox[0]?.text_body).toContain("Olivia Owner");
    expect(outbox[0]?.text_body).toContain(owner.email);
    expect(outbox[0]?.text_body).toContain("Member and Viewer");
    expect(outbox[0]?.text_body).toContain("Welcome aboard!");
    expect(outbox[0]?.text_body).toMatch(/Accept Invitation: http:\/\/127\.0\.0\.1:\d+\/invite\/[A-Za-z0-9_-]{43}/);
    expect(outbox[0]?.text_body).toMatch(/expires on \d+ \w+ \d{4}/);
    expect(outbox[0]?.html_body).toContain("Accept Invitation");

    const audit = await server.deps.db.selectFrom("audit_events").select(["action", "target_label"]).where("workspace_id", "=", ws.id).where("action", "=", "invitation.created").execute();
    expect(audit.map((a) => a.target_label).sort()).toEqual([earlier, fresh].sort());
  });

  it("splits a pasted list on commas, semicolons and new lines", async () => {
    const { ws, roles, caller } = await workspaceWithOwner();
    const [a, b, c] = [uniqueEmail("a"), uniqueEmail("b"), uniqueEmail("c")];
    const { results } = await caller.invitations.invite({
      workspaceSlug: ws.slug,
      emails: [`${a}, ${b}\n\nCarol <${c}>;`],
      roleIds: [roles.viewer!],
      primaryRoleId: roles.viewer!,
    });
    expect(results.map((r) => [r.email, r.outcome])).toEqual([
      [a, "invited"],
      [b, "invited"],
      [c, "invited"],
    ]);
  });

  it("refuses more than 100 addresses at once, and a primary role that is not among the roles", async () => {
    const { ws, roles, caller } = await workspaceWithOwner();
    const many = Array.from({ length: 101 }, (_, i) => `p${i}@example.com`).join("\n");
    expect(await appCodeOf(caller.invitations.invite({ workspaceSlug: ws.slug, emails: [many], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! }))).toBe("INVITATION_BATCH_TOO_LARGE");
    expect(await appCodeOf(caller.invitations.invite({ workspaceSlug: ws.slug, emails: [uniqueEmail()], roleIds: [roles.viewer!], primaryRoleId: roles.member! }))).toBe("INVALID_INPUT");
    expect(await server.deps.db.selectFrom("invitations").select("id").where("workspace_id", "=", ws.id).execute()).toEqual([]);
  });

  it("lets people give only roles they hold: an Admin cannot invite an Owner, a Manager cannot invite at all", async () => {
    const { ws, roles } = await workspaceWithOwner();
    const admin = await createUser(server.deps);
    const manager = await createUser(server.deps);
    await addMember(server.deps, ws.id, admin, ["admin"]);
    await addMember(server.deps, ws.id, manager, ["manager"]);
    const asAdmin = await callerAs(server.deps, admin);
    expect(await appCodeOf(asAdmin.invitations.invite({ workspaceSlug: ws.slug, emails: [uniqueEmail()], roleIds: [roles.owner!], primaryRoleId: roles.owner! }))).toBe("OWNER_ONLY");
    const asManager = await callerAs(server.deps, manager);
    expect(await appCodeOf(asManager.invitations.invite({ workspaceSlug: ws.slug, emails: [uniqueEmail()], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! }))).toBe("FORBIDDEN");
    const ok = await asAdmin.invitations.invite({ workspaceSlug: ws.slug, emails: [uniqueEmail()], roleIds: [roles.admin!], primaryRoleId: roles.admin! });
    expect(ok.invited).toBe(1);
  });

  it("keeps one pending invitation per address even when the same address is invited many times at once", async () => {
    const { ws, roles, owner } = await workspaceWithOwner();
    const email = uniqueEmail("racy");
    const callers = await Promise.all(Array.from({ length: 10 }, () => callerAs(server.deps, owner)));
    const answers = await Promise.all(callers.map((c) => c.invitations.invite({ workspaceSlug: ws.slug, emails: [email], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! })));
    expect(answers.filter((a) => a.results[0]?.outcome === "invited")).toHaveLength(1);
    expect(answers.filter((a) => a.results[0]?.outcome === "already_invited")).toHaveLength(9);
    const rows = await server.deps.db.selectFrom("invitations").select("id").where("email", "=", email).execute();
    expect(rows).toHaveLength(1);
  });

  it("and the database itself refuses a second pending invitation for the same address", async () => {
    const { ws, caller, roles } = await workspaceWithOwner();
    const email = uniqueEmail();
    await caller.invitations.invite({ workspaceSlug: ws.slug, emails: [email], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    const insert = server.deps.db
      .insertInto("invitations")
      .values({ workspace_id: ws.id, email, token_hash: hashInvitationToken("another"), expires_at: new Date(Date.now() + 86_400_000) })
      .execute();
    await expect(insert).rejects.toMatchObject({ code: "23505", constraint: "invitations_one_pending" });
  });

  it("never returns a token in the list", async () => {
    const { ws, roles, caller } = await workspaceWithOwner();
    const email = uniqueEmail();
    await caller.invitations.invite({ workspaceSlug: ws.slug, emails: [email], roleIds: [roles.member!, roles.viewer!], primaryRoleId: roles.viewer! });
    const token = await tokenFromMailbox(server, email);
    const list = await caller.invitations.list({ workspaceSlug: ws.slug });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      email,
      state: "pending",
      delivery: "sent",
      invitedBy: { name: "Olivia Owner" },
      roles: [
        { name: "Viewer", isPrimary: true },
        { name: "Member", isPrimary: false },
      ],
      resendsLeftToday: invitationLimits.resendsPerDay,
    });
    const json = JSON.stringify(list);
    expect(json).not.toContain(token);
    expect(json).not.toMatch(/token/i);
    expect(json).not.toContain(hashInvitationToken(token).toString("hex"));
  });
});

describe("seats", () => {
  it("refuses the invitation that would pass the plan's limit, naming the plan and the limit", async () => {
    const { ws, roles, caller } = await workspaceWithOwner();
    for (let i = 0; i < 2; i += 1) await addMember(server.deps, ws.id, await createUser(server.deps), ["member"]);
    await caller.invitations.invite({ workspaceSlug: ws.slug, emails: [uniqueEmail()], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    await endTrialOn(server.deps, ws.id, "starter"); // 3 members + 1 pending = 4 of 5
    const [last, over] = [uniqueEmail("last"), uniqueEmail("over")];
    const { results } = await caller.invitations.invite({ workspaceSlug: ws.slug, emails: [last, over], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    expect(results[0]).toMatchObject({ email: last, outcome: "invited" });
    expect(results[1]).toMatchObject({ email: over, outcome: "seat_limit" });
    expect(results[1]?.message).toContain("Starter plan includes up to 5 users");
    expect(await seatUsage(server.deps.db, ws.id)).toEqual({ activeMembers: 3, pendingInvitations: 2, used: 5 });

    // Cancelling a pending invitation frees its seat.
    const list = await caller.invitations.list({ workspaceSlug: ws.slug });
    await caller.invitations.cancel({ workspaceSlug: ws.slug, invitationId: list.find((i) => i.email === last)!.id });
    const again = await caller.invitations.invite({ workspaceSlug: ws.slug, emails: [over], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    expect(again.results[0]?.outcome).toBe("invited");
  });

  it("never passes the limit when 20 invitations arrive at once", async () => {
    const { ws, roles, owner } = await workspaceWithOwner();
    await endTrialOn(server.deps, ws.id, "starter"); // 1 of 5 used
    const callers = await Promise.all(Array.from({ length: 20 }, () => callerAs(server.deps, owner)));
    const answers = await Promise.all(
      callers.map((c, i) => c.invitations.invite({ workspaceSlug: ws.slug, emails: [`seat${i}.${ws.id.slice(0, 8)}@example.com`], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! })),
    );
    const outcomes = answers.map((a) => a.results[0]?.outcome);
    expect(outcomes.filter((o) => o === "invited")).toHaveLength(4);
    expect(outcomes.filter((o) => o === "seat_limit")).toHaveLength(16);
    expect(await seatUsage(server.deps.db, ws.id)).toMatchObject({ used: 5 });
  });

  it("after a downgrade keeps everyone but refuses new invitations, and an expired invitation cannot be revived into a full plan", async () => {
    const { ws, roles, caller, owner } = await workspaceWithOwner();
    const email = uniqueEmail("dormant");
    await caller.invitations.invite({ workspaceSlug: ws.slug, emails: [email], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    await lapseInvitation(server.deps, { email });
    for (let i = 0; i < 6; i += 1) await addMember(server.deps, ws.id, await createUser(server.deps), ["member"]);
    await endTrialOn(server.deps, ws.id, "starter"); // 7 members on a 5-seat plan
    const fresh = await callerAs(server.deps, owner);
    expect(await fresh.members.list({ workspaceSlug: ws.slug })).toHaveLength(7);
    const { results } = await fresh.invitations.invite({ workspaceSlug: ws.slug, emails: [uniqueEmail()], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    expect(results[0]?.outcome).toBe("seat_limit");
    const [expired] = await fresh.invitations.list({ workspaceSlug: ws.slug });
    expect(expired?.state).toBe("expired");
    const refused = fresh.invitations.resend({ workspaceSlug: ws.slug, invitationId: expired!.id });
    expect(await appCodeOf(refused)).toBe("SEAT_LIMIT_REACHED");
    await expect(fresh.invitations.resend({ workspaceSlug: ws.slug, invitationId: expired!.id })).rejects.toThrow("Starter plan includes up to 5 users");
  });

  it("has no limit during the trial or on Enterprise", async () => {
    const { ws, roles, caller, owner } = await workspaceWithOwner();
    const emails = Array.from({ length: 8 }, () => uniqueEmail("trial"));
    expect((await caller.invitations.invite({ workspaceSlug: ws.slug, emails, roleIds: [roles.viewer!], primaryRoleId: roles.viewer! })).invited).toBe(8);
    await endTrialOn(server.deps, ws.id, "enterprise");
    expect((await caller.invitations.invite({ workspaceSlug: ws.slug, emails: [uniqueEmail()], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! })).invited).toBe(1);
    // A fresh request: the caller above resolved the workspace before the plan changed.
    const seats = await (await callerAs(server.deps, owner)).invitations.seats({ workspaceSlug: ws.slug });
    expect(seats).toMatchObject({ planLabel: "Enterprise", limit: null, used: 10 });
  });
});

describe("rate limits", () => {
  it("stops one person after their hourly allowance, with a clear message", async () => {
    const { ws, roles, caller } = await workspaceWithOwner();
    const batch = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag}${i}.${ws.id.slice(0, 8)}@example.com`);
    const batches = Array.from({ length: invitationLimits.perInviterPerHour / 100 }, (_, i) => `r${i + 1}-`);
    for (const tag of batches) {
      const { invited } = await caller.invitations.invite({ workspaceSlug: ws.slug, emails: batch(tag, 100), roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
      expect(invited).toBe(100);
    }
    const { results } = await caller.invitations.invite({ workspaceSlug: ws.slug, emails: batch("over-", 2), roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    expect(results.map((r) => r.outcome)).toEqual(["rate_limited", "rate_limited"]);
    expect(results[0]?.message).toBe(`You can send up to ${invitationLimits.perInviterPerHour} invitations an hour. Please wait a while before inviting more people.`);
  });
});

describe("workspace rate limit", () => {
  it("stops a workspace after its hourly allowance, whoever sends", async () => {
    const { ws, roles, caller } = await workspaceWithOwner();
    const admin = await createUser(server.deps);
    await addMember(server.deps, ws.id, admin, ["admin"]);
    const asAdmin = await callerAs(server.deps, admin);
    const batch = (tag: string) => Array.from({ length: 100 }, (_, i) => `${tag}${i}.${ws.id.slice(0, 8)}@example.com`);
    // Half the workspace's allowance each (each within their own).
    const half = invitationLimits.perWorkspacePerHour / 200;
    const sends = [...Array.from({ length: half }, (_, i) => [caller, `o${i}-`] as const), ...Array.from({ length: half }, (_, i) => [asAdmin, `a${i}-`] as const)];
    for (const [who, tag] of sends) {
      expect((await who.invitations.invite({ workspaceSlug: ws.slug, emails: batch(tag), roleIds: [roles.viewer!], primaryRoleId: roles.viewer! })).invited).toBe(100);
    }
    const third = await createUser(server.deps);
    await addMember(server.deps, ws.id, third, ["admin"]);
    const { results } = await (await callerAs(server.deps, third)).invitations.invite({ workspaceSlug: ws.slug, emails: [uniqueEmail()], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    expect(results[0]).toMatchObject({ outcome: "rate_limited" });
    expect(results[0]?.message).toBe(`This workspace can send up to ${invitationLimits.perWorkspacePerHour} invitations an hour. Please wait a while before inviting more people.`);
  });
});

describe("managing invitations", () => {
  it("resending sends a new link and the old one stops working; a few resends a day at most", async () => {
    const { ws, roles, caller } = await workspaceWithOwner();
    const email = uniqueEmail("resend");
    await caller.invitations.invite({ workspaceSlug: ws.slug, emails: [email], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    const first = await tokenFromMailbox(server, email);
    const [invitation] = await caller.invitations.list({ workspaceSlug: ws.slug });
    const resent = await caller.invitations.resend({ workspaceSlug: ws.slug, invitationId: invitation!.id });
    expect(resent.resendsLeftToday).toBe(invitationLimits.resendsPerDay - 1);
    const second = await tokenFromMailbox(server, email);
    expect(second).not.toBe(first);

    const anonymous = await callerAs(server.deps, null);
    // The old link no longer works, and says why: a newer invitation replaced it (issue 13).
    expect(await anonymous.invitations.preview({ token: first })).toMatchObject({ state: "replaced" });
    expect(await anonymous.invitations.preview({ token: second })).toMatchObject({ state: "pending", email });
    expect(await appCodeOf(anonymous.invitations.acceptWithNewAccount({ token: first, name: "Old Link", password: "a long new password" }))).toBe("INVITATION_REPLACED");

    for (let i = 1; i < invitationLimits.resendsPerDay; i += 1) await caller.invitations.resend({ workspaceSlug: ws.slug, invitationId: invitation!.id });
    const refused = caller.invitations.resend({ workspaceSlug: ws.slug, invitationId: invitation!.id });
    expect(await appCodeOf(refused)).toBe("INVITATION_RESEND_LIMIT");
    await expect(caller.invitations.resend({ workspaceSlug: ws.slug, invitationId: invitation!.id })).rejects.toThrow(/resent 3 times in the last 24 hours/);
    const [listed] = await caller.invitations.list({ workspaceSlug: ws.slug });
    expect(listed?.resendsLeftToday).toBe(0);
    const audit = await server.deps.db.selectFrom("audit_events").select("action").where("target_id", "=", invitation!.id).where("action", "=", "invitation.resent").execute();
    expect(audit).toHaveLength(invitationLimits.resendsPerDay);
  });

  it("cancelling kills the link and removes the invitation from the list", async () => {
    const { ws, roles, caller } = await workspaceWithOwner();
    const email = uniqueEmail("cancel");
    await caller.invitations.invite({ workspaceSlug: ws.slug, emails: [email], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    const token = await tokenFromMailbox(server, email);
    const [invitation] = await caller.invitations.list({ workspaceSlug: ws.slug });
    await caller.invitations.cancel({ workspaceSlug: ws.slug, invitationId: invitation!.id });
    expect(await caller.invitations.list({ workspaceSlug: ws.slug })).toEqual([]);
    expect(await (await callerAs(server.deps, null)).invitations.preview({ token })).toMatchObject({ state: "cancelled", workspaceName: "Acme Inc." });
    expect(await appCodeOf(caller.invitations.cancel({ workspaceSlug: ws.slug, invitationId: invitation!.id }))).toBe("INVITATION_NOT_PENDING");
    expect(await appCodeOf(caller.invitations.resend({ workspaceSlug: ws.slug, invitationId: invitation!.id }))).toBe("INVITATION_NOT_PENDING");
    // A new invitation for the same address is now possible.
    expect((await caller.invitations.invite({ workspaceSlug: ws.slug, emails: [email], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! })).invited).toBe(1);
  });

  it("marks invitations expired after their week, shows them as expired, and lets them be resent", async () => {
    const { ws, roles, caller } = await workspaceWithOwner();
    const email = uniqueEmail("late");
    await caller.invitations.invite({ workspaceSlug: ws.slug, emails: [email], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    const [invitation] = await caller.invitations.list({ workspaceSlug: ws.slug });
    await lapseInvitation(server.deps, { id: invitation!.id });
    expect((await caller.invitations.list({ workspaceSlug: ws.slug }))[0]?.state).toBe("expired");
    expect((await caller.invitations.seats({ workspaceSlug: ws.slug })).pendingInvitations).toBe(0);

    await server.emailWorker?.drain(); // the delivery listener briefly holds the row; the sweeper skips held rows
    expect(await sweepExpiredInvitations(server.deps)).toBeGreaterThanOrEqual(1);
    const row = await server.deps.db.selectFrom("invitations").select("status").where("id", "=", invitation!.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("expired");
    const audit = await server.deps.db.selectFrom("audit_events").select(["action", "actor_user_id"]).where("target_id", "=", invitation!.id).where("action", "=", "invitation.expired").execute();
    expect(audit).toEqual([{ action: "invitation.expired", actor_user_id: null }]);

    await caller.invitations.resend({ workspaceSlug: ws.slug, invitationId: invitation!.id });
    const [revived] = await caller.invitations.list({ workspaceSlug: ws.slug });
    expect(revived).toMatchObject({ id: invitation!.id, state: "pending" });
    expect(new Date(revived!.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
  });

  it("the server's scheduled expiry job marks them expired", async () => {
    const { ws, roles, caller } = await workspaceWithOwner();
    const email = uniqueEmail("swept");
    const { results } = await caller.invitations.invite({ workspaceSlug: ws.slug, emails: [email], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    await lapseInvitation(server.deps, { email });
    // The invitation email is delivered meanwhile, and delivery updates the invitation's row; the sweep passes over
    // rows another transaction holds (the next sweep gets them). Let delivery finish first, so this sweep sees the row.
    await server.emailWorker?.drain();
    // The server's scheduler runs the expiry job (every minute); run it now rather than wait.
    const job = server.scheduler.job("invitation expiry");
    expect(job).toBeDefined();
    await job?.runNow();
    expect((await server.deps.db.selectFrom("invitations").select("status").where("id", "=", results[0]!.invitationId!).executeTakeFirstOrThrow()).status).toBe("expired");
  });

  it("a new invitation to an address whose invitation expired replaces it in the list", async () => {
    const { ws, roles, caller } = await workspaceWithOwner();
    const email = uniqueEmail("again");
    await caller.invitations.invite({ workspaceSlug: ws.slug, emails: [email], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    await lapseInvitation(server.deps, { email });
    const { results } = await caller.invitations.invite({ workspaceSlug: ws.slug, emails: [email], roleIds: [roles.member!], primaryRoleId: roles.member! });
    expect(results[0]?.outcome).toBe("invited");
    const list = await caller.invitations.list({ workspaceSlug: ws.slug });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ state: "pending", roles: [{ name: "Member" }] });
  });

  it("refuses to resend to someone who has joined meanwhile", async () => {
    const { ws, roles, caller } = await workspaceWithOwner();
    const email = uniqueEmail("joined");
    const { results } = await caller.invitations.invite({ workspaceSlug: ws.slug, emails: [email], roleIds: [roles.viewer!], primaryRoleId: roles.viewer! });
    await addMember(server.deps, ws.id, await createUser(server.deps, { email }), ["viewer"]);
    expect(await appCodeOf(caller.invitations.resend({ workspaceSlug: ws.slug, invitationId: results[0]!.invitationId! }))).toBe("INVITATION_ALREADY_MEMBER");
  });

  it("does not let one workspace touch another's invitations", async () => {
    const a = await workspaceWithOwner("A Ltd");
    const b = await workspaceWithOwner("B Ltd");
    await a.caller.invitations.invite({ workspaceSlug: a.ws.slug, emails: [uniqueEmail()], roleIds: [a.roles.viewer!], primaryRoleId: a.roles.viewer! });
    const [invitation] = await a.caller.invitations.list({ workspaceSlug: a.ws.slug });
    expect(await appCodeOf(b.caller.invitations.cancel({ workspaceSlug: b.ws.slug, invitationId: invitation!.id }))).toBe("NOT_FOUND");
    expect(await appCodeOf(b.caller.invitations.invite({ workspaceSlug: b.ws.slug, emails: [uniqueEmail()], roleIds: [a.roles.viewer!], primaryRoleId: a.roles.viewer! }))).toBe("NOT_FOUND");
  });
});
