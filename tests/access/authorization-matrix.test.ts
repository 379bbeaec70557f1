/**
 * The authorization matrix (tests/access/matrix.ts) proven against the real
 * router: every procedure has a row, every row is a procedure, each role
 * gets exactly the allow/deny the row says; and every procedure that takes
 * a record's or member's id answers NOT_FOUND to another workspace's id.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { appRouter } from "#server/router";
import type { ProcedureMeta } from "#server/trpc/trpc";
import { addMember, appCodeOf, callerAs, createUser, createWorkspaceOwnedBy, type TestUser } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/server";
import { idFieldNames, type MatrixRole, matrixRoles, parseMatrix, recruiterRole } from "./matrix";

interface ProcedureDef {
  meta?: ProcedureMeta;
  inputs: unknown[];
  type: "query" | "mutation" | "subscription";
}

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>).map(([path, p]) => [path, p._def] as const);
const matrix = parseMatrix();

type Callable = (input?: unknown) => Promise<unknown>;
function procedureOf(caller: unknown, path: string): Callable {
  let node: unknown = caller;
  for (const key of path.split(".")) node = (node as Record<string, unknown>)[key];
  if (typeof node !== "function") throw new Error(`No procedure ${path} on the caller`);
  return node as Callable;
}

/** Input fields that are required ids (their absence would fail validation). */
function requiredIdFields(def: ProcedureDef): string[] {
  const fields: string[] = [];
  for (const input of def.inputs) {
    const shape = (input as { shape?: Record<string, z.ZodTypeAny> }).shape;
    if (!shape) continue;
    for (const name of idFieldNames) {
      const field = shape[name];
      if (field && !field.isOptional()) fields.push(name);
    }
  }
  return fields;
}

describe("the matrix covers the router", () => {
  it("has a row for every procedure", () => {
    const missing = procedures.map(([path]) => path).filter((path) => !matrix.has(path));
    expect(missing, "procedures without a row in tests/access/matrix.ts").toEqual([]);
  });

  it("names no procedure that does not exist", () => {
    const paths = new Set(procedures.map(([path]) => path));
    expect([...matrix.keys()].filter((path) => !paths.has(path))).toEqual([]);
  });

  it.each(procedures)("%s is declared as its row says", (path, def) => {
    const row = matrix.get(path);
    if (!row) return; // reported above
    const access = def.meta?.access;
    if (row.kind === "public") expect(access).toEqual({ public: true });
    else if (row.kind === "signed in") expect(access).toEqual({ signedIn: true });
    else expect(access && ("permission" in access || "member" in access)).toBe(true);
  });
});

let server: TestServer;
const people = {} as Record<MatrixRole, TestUser>;
let workspace: { id: string; slug: string };
let other: { workspace: { id: string; slug: string }; owner: TestUser };
const foreign = {} as Record<"contact" | "company" | "job" | "candidate" | "membership" | "role" | "department" | "invitation", string>;
let home: { membershipId: string; roleId: string; domainId: string };

beforeAll(async () => {
  server = await startTestServer();
  const deps = server.deps;
  people.owner = await createUser(deps, { name: "Matrix Owner" });
  workspace = await createWorkspaceOwnedBy(deps, people.owner, "Matrix");
  for (const role of ["admin", "manager", "member", "viewer"] as const) {
    people[role] = await createUser(deps, { name: `Matrix ${role}` });
    await addMember(deps, workspace.id, people[role], [role]);
  }
  people.recruiter = await createUser(deps, { name: "Matrix recruiter" });
  const recruiterMembership = await addMember(deps, workspace.id, people.recruiter, ["viewer"]);
  const owner = await callerAs(deps, people.owner);
  const recruiter = await owner.roles.create({ workspaceSlug: workspace.slug, ...recruiterRole });
  await owner.members.setRoles({ workspaceSlug: workspace.slug, membershipId: recruiterMembership, roleIds: [recruiter.id], primaryRoleId: recruiter.id });
  const homeDomain = await owner.domains.add({ workspaceSlug: workspace.slug, domain: "matrix-home.test", localPart: "it", mode: "request", roleId: recruiter.id });
  home = { membershipId: recruiterMembership, roleId: recruiter.id, domainId: homeDomain.id };

  // Another workspace, with one of everything, owned by someone else.
  const otherOwner = await createUser(deps, { name: "Other Owner" });
  const otherWorkspace = await createWorkspaceOwnedBy(deps, otherOwner, "Other");
  other = { workspace: otherWorkspace, owner: otherOwner };
  const theirs = await callerAs(deps, otherOwner);
  const otherPerson = await createUser(deps);
  foreign.membership = await addMember(deps, otherWorkspace.id, otherPerson, ["member"]);
  foreign.contact = (await theirs.crm.contacts.create({ workspaceSlug: otherWorkspace.slug, name: "Their contact" })).id;
  foreign.company = (await theirs.crm.companies.create({ workspaceSlug: otherWorkspace.slug, name: "Their company" })).id;
  foreign.job = (await theirs.recruiting.jobs.create({ workspaceSlug: otherWorkspace.slug, title: "Their job" })).id;
  foreign.candidate = (await theirs.recruiting.candidates.create({ workspaceSlug: otherWorkspace.slug, name: "Their candidate", jobId: foreign.job })).id;
  foreign.role = (await theirs.roles.create({ workspaceSlug: otherWorkspace.slug, name: "Theirs", grants: [] })).id;
  foreign.department = (await theirs.departments.create({ workspaceSlug: otherWorkspace.slug, name: "Their department" })).id;
  const theirMemberRole = (await theirs.roles.list({ workspaceSlug: otherWorkspace.slug })).find((r) => r.builtinKey === "member");
  if (!theirMemberRole) throw new Error("no Member role");
  const invited = await theirs.invitations.invite({
    workspaceSlug: otherWorkspace.slug,
    emails: ["their.invitee@example.com"],
    roleIds: [theirMemberRole.id],
    primaryRoleId: theirMemberRole.id,
  });
  foreign.invitation = invited.results[0]?.invitationId ?? "";
});
afterAll(async () => {
  await server?.stop();
});

const workspaceRows = [...matrix.entries()].filter((entry): entry is [string, Extract<ReturnType<typeof matrix.get>, { kind: "workspace" }>] => entry[1].kind === "workspace");

describe("each role gets exactly what its row says", () => {
  it.each(workspaceRows)("%s", async (path, row) => {
    const outcomes: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const role of matrixRoles) {
      const caller = await callerAs(server.deps, people[role]);
      // Only the workspace is given: an allowed caller passes the access check and then
      // meets input validation (or gets an answer); a refused one is stopped first.
      const code = await procedureOf(
        caller,
        path,
      )({ workspaceSlug: workspace.slug }).then(
        () => "ok",
        (error: unknown) => appCodeOf(Promise.reject(error)),
      );
      outcomes[role] = code === "FORBIDDEN" || code === "MODULE_CLOSED" ? "deny" : "allow";
      expected[role] = row.allowed[role] ? "allow" : "deny";
      // A row may take the caller out of the workspace (members.leave): put them back for the next row.
      await server.deps.db.updateTable("memberships").set({ status: "active", removed_at: null }).where("workspace_id", "=", workspace.id).where("user_id", "=", people[role].id).execute();
    }
    expect(outcomes).toEqual(expected);
  });
});

describe("another workspace's ids answer NOT_FOUND", () => {
  const cases: Record<string, () => Record<string, unknown>> = {
    "members.setRoles": () => ({ membershipId: foreign.membership, roleIds: [home.roleId], primaryRoleId: home.roleId }),
    "members.setManager": () => ({ membershipId: foreign.membership, managerId: null }),
    "members.setDepartment": () => ({ membershipId: foreign.membership, departmentId: null }),
    "members.setModules": () => ({ membershipId: foreign.membership, modules: { crm: false } }),
    "members.remove": () => ({ membershipId: foreign.membership }),
    "roles.update": () => ({ roleId: foreign.role, name: "Mine now", grants: [] }),
    "roles.delete": () => ({ roleId: foreign.role }),
    "departments.rename": () => ({ departmentId: foreign.department, name: "Mine now" }),
    "departments.delete": () => ({ departmentId: foreign.department }),
    "crm.contacts.get": () => ({ id: foreign.contact }),
    "crm.contacts.update": () => ({ id: foreign.contact, name: "Mine now" }),
    "crm.contacts.delete": () => ({ id: foreign.contact }),
    "crm.companies.get": () => ({ id: foreign.company }),
    "crm.companies.update": () => ({ id: foreign.company, name: "Mine now" }),
    "crm.companies.delete": () => ({ id: foreign.company }),
    "recruiting.jobs.get": () => ({ id: foreign.job }),
    "recruiting.jobs.update": () => ({ id: foreign.job, title: "Mine now" }),
    "recruiting.jobs.delete": () => ({ id: foreign.job }),
    "recruiting.candidates.get": () => ({ id: foreign.candidate }),
    "recruiting.candidates.update": () => ({ id: foreign.candidate, name: "Mine now" }),
    "recruiting.candidates.delete": () => ({ id: foreign.candidate }),
    "invitations.resend": () => ({ invitationId: foreign.invitation }),
    "invitations.cancel": () => ({ invitationId: foreign.invitation }),
    "impersonation.start": () => ({ membershipId: foreign.membership, password: people.owner.password }),
    "members.transferOwnership": () => ({ membershipId: foreign.membership, formerOwnerBecomes: "owner" }),
    "inviteLinks.create": () => ({ roleId: foreign.role, expiresInDays: 7, maxUses: null, requiresApproval: false }),
    "domains.add": () => ({ domain: "smuggled.test", localPart: "it", mode: "automatic", roleId: foreign.role }),
    "domains.update": () => ({ domainId: home.domainId, mode: "automatic", roleId: foreign.role }),
  };
  // Ids of the other workspace smuggled into an otherwise valid call in one's own workspace.
  const mixed: Array<[string, () => Record<string, unknown>]> = [
    ["members.setRoles (their role)", () => ({ membershipId: home.membershipId, roleIds: [foreign.role], primaryRoleId: foreign.role })],
    ["members.setManager (their member as manager)", () => ({ membershipId: home.membershipId, managerId: foreign.membership })],
    ["members.setDepartment (their department)", () => ({ membershipId: home.membershipId, departmentId: foreign.department })],
    ["recruiting.candidates.create (their job)", () => ({ name: "Someone", jobId: foreign.job })],
    ["roles.delete (holders moved to their role)", () => ({ roleId: home.roleId, holders: { action: "reassign", roleId: foreign.role } })],
  ];

  it("has a case for every procedure that takes an id", () => {
    const needing = procedures.filter(([, def]) => requiredIdFields(def).length > 0).map(([path]) => path);
    expect(needing.filter((path) => !(path in cases))).toEqual([]);
  });

  it.each(Object.entries(cases))("%s", async (path, input) => {
    const owner = await callerAs(server.deps, people.owner);
    expect(await appCodeOf(procedureOf(owner, path)({ workspaceSlug: workspace.slug, ...input() }))).toBe("NOT_FOUND");
  });

  it.each(mixed)("%s", async (label, input) => {
    const path = label.split(" ")[0] ?? "";
    const owner = await callerAs(server.deps, people.owner);
    expect(await appCodeOf(procedureOf(owner, path)({ workspaceSlug: workspace.slug, ...input() }))).toBe("NOT_FOUND");
  });

  it("left the other workspace untouched", async () => {
    const theirs = await callerAs(server.deps, other.owner);
    expect((await theirs.crm.contacts.get({ workspaceSlug: other.workspace.slug, id: foreign.contact })).name).toBe("Their contact");
    expect((await theirs.recruiting.jobs.get({ workspaceSlug: other.workspace.slug, id: foreign.job })).title).toBe("Their job");
    expect((await theirs.departments.list({ workspaceSlug: other.workspace.slug })).map((d) => d.name)).toEqual(["Their department"]);
    const membership = await server.deps.db.selectFrom("memberships").select("status").where("id", "=", foreign.membership).executeTakeFirstOrThrow();
    expect(membership.status).toBe("active");
  });
});
