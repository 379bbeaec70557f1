import { describe, expect, it } from "vitest";
import { csvCell } from "#server/services/csv";
import { recordAudit } from "#server/services/audit";
import { inTransaction } from "#server/services/transaction";
import { addMember, appCodeOf, callerAs, createUser, createWorkspaceOwnedBy, sessionCookie } from "./helpers/fixtures";
import { type TestServer, serverForTests } from "./helpers/server";

let server: TestServer;
// With pages: one test reads the Audit Log page's own data.
serverForTests((started) => (server = started), { pages: true });

async function loggedWorkspace() {
  const owner = await createUser(server.deps, { name: "Lena Owner" });
  const admin = await createUser(server.deps, { name: "Arno Admin" });
  const manager = await createUser(server.deps, { name: "Mika Manager" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Logbook Ltd");
  await addMember(server.deps, ws.id, admin, ["admin"]);
  await addMember(server.deps, ws.id, manager, ["manager"]);
  // 60 entries by the admin on two days, 1 by the owner, plus workspace.created.
  await inTransaction(server.deps, async (tx) => {
    for (let i = 0; i < 60; i += 1) {
      await tx.db
        .insertInto("audit_events")
        .values({
          workspace_id: ws.id,
          actor_user_id: admin.id,
          action: i % 2 === 0 ? "member.roles_changed" : "department.created",
          target_type: i % 2 === 0 ? "member" : "department",
          target_id: `t-${i}`,
          target_label: i % 2 === 0 ? `Person ${i}` : `=Dept ${i}`,
          before: JSON.stringify({ n: i }),
          after: JSON.stringify({ n: i + 1, note: 'with "quotes", commas' }),
          created_at: i < 30 ? "2026-11-01T12:00:00Z" : "2026-11-02T23:30:00Z",
        })
        .execute();
    }
    await recordAudit(tx, {
      workspaceId: ws.id,
      actor: { userId: owner.id, impersonatorUserId: null },
      action: "settings.changed",
      targetType: "workspace",
      targetId: ws.id,
      targetLabel: "Logbook Ltd",
    });
  });
  // Another workspace's entries are never shown.
  const other = await createUser(server.deps);
  await createWorkspaceOwnedBy(server.deps, other, "Elsewhere");
  return { owner, admin, manager, ws };
}

describe("the Audit Log", () => {
  it("pages through the workspace's entries, newest first", async () => {
    const t = await loggedWorkspace();
    const admin = await callerAs(server.deps, t.admin);
    const first = await admin.auditLog.list({ workspaceSlug: t.ws.slug, pageSize: 25 });
    expect(first.total).toBe(62);
    expect(first.pageCount).toBe(3);
    expect(first.entries).toHaveLength(25);
    const third = await admin.auditLog.list({ workspaceSlug: t.ws.slug, pageSize: 25, page: 3 });
    expect(third.entries).toHaveLength(12);
    const times = [...first.entries, ...third.entries].map((e) => e.at);
    expect(times).toEqual([...times].sort().reverse());
    const ids = new Set([...first.entries, ...(await admin.auditLog.list({ workspaceSlug: t.ws.slug, pageSize: 25, page: 2 })).entries, ...third.entries].map((e) => e.id));
    expect(ids.size).toBe(62);
  });

  it("filters by actor, action, target and date", async () => {
    const t = await loggedWorkspace();
    const owner = await callerAs(server.deps, t.owner);
    const slug = t.ws.slug;
    const byOwner = await owner.auditLog.list({ workspaceSlug: slug, filters: { actorUserId: t.owner.id } });
    expect(byOwner.entries.map((e) => e.action).sort()).toEqual(["settings.changed", "workspace.created"]);
    expect((await owner.auditLog.list({ workspaceSlug: slug, filters: { action: "department.created" } })).total).toBe(30);
    expect((await owner.auditLog.list({ workspaceSlug: slug, filters: { target: "Person 1" } })).entries.map((e) => e.targetLabel).sort()).toEqual(["Person 10", "Person 12", "Person 14", "Person 16", "Person 18"]);
    expect((await owner.auditLog.list({ workspaceSlug: slug, filters: { target: "100%" } })).total).toBe(0);
    expect((await owner.auditLog.list({ workspaceSlug: slug, filters: { from: "2026-11-02", to: "2026-11-02" } })).total).toBe(30);
    expect((await owner.auditLog.list({ workspaceSlug: slug, filters: { to: "2026-11-01" } })).total).toBe(30);
    expect((await owner.auditLog.list({ workspaceSlug: slug, filters: { from: "2026-11-01", to: "2026-11-02", action: "member.roles_changed" } })).total).toBe(30);
    expect(await appCodeOf(owner.auditLog.list({ workspaceSlug: slug, filters: { from: "2026-11-03", to: "2026-11-01" } }))).toBe("INVALID_INPUT");
    expect(await appCodeOf(owner.auditLog.list({ workspaceSlug: slug, filters: { from: "yesterday" } }))).toBe("INVALID_INPUT");
    const choices = await owner.auditLog.filterChoices({ workspaceSlug: slug });
    expect(choices.actors.map((a) => a.name)).toEqual(["Arno Admin", "Lena Owner"]);
    expect(choices.actions).toEqual(["department.created", "member.roles_changed", "settings.changed", "workspace.created"]);
  });

  it("exports the filtered entries as CSV that spreadsheets read safely", async () => {
    const t = await loggedWorkspace();
    const admin = await callerAs(server.deps, t.admin);
    const exported = await admin.auditLog.exportCsv({ workspaceSlug: t.ws.slug, filters: { action: "department.created" } });
    expect(exported.rows).toBe(30);
    expect(exported.filename).toMatch(new RegExp(`^audit-log-${t.ws.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    // UTF-8 with a byte order mark, every cell quoted.
    expect(exported.csv.startsWith("\uFEFF")).toBe(true);
    const lines = exported.csv.slice(1).trimEnd().split("\r\n");
    expect(lines).toHaveLength(31);
    expect(lines[0]).toBe('"time_utc","action","actor_name","actor_email","impersonator_name","impersonator_email","target_type","target_id","target_label","before","after"');
    expect(lines[1]).toContain(',"department.created","Arno Admin",');
    // A label that looks like a formula is defused; JSON with quotes and commas stays one cell.
    expect(lines[1]).toMatch(/,"'=Dept \d+",/);
    expect(lines[1]).toContain(`"{""n"":`);
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("+1")).toBe(`"'+1"`);
    expect(csvCell(" \uFF1Dcmd")).toBe(`"' \uFF1Dcmd"`);
    expect(csvCell(null)).toBe('""');
  });

  it("sends the page only what its rows show: people by name, the target by its label", async () => {
    const t = await loggedWorkspace();
    const viewer = await createUser(server.deps, { name: "Vera Viewed" });
    await addMember(server.deps, t.ws.id, viewer, ["member"]);
    // One entry made while the Owner viewed the workspace as someone, about a target without a label.
    await inTransaction(server.deps, (tx) =>
      recordAudit(tx, {
        workspaceId: t.ws.id,
        actor: { userId: viewer.id, impersonatorUserId: t.owner.id },
        action: "settings.changed",
        targetType: "workspace",
        targetId: "target-without-label",
        targetLabel: null,
      }),
    );
    const cookie = await sessionCookie(server.deps, t.owner);
    const answer = await fetch(`${server.url}/w/${t.ws.slug}/settings/audit?_data=routes%2Fw.%24slug.settings.audit`, { headers: { cookie } });
    const text = await answer.text();
    expect(answer.status, text).toBe(200);
    const data = JSON.parse(text) as { choices: { actors: unknown[] }; log: { total: number; entries: Array<Record<string, unknown>> } };
    expect(data.log.total).toBe(63);
    expect(data.log.entries[0]).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      action: "settings.changed",
      actor: "Vera Viewed",
      impersonator: "Lena Owner",
      targetType: "workspace",
      target: "target-without-label",
    });
    expect(data.log.entries[1]).toMatchObject({ actor: "Lena Owner", target: "Logbook Ltd" });
    expect(data.log.entries[1]).not.toHaveProperty("impersonator");
    expect(data.log.entries.find((e) => e.target === "Person 58")).toMatchObject({ actor: "Arno Admin", before: { n: 58 }, after: { n: 59 } });
    expect(data.choices.actors).toContainEqual({ id: t.admin.id, name: "Arno Admin" });
    // No one's email, and no person's id outside the filter's options.
    for (const person of [t.owner, t.admin, viewer]) expect(text).not.toContain(person.email);
    expect(JSON.stringify(data.log)).not.toContain(t.admin.id);
    // The page's HTML carries the before and after once, in its data: the folded details are built when opened.
    const html = await (await fetch(`${server.url}/w/${t.ws.slug}/settings/audit`, { headers: { cookie } })).text();
    expect(html).toContain("Person 58");
    expect(html).toContain('"before":{"n":58}');
    expect(html).not.toContain("<pre");
  });

  it("is not shown to a Manager", async () => {
    const t = await loggedWorkspace();
    const manager = await callerAs(server.deps, t.manager);
    expect(await appCodeOf(manager.auditLog.list({ workspaceSlug: t.ws.slug }))).toBe("FORBIDDEN");
    expect(await appCodeOf(manager.auditLog.exportCsv({ workspaceSlug: t.ws.slug }))).toBe("FORBIDDEN");
  });
});
