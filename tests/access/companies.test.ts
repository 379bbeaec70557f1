/**
 * CRM companies, the resource added on the record-resource definition: scope
 * own/team/all inside SQL, the module switch, input errors and the CSV export.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { appCodeOf } from "../helpers/fixtures";
import { type TestServer, serverForTests } from "../helpers/server";
import { buildWorld, type PersonKey, type World } from "./world";

let server: TestServer;
let world: World;
const companyOf = {} as Record<PersonKey, string>;
const slug = () => world.workspace.slug;

serverForTests((started) => (server = started));
beforeAll(async () => {
  world = await buildWorld(server.deps);
  for (const key of Object.keys(world.people) as PersonKey[]) {
    if (key === "viewer") continue;
    companyOf[key] = (await (await world.as(key)).crm.companies.create({ workspaceSlug: slug(), name: `Company of ${key}`, domain: `${key.toLowerCase()}.example` })).id;
  }
});

async function visible(key: PersonKey): Promise<string[]> {
  const page = await (await world.as(key)).crm.companies.list({ workspaceSlug: slug(), pageSize: 100 });
  return page.rows.map((c) => c.name.replace("Company of ", "")).sort();
}

describe("CRM companies", () => {
  it("applies own, team and all scope inside the query", async () => {
    expect(await visible("rep")).toEqual(["rep"]); // Member: own
    expect(await visible("director")).toEqual(["director", "lead", "rep"]); // Manager: their chain
    expect((await visible("viewer")).length).toBe(9); // Viewer: all
    expect((await visible("admin")).length).toBe(9);
  });

  it("refuses reads and writes outside the scope, and leaves the row alone", async () => {
    const rep = await world.as("rep");
    expect(await appCodeOf(rep.crm.companies.get({ workspaceSlug: slug(), id: companyOf.lead }))).toBe("NOT_FOUND");
    expect(await appCodeOf(rep.crm.companies.update({ workspaceSlug: slug(), id: companyOf.lead, name: "Mine" }))).toBe("NOT_FOUND");
    expect(await appCodeOf(rep.crm.companies.delete({ workspaceSlug: slug(), id: companyOf.rep }))).toBe("FORBIDDEN");
    const viewer = await world.as("viewer");
    expect(await appCodeOf(viewer.crm.companies.update({ workspaceSlug: slug(), id: companyOf.rep, name: "Mine" }))).toBe("FORBIDDEN");
    const row = await server.deps.db.selectFrom("companies").select("name").where("id", "=", companyOf.lead).executeTakeFirstOrThrow();
    expect(row.name).toBe("Company of lead");
  });

  it("lets a manager edit and delete within their team, and says which rows they may change", async () => {
    const lead = await world.as("lead");
    const rows = (await lead.crm.companies.list({ workspaceSlug: slug() })).rows;
    expect(rows.every((r) => r.mayUpdate && r.mayDelete)).toBe(true);
    const extra = await (await world.as("rep")).crm.companies.create({ workspaceSlug: slug(), name: "Prospect Ltd" });
    await lead.crm.companies.update({ workspaceSlug: slug(), id: extra.id, name: "Prospect Ltd", industry: "Retail" });
    expect(await lead.crm.companies.get({ workspaceSlug: slug(), id: extra.id })).toMatchObject({ name: "Prospect Ltd", industry: "Retail", domain: null });
    await lead.crm.companies.delete({ workspaceSlug: slug(), id: extra.id });
    expect(await appCodeOf(lead.crm.companies.get({ workspaceSlug: slug(), id: extra.id }))).toBe("NOT_FOUND");
  });

  it("answers bad input with a clear error and writes nothing", async () => {
    const rep = await world.as("rep");
    const before = (await visible("rep")).length;
    expect(await appCodeOf(rep.crm.companies.create({ workspaceSlug: slug(), name: "  " }))).toBe("INVALID_INPUT");
    expect(await appCodeOf(rep.crm.companies.create({ workspaceSlug: slug(), name: "Odd", domain: "not a domain" }))).toBe("INVALID_INPUT");
    expect((await visible("rep")).length).toBe(before);
  });

  it("closes with the CRM module, for the workspace and per member", async () => {
    const admin = await world.as("admin");
    await admin.members.setModules({ workspaceSlug: slug(), membershipId: world.people.director.membershipId, modules: { crm: false } });
    expect(await appCodeOf((await world.as("director")).crm.companies.list({ workspaceSlug: slug() }))).toBe("MODULE_CLOSED");
    await admin.members.setModules({ workspaceSlug: slug(), membershipId: world.people.director.membershipId, modules: { crm: true } });
    await admin.modules.setEnabled({ workspaceSlug: slug(), module: "crm", enabled: false });
    expect(await appCodeOf((await world.as("vp")).crm.companies.get({ workspaceSlug: slug(), id: companyOf.vp }))).toBe("MODULE_CLOSED");
    await admin.modules.setEnabled({ workspaceSlug: slug(), module: "crm", enabled: true });
    expect(await visible("director")).toEqual(["director", "lead", "rep"]);
  });

  it("exports the caller's scope as CSV through the safe encoder", async () => {
    const rep = await world.as("rep");
    await rep.crm.companies.create({ workspaceSlug: slug(), name: '=HYPERLINK("http://evil")', industry: "Risky" });
    expect(await appCodeOf(rep.crm.companies.export({ workspaceSlug: slug() }))).toBe("FORBIDDEN");
    const file = await (await world.as("director")).crm.companies.export({ workspaceSlug: slug(), query: "risky" });
    expect(file.filename).toMatch(/^companies-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(file.rows).toBe(1);
    const [header, row] = file.csv.replace("\uFEFF", "").trim().split("\r\n");
    expect(header).toBe('"Name","Domain","Industry","Owner","Department","Created"');
    expect(row).toContain('"\'=HYPERLINK(""http://evil"")","","Risky","Acme rep","Sales"');
    const all = await (await world.as("admin")).crm.companies.export({ workspaceSlug: slug() });
    expect(all.rows).toBe(10);
  });
});
