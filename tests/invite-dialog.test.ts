/**
 * The invite dialog and the CSV import (issue 13): each person with their
 * own roles in one send, the rails and seats row by row, a CSV checked line
 * by line before anything is sent and then sent whole or not at all, 500
 * people at once, and the link a "Resend" replaced.
 */
import { describe, expect, it } from "vitest";
import { retentionRules, runRetentionSweeps } from "#server/retention/registry";
import { parseCsv } from "#server/services/invitations/csvParse";
import { seatUsage } from "#server/services/workspaces/plans";
import { addMember, appCodeOf, callerAs, createUser, uniqueEmail } from "./helpers/fixtures";
import { endTrialOn, roleIdsByKey, tokenFromMailbox, invitingOwner } from "./helpers/invitations";
import { type TestServer, serverForTests } from "./helpers/server";

let server: TestServer;
serverForTests((started) => (server = started));

const workspaceWithOwner = (name = "Dialog Co.") => invitingOwner(server.deps, name);

async function invitedRoles(email: string, workspaceId: string) {
  const rows = await server.deps.db
    .selectFrom("invitations as i")
    .innerJoin("invitation_roles as ir", "ir.invitation_id", "i.id")
    .innerJoin("roles as r", "r.id", "ir.role_id")
    .select(["r.name", "ir.is_primary"])
    .where("i.email", "=", email)
    .where("i.workspace_id", "=", workspaceId)
    .where("i.status", "=", "pending")
    .orderBy("ir.is_primary", "desc")
    .orderBy("r.name")
    .execute();
  return rows.map((r) => (r.is_primary ? `${r.name}*` : r.name));
}

async function invitationCount(workspaceId: string): Promise<number> {
  const row = await server.deps.db
    .selectFrom("invitations")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("inviting people each with their own roles", () => {
  it("sends three people three different sets of roles in one send, each with its primary role and its own email", async () => {
    const { ws, roles, caller } = await workspaceWithOwner();
    const [ana, ben, cy] = [uniqueEmail("ana"), uniqueEmail("ben"), uniqueEmail("cy")];
    const answer = await caller.invitations.invitePeople({
      workspaceSlug: ws.slug,
      people: [
        { email: ana, roleIds: [roles.admin!], primaryRoleId: roles.admin! },
        { email: ben, roleIds: [roles.member!, roles.viewer!], primaryRoleId: roles.viewer! },
        { email: cy, roleIds: [roles.manager!, roles.member!], primaryRoleId: roles.manager! },
      ],
      message: "Welcome!",
    });
    expect(answer.invited).toBe(3);
    expect(answer.results.map((r) => [r.email, r.outcome, r.message])).toEqual([
      [ana, "invited", "Invited Successfully"],
      [ben, "invited", "Invited Successfully"],
      [cy, "invited", "Invited Successfully"],
    ]);
    expect(await invitedRoles(ana, ws.id)).toEqual(["Admin*"]);
    expect(await invitedRoles(ben, ws.id)).toEqual(["Viewer*", "Member"]);
    expect(await invitedRoles(cy, ws.id)).toEqual(["Manager*", "Member"]);
    // Each email names that person's roles, primary first.
    const mails = await server.deps.db.selectFrom("email_outbox").select(["to_address", "text_body"]).where("workspace_id", "=", ws.id).where("kind", "=", "invitation").execute();
    expect(mails).toHaveLength(3);
    expect(mails.find((m) => m.to_address === ben)?.text_body).toMatch(/Viewer, Member|Viewer and Member/);
    expect(mails.find((m) => m.to_address === ana)?.text_body).toContain("Admin");
  });

  it("answers each row with the documents' words and writes nothing for a refused row", async () => {
    const { ws, roles, caller } = await workspaceWithOwner();
    const member = await createUser(server.deps);
    await addMember(server.deps, ws.id, member, ["member"]);
    const earlier = uniqueEmail("earlier");
    await caller.invitations.invitePeople({ workspaceSlug: ws.slug, people: [{ email: earlier, roleIds: [roles.viewer!], primaryRoleId: roles.viewer! }] });
    const fresh = uniqueEmail("fresh");
    const { results, invited } = await caller.invitations.invitePeople({
      workspaceSlug: ws.slug,
      people: [
        { email: fresh, roleIds: [roles.member!], primaryRoleId: roles.member! },
        { email: earlier, roleIds: [roles.member!], primaryRoleId: roles.member! },
        { email: member.email, roleIds: [roles.viewer!], primaryRoleId: roles.viewer! },
        { email: "not an address", roleIds: [roles.viewer!], primaryRoleId: roles.viewer! },
        { email: fresh.toUpperCase(), roleIds: [roles.viewer!], primaryRoleId: roles.viewer! },
      ],
    });
    expect(invited).toBe(1);
    expect(results.map((r) => r.message)).toEqual([
      "Invited Successfully",
      "User already Invited",
      "User already in organization.",
      "This is not a valid email address.",
      "This address appears more than once in the list.",
    ]);
    // The earlier invitation kept its own roles.
    expect(await invitedRoles(earlier, ws.id)).toEqual(["Viewer*"]);
  });

  it("applies the rails to every row: an Admin's Owner row is refused in words, the other rows go", async () => {
    const { ws, roles } = await workspaceWithOwner();
    const admin = await createUser(server.deps);
    await addMember(server.deps, ws.id, admin, ["admin"]);
    const asAdmin = await callerAs(server.deps, admin);
    const [boss, helper] = [uniqueEmail("boss"), uniqueEmail("helper")];
    const { results, invited } = await asAdmin.invitations.invitePeople({
      workspaceSlug: ws.slug,
      people: [
        { email: boss, roleIds: [roles.owner!, roles.member!], primaryRoleId: roles.owner! },
        { email: helper, roleIds: [roles.admin!], primaryRoleId: roles.admin! },
      ],
    });
    expect(invited).toBe(1);
    expect(results[0]).toMatchObject({ outcome: "not_allowed", message: "Only an Owner can make someone an Owner.", invitationId: null });
    expect(results[1]).toMatchObject({ outcome: "invited" });
    expect(await server.deps.db.selectFrom("invitations").select("id").where("email", "=", boss).execute()).toEqual([]);

    // Someone who may invite through a custom role can't give Admin: its access is more than theirs.
    const recruiter = await createUser(server.deps);
    const custom = await (
      await callerAs(server.deps, { id: await ownerOf(ws.id) })
    ).roles.create({
      workspaceSlug: ws.slug,
      name: "Recruiter",
      grants: [
        { permission: "members.invite", scope: "all" },
        { permission: "members.view", scope: "all" },
      ],
    });
    const membership = await addMember(server.deps, ws.id, recruiter, ["viewer"]);
    await server.deps.db.insertInto("membership_roles").values({ workspace_id: ws.id, membership_id: membership, role_id: custom.id, is_primary: false }).execute();
    const asRecruiter = await callerAs(server.deps, recruiter);
    const answer = await asRecruiter.invitations.invitePeople({
      workspaceSlug: ws.slug,
      people: [
        { email: uniqueEmail("a"), roleIds: [roles.admin!], primaryRoleId: roles.admin! },
        { email: uniqueEmail("v"), roleIds: [roles.viewer!], primaryRoleId: roles.viewer! },
      ],
    });
    expect(answer.results.map((r) => r.outcome)).toEqual(["not_allowed", "invited"]);
    expect(answer.results[0]?.message).toMatch(/^You can't give the Admin role: it includes access your roles don't give you/);
  });

  it("counts seats across the rows: on Starter with 3 seats in use, two rows go and two are refused with the plan's words", async () => {
    const { ws, roles, owner } = await workspaceWithOwner();
    await endTrialOn(server.deps, ws.id, "starter");
    for (let i = 0; i < 2; i += 1) await addMember(server.deps, ws.id, await createUser(server.deps), ["member"]);
    const people = Array.from({ length: 4 }, (_, i) => ({ email: uniqueEmail(`seat${i}`), roleIds: [roles.member!], primaryRoleId: roles.member! }));
    const fresh = await callerAs(server.deps, owner);
    const { results, invited } = await fresh.invitations.invitePeople({ workspaceSlug: ws.slug, people });
    expect(invited).toBe(2);
    expect(results.map((r) => r.outcome)).toEqual(["invited", "invited", "seat_limit", "seat_limit"]);
    expect(results[2]?.message).toContain("Your Starter plan includes up to 5 users");
    expect((await seatUsage(server.deps.db, ws.id)).used).toBe(5);
  });

  it("answers a row naming another workspace's role as not found, and writes nothing for it", async () => {
    const { ws, roles, caller } = await workspaceWithOwner();
    const other = await workspaceWithOwner("Other Co.");
    const stranger = uniqueEmail("stranger");
    const { results, invited } = await caller.invitations.invitePeople({
      workspaceSlug: ws.slug,
      people: [
        { email: stranger, roleIds: [other.roles.admin!], primaryRoleId: other.roles.admin! },
        { email: uniqueEmail("fine"), roleIds: [roles.viewer!], primaryRoleId: roles.viewer! },
      ],
    });
    expect(invited).toBe(1);
    expect(results[0]).toMatchObject({ outcome: "not_found", message: "One of those roles does not exist in this workspace." });
    expect(await server.deps.db.selectFrom("invitations").select("id").where("email", "=", stranger).execute()).toEqual([]);
  });

  it("refuses a primary role that is not among the row's roles, in words", async () => {
    const { ws, roles, caller } = await workspaceWithOwner();
    expect(await appCodeOf(caller.invitations.invitePeople({ workspaceSlug: ws.slug, people: [{ email: uniqueEmail(), roleIds: [roles.member!], primaryRoleId: roles.viewer! }] }))).toBe("INVALID_INPUT");
  });
});

async function ownerOf(workspaceId: string): Promise<string> {
  const row = await server.deps.db
    .selectFrom("membership_roles as mr")
    .innerJoin("roles as r", "r.id", "mr.role_id")
    .innerJoin("memberships as m", "m.id", "mr.membership_id")
    .select("m.user_id")
    .where("mr.workspace_id", "=", workspaceId)
    .where("r.builtin_key", "=", "owner")
    .executeTakeFirstOrThrow();
  return row.user_id;
}

describe("reading a CSV", () => {
  it("drops a byte order mark, reads CRLF, CR and LF, quoted cells with commas, quotes and line breaks, and keeps each record's first line", () => {
    const text = '\uFEFFemail,roles\r\n"ana@x.example","Member;Viewer"\r\nben@x.example,"Say ""hi"", then\nleave"\rcy@x.example,Admin\n\n';
    const parsed = parseCsv(text);
    expect(parsed).toEqual({
      ok: true,
      records: [
        { line: 1, cells: ["email", "roles"] },
        { line: 2, cells: ["ana@x.example", "Member;Viewer"] },
        { line: 3, cells: ["ben@x.example", 'Say "hi", then\nleave'] },
        { line: 5, cells: ["cy@x.example", "Admin"] },
      ],
    });
    expect(parseCsv('email,roles\n"ana@x.example,Member\n')).toEqual({ ok: false, line: 2, message: "Line 2: a quote opened here is never closed." });
  });
});

describe("importing people from a CSV", () => {
  it("checks every line before anything is sent and names each problem with its line", async () => {
    const { owner, ws, caller } = await workspaceWithOwner();
    await caller.departments.create({ workspaceSlug: ws.slug, name: "Sales" });
    const member = await createUser(server.deps);
    await addMember(server.deps, ws.id, member, ["member"]);
    const pending = uniqueEmail("pending");
    const roles = await roleIdsByKey(server.deps, ws.id);
    await caller.invitations.invitePeople({ workspaceSlug: ws.slug, people: [{ email: pending, roleIds: [roles.viewer!], primaryRoleId: roles.viewer! }] });
    const good = uniqueEmail("good");
    const csv = [
      "email,roles,department,manager",
      `${good},Member;Viewer,Sales,${owner.email}`,
      "not-an-address,Member,,",
      `${uniqueEmail("r")},Admn,,`,
      `${good},Viewer,,`,
      `${member.email},Member,,`,
      `${pending},Viewer,,`,
      `${uniqueEmail("d")},Member,Salse,`,
      `${uniqueEmail("m")},Member,,nobody@nowhere.example`,
      `${uniqueEmail("e")},,,`,
    ].join("\n");
    const before = await invitationCount(ws.id);
    const check = await caller.invitations.checkCsv({ workspaceSlug: ws.slug, csv });
    expect(check.ok).toBe(false);
    expect(check.lines).toBe(9);
    expect(check.problems.map((p) => [p.line, p.code])).toEqual([
      [3, "invalid_email"],
      [4, "unknown_role"],
      [5, "duplicate"],
      [6, "already_member"],
      [7, "already_invited"],
      [8, "unknown_department"],
      [9, "unknown_manager"],
      [10, "no_role"],
    ]);
    expect(check.problems.map((p) => p.message)).toEqual([
      'Line 3: "not-an-address" is not a valid email address.',
      'Line 4: unknown role "Admn". Roles in this workspace: Owner, Admin, Manager, Member, Viewer.',
      `Line 5: ${good} appears again (first on line 2).`,
      "Line 6: User already in organization.",
      "Line 7: User already Invited",
      'Line 8: unknown department "Salse". Departments in this workspace: Sales.',
      'Line 9: the manager "nobody@nowhere.example" is not an active member of this workspace (give their email address).',
      'Line 10: no role given. Name one or more roles, separated by ";" (the first is the primary role).',
    ]);
    // Checking sent nothing, and sending the same file sends nothing either.
    const sent = await caller.invitations.importCsv({ workspaceSlug: ws.slug, csv });
    expect(sent.sent).toBe(0);
    expect(sent.problems).toHaveLength(8);
    expect(await invitationCount(ws.id)).toBe(before);
  });

  it("refuses what the sender may not give, line by line: an Admin's Owner line, a department set by someone who may not manage members", async () => {
    const { ws } = await workspaceWithOwner();
    const admin = await createUser(server.deps);
    await addMember(server.deps, ws.id, admin, ["admin"]);
    const asAdmin = await callerAs(server.deps, admin);
    const check = await asAdmin.invitations.checkCsv({ workspaceSlug: ws.slug, csv: `email,roles\n${uniqueEmail()},Member\n${uniqueEmail()},Owner;Member\n` });
    expect(check.problems).toEqual([{ line: 3, code: "not_allowed", message: "Line 3: Only an Owner can make someone an Owner." }]);

    const ownerCaller = await callerAs(server.deps, { id: await ownerOf(ws.id) });
    await ownerCaller.departments.create({ workspaceSlug: ws.slug, name: "Ops" });
    const custom = await ownerCaller.roles.create({
      workspaceSlug: ws.slug,
      name: "Inviter",
      grants: [
        { permission: "members.invite", scope: "all" },
        { permission: "members.view", scope: "all" },
      ],
    });
    const inviter = await createUser(server.deps);
    const membership = await addMember(server.deps, ws.id, inviter, ["viewer"]);
    await server.deps.db.insertInto("membership_roles").values({ workspace_id: ws.id, membership_id: membership, role_id: custom.id, is_primary: false }).execute();
    const asInviter = await callerAs(server.deps, inviter);
    const refused = await asInviter.invitations.checkCsv({ workspaceSlug: ws.slug, csv: `email,roles,department\n${uniqueEmail()},Viewer,Ops\n` });
    expect(refused.problems).toEqual([{ line: 2, code: "not_allowed", message: "Line 2: Setting a department or manager needs the Manage members permission, which your roles don't give you." }]);
  });

  it("counts seats for the whole file and says how many are free", async () => {
    const { ws, caller } = await workspaceWithOwner();
    await endTrialOn(server.deps, ws.id, "starter");
    const fresh = await callerAs(server.deps, { id: await ownerOf(ws.id) });
    const csv = ["email,roles", ...Array.from({ length: 6 }, (_, i) => `${uniqueEmail(`s${i}`)},Member`)].join("\n");
    const check = await fresh.invitations.checkCsv({ workspaceSlug: ws.slug, csv });
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual([
      {
        line: null,
        code: "seat_limit",
        message: "This file invites 6 people, but your Starter plan has 4 free seats (up to 5 users; 1 in use, members and pending invitations). Upgrade the plan or invite fewer people.",
      },
    ]);
    expect(check.seats).toMatchObject({ limit: 5, used: 1, after: 7 });
    void caller;
  });

  it("reads the header strictly: unknown columns and ';' between columns are named", async () => {
    const { ws, caller } = await workspaceWithOwner();
    expect((await caller.invitations.checkCsv({ workspaceSlug: ws.slug, csv: "email,roles,deparment\na@b.example,Member,Sales\n" })).problems[0]?.message).toBe(
      'Line 1: unknown column "deparment". The columns are email and roles, and optionally department and manager.',
    );
    expect((await caller.invitations.checkCsv({ workspaceSlug: ws.slug, csv: "email;roles\na@b.example;Member\n" })).problems[0]?.code).toBe("header");
  });

  it("sends a valid file whole: quoted cells, BOM and CRLF; the person joins with the file's roles, department and manager", async () => {
    const { owner, ws, caller } = await workspaceWithOwner();
    await caller.departments.create({ workspaceSlug: ws.slug, name: "Field Sales" });
    const [ana, ben] = [uniqueEmail("ana"), uniqueEmail("ben")];
    const csv = `\uFEFFEmail,Roles,Department,Manager\r\n"${ana}","Manager;Member","Field Sales","${owner.email}"\r\n${ben},Viewer,,\r\n`;
    const check = await caller.invitations.checkCsv({ workspaceSlug: ws.slug, csv });
    expect(check).toMatchObject({ ok: true, lines: 2, problems: [] });
    expect(check.people).toEqual([
      { line: 2, email: ana, roles: ["Manager", "Member"], department: "Field Sales", manager: `Olivia Owner (${owner.email})` },
      { line: 3, email: ben, roles: ["Viewer"], department: null, manager: null },
    ]);
    const sent = await caller.invitations.importCsv({ workspaceSlug: ws.slug, csv, message: "Hello from the import" });
    expect(sent.sent).toBe(2);
    expect(await invitedRoles(ana, ws.id)).toEqual(["Manager*", "Member"]);

    // Ana accepts and lands in Field Sales under the owner.
    const token = await tokenFromMailbox(server, ana);
    const person = await createUser(server.deps, { email: ana, name: "Ana Field" });
    await (await callerAs(server.deps, person)).invitations.accept({ token });
    const membership = await server.deps.db
      .selectFrom("memberships as m")
      .innerJoin("departments as d", "d.id", "m.department_id")
      .innerJoin("memberships as mgr", "mgr.id", "m.manager_id")
      .select(["d.name", "mgr.user_id"])
      .where("m.user_id", "=", person.id)
      .where("m.workspace_id", "=", ws.id)
      .executeTakeFirstOrThrow();
    expect(membership).toEqual({ name: "Field Sales", user_id: owner.id });
  });

  it("sends all or nothing: a line that became a problem between the check and the send stops the whole file", async () => {
    const { ws, roles, caller } = await workspaceWithOwner();
    const emails = Array.from({ length: 5 }, (_, i) => uniqueEmail(`aon${i}`));
    const csv = ["email,roles", ...emails.map((e) => `${e},Member`)].join("\n");
    expect((await caller.invitations.checkCsv({ workspaceSlug: ws.slug, csv })).ok).toBe(true);
    // Another admin invites the fourth person meanwhile.
    await caller.invitations.invitePeople({ workspaceSlug: ws.slug, people: [{ email: emails[3]!, roleIds: [roles.viewer!], primaryRoleId: roles.viewer! }] });
    const before = await invitationCount(ws.id);
    const sent = await caller.invitations.importCsv({ workspaceSlug: ws.slug, csv });
    expect(sent.sent).toBe(0);
    expect(sent.problems).toEqual([{ line: 5, code: "already_invited", message: "Line 5: User already Invited" }]);
    expect(await invitationCount(ws.id)).toBe(before);
  });

  it("takes 500 people in one go: one call checks them all, one call sends them all through the outbox", async () => {
    const { ws, caller } = await workspaceWithOwner("Five Hundred");
    await endTrialOn(server.deps, ws.id, "enterprise");
    const fresh = await callerAs(server.deps, { id: await ownerOf(ws.id) });
    const tag = ws.id.slice(0, 8);
    const csv = ["email,roles", ...Array.from({ length: 500 }, (_, i) => `p${i}.${tag}@bulk.example,${i % 10 === 0 ? "Manager;Member" : "Member"}`)].join("\r\n");
    const check = await fresh.invitations.checkCsv({ workspaceSlug: ws.slug, csv });
    expect(check).toMatchObject({ ok: true, lines: 500, problems: [] });
    const sent = await fresh.invitations.importCsv({ workspaceSlug: ws.slug, csv });
    expect(sent.sent).toBe(500);
    const queued = await server.deps.db
      .selectFrom("email_outbox")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("workspace_id", "=", ws.id)
      .where("kind", "=", "invitation")
      .executeTakeFirstOrThrow();
    expect(Number(queued.n)).toBe(500);
    const audits = await server.deps.db
      .selectFrom("audit_events")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("workspace_id", "=", ws.id)
      .where("action", "=", "invitation.created")
      .executeTakeFirstOrThrow();
    expect(Number(audits.n)).toBe(500);
    // 501 is one too many, said before anything is read further.
    const tooMany = ["email,roles", ...Array.from({ length: 501 }, (_, i) => `q${i}.${tag}@bulk.example,Member`)].join("\n");
    expect((await fresh.invitations.checkCsv({ workspaceSlug: ws.slug, csv: tooMany })).problems).toEqual([
      { line: null, code: "too_many", message: "This file has 501 people; you can import at most 500 at once. Split it into smaller files." },
    ]);
    void caller;
  });
});

describe("a link replaced by Resend", () => {
  it("says it was replaced by a newer invitation until the retention sweep; accepting through it is refused in the same words", async () => {
    const { ws, roles, caller } = await workspaceWithOwner();
    const email = uniqueEmail("resent");
    const { results } = await caller.invitations.invitePeople({ workspaceSlug: ws.slug, people: [{ email, roleIds: [roles.member!], primaryRoleId: roles.member! }] });
    const oldToken = await tokenFromMailbox(server, email);
    await caller.invitations.resend({ workspaceSlug: ws.slug, invitationId: results[0]!.invitationId! });
    const newToken = await tokenFromMailbox(server, email);
    expect(newToken).not.toBe(oldToken);

    const anonymous = await callerAs(server.deps, null);
    expect(await anonymous.invitations.preview({ token: oldToken })).toMatchObject({ state: "replaced", workspaceName: "Dialog Co.", inviterName: "Olivia Owner" });
    const person = await createUser(server.deps, { email });
    expect(await appCodeOf((await callerAs(server.deps, person)).invitations.accept({ token: oldToken }))).toBe("INVITATION_REPLACED");
    expect(await anonymous.invitations.preview({ token: newToken })).toMatchObject({ state: "pending" });

    // Once the invitation is accepted, the old link says what happened to it.
    await (await callerAs(server.deps, person)).invitations.accept({ token: newToken });
    expect(await anonymous.invitations.preview({ token: oldToken })).toMatchObject({ state: "accepted" });

    // The sweep forgets it after the invitation tokens' period, counted from the old link's expiry.
    await server.deps.db
      .updateTable("invitation_replaced_tokens")
      .set({ expires_at: new Date(Date.now() - 40 * 86_400_000) })
      .where("invitation_id", "=", results[0]!.invitationId!)
      .execute();
    const counts = await runRetentionSweeps(server.deps.db, retentionRules(server.deps.config.retention), { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} });
    expect(counts["replaced invitation links"]).toBeGreaterThanOrEqual(1);
    expect(await anonymous.invitations.preview({ token: oldToken })).toEqual({ state: "invalid" });
  });
});
