/**
 * Direct object references: a caller names a record they must not reach.
 * Generic over the router:
 *  - every workspace procedure, called by workspace A's owner with workspace
 *    B's address, answers NOT_FOUND;
 *  - every procedure taking ids (`id`, `…Id`, `…Ids`), called by A's owner in A
 *    with ids of B's rows (one per table), never succeeds as a mutation and
 *    never returns B's ids as a query; refusals are NOT_FOUND or FORBIDDEN;
 *  - the same with ids of A's records owned outside the caller's scope (rows
 *    of tables with an `owner…` column), as the member (own scope) and the
 *    manager (team scope).
 */
import fc from "fast-check";
import { sql } from "kysely";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callProcedure, type CallResult } from "./call";
import { carriesIds, listProcedures, withIds } from "./procedures";
import { allIds, builtInRoleKeys, cookieFor, idsOfWorkspace, seedWorld, type World } from "./world";
import { validish } from "./zodArbitrary";
import { defaultRateLimits } from "#server/auth/rateLimitPolicy";
import { scopeFor } from "#shared/permissions/access";
import { isRecordPermission } from "#shared/permissions/catalogue";
import { loadWorkspaceAccess } from "#server/permissions/resolve";
import { startTestServer, type TestServer } from "../helpers/server";

const procedures = listProcedures().filter((p) => p.type !== "subscription");
const workspaceProcedures = procedures.filter((p) => p.takesWorkspace);
const idProcedures = procedures.filter((p) => p.idKeys.length > 0);
const refusalCodes = new Set(["NOT_FOUND", "FORBIDDEN"]);

let server: TestServer;
let world: World;
/**
 * Records for the probes to aim at: every `….create` mutation called with
 * sampled inputs by each role of both workspaces, so module records exist
 * owned by people inside and outside each caller's scope.
 */
async function populate(): Promise<void> {
  const creators = procedures.filter((p) => p.type === "mutation" && p.takesWorkspace && /\.create$/.test(p.path));
  for (const workspace of [world.a, world.b]) {
    const ids = allIds(await idsOfWorkspace(server.deps, workspace.id));
    for (const role of builtInRoleKeys) {
      const cookie = await cookieFor(server.deps, workspace.people[role]);
      for (const procedure of creators) {
        for (const input of samples(procedure, workspace.slug, ids, 4)) await callProcedure(server, cookie, procedure, input);
      }
    }
  }
  world.idsA = await idsOfWorkspace(server.deps, world.a.id);
  world.idsB = await idsOfWorkspace(server.deps, world.b.id);
}

beforeAll(async () => {
  // Probes of procedures that ask for the password again pass the right one, many times over: the
  // password-check limit is tested in tests/reauthentication.test.ts, not here.
  server = await startTestServer({
    rateLimits: { ...defaultRateLimits, passwordCheck: { ...defaultRateLimits.passwordCheck, limits: { user: { max: 100_000, windowSeconds: 900 } } } },
  });
  world = await seedWorld(server.deps);
  await populate();
});
afterAll(async () => {
  await server?.stop();
});

/** `count` sampled inputs plus a minimal one (required fields and id-carrying fields only). */
function samples(procedure: (typeof procedures)[number], slug: string, ids: string[], count: number): unknown[] {
  if (!procedure.input) return [undefined];
  const context = { ids, fixedKeys: { workspaceSlug: fc.constant(slug) }, maxHugeString: 100 };
  const sampled = fc.sample(validish(procedure.input, context), { numRuns: count, seed: 42 });
  const minimal = fc.sample(validish(procedure.input, { ...context, keepOptional: carriesIds }), { numRuns: 1, seed: 7 });
  return [...minimal, ...sampled];
}

/**
 * A fingerprint of everything workspace B holds (every table with
 * workspace_id, except the email outbox, which the worker updates on its
 * own): no probe from workspace A may change it, succeed or not.
 */
async function fingerprintOf(workspaceId: string): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.columns
    where table_schema = 'public' and column_name = 'workspace_id' and table_name <> 'email_outbox'
      and table_name in (select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE')
    order by table_name`.execute(server.deps.db);
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    const row = await sql<{ h: string | null }>`select md5(string_agg(t::text, '|' order by t::text)) as h from ${sql.table(table_name)} t where workspace_id = ${workspaceId}`.execute(server.deps.db);
    parts.push(`${table_name}:${row.rows[0]?.h ?? "-"}`);
  }
  return parts.join(",");
}

/**
 * Never data: a refusal must be NOT_FOUND or FORBIDDEN (or invalid input); an
 * answer may not contain the foreign ids. (A mutation that answers without
 * touching the foreign rows, like "mark these of mine read", is checked by
 * the fingerprint of the other workspace.)
 */
/**
 * Procedures that ask for the password again (deleting a workspace, viewing
 * as a member) get the caller's own, so the probe reaches the ids behind it.
 */
function withPassword(procedure: (typeof procedures)[number], input: unknown, password: string): unknown {
  const shape = procedure.input instanceof z.ZodObject ? (procedure.input.shape as Record<string, unknown>) : {};
  if (!("password" in shape) || typeof input !== "object" || input === null || Array.isArray(input)) return input;
  return { ...input, password };
}

function leaks(result: CallResult, foreignIds: string[]): string | null {
  if (result.status >= 500) return `server error ${result.status} ${result.message ?? ""}`;
  if (result.status !== 200) return refusalCodes.has(result.appCode ?? "") || result.appCode === "INVALID_INPUT" || result.appCode === "MODULE_CLOSED" ? null : `refused with ${result.appCode}`;
  const body = JSON.stringify(result.data ?? null);
  const leaked = foreignIds.find((id) => body.includes(id));
  return leaked ? `returned ${leaked}` : null;
}

describe("direct object references", () => {
  it("has workspace procedures to probe", () => {
    expect(workspaceProcedures.length).toBeGreaterThan(0);
  });

  it.each(workspaceProcedures.map((p) => [p.path, p] as const))("%s: another workspace's address is not found", async (_path, procedure) => {
    const cookie = await cookieFor(server.deps, world.a.people.owner);
    for (const input of samples(procedure, world.b.slug, allIds(world.idsB), 3)) {
      const result = await callProcedure(server, cookie, procedure, input);
      expect(result.status, JSON.stringify(input)).toBe(404);
      expect(result.appCode).toBe("NOT_FOUND");
    }
  });

  it.each(idProcedures.map((p) => [p.path, p] as const))("%s: ids of another workspace's records reach nothing", async (_path, procedure) => {
    const cookie = await cookieFor(server.deps, world.a.people.owner);
    const foreign = [...world.idsB.entries()].map(([table, ids]) => ({ table, id: ids[0] as string }));
    const foreignIds = allIds(world.idsB);
    let pastValidation = 0;
    await server.emailWorker?.drain();
    const before = await fingerprintOf(world.b.id);
    for (const { table, id } of foreign) {
      for (const sample of samples(procedure, world.a.slug, allIds(world.idsA), 2)) {
        const input = withPassword(
          procedure,
          withIds(sample, () => id),
          world.a.people.owner.password,
        );
        const result = await callProcedure(server, cookie, procedure, input);
        const problem = leaks(result, foreignIds);
        expect(problem, `${procedure.path} with ${table} id ${id}: ${JSON.stringify(input)}`).toBeNull();
        if (result.appCode !== "INVALID_INPUT") pastValidation += 1;
      }
    }
    expect(await fingerprintOf(world.b.id), "the other workspace's data changed").toBe(before);
    // At least some probes must get past input validation to mean anything
    // (refused as not found / forbidden, or a filter answered without the foreign rows).
    expect(pastValidation, "every probe was refused as invalid input; the schema sampler needs help").toBeGreaterThan(0);
  });
  async function ownerTablesExist(): Promise<boolean> {
    const found = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns where table_schema = 'public' and column_name like 'owner%'`.execute(server.deps.db);
    return (found.rows[0]?.n ?? 0) > 0;
  }

  /** Ids of A's rows owned (an `owner…` column) by someone outside the caller's reach. */
  async function rowText(table: string, id: string): Promise<string | null> {
    const row = await sql<{ t: string }>`select t::text as t from ${sql.table(table)} t where id::text = ${id}`.execute(server.deps.db);
    return row.rows[0]?.t ?? null;
  }

  async function rowsOutsideScope(visibleMemberships: string[]): Promise<Array<{ table: string; id: string }>> {
    const tables = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name from information_schema.columns c
      where c.table_schema = 'public' and c.column_name like 'owner%'
        and exists (select 1 from information_schema.columns w where w.table_schema = 'public' and w.table_name = c.table_name and w.column_name = 'workspace_id')
        and exists (select 1 from information_schema.columns i where i.table_schema = 'public' and i.table_name = c.table_name and i.column_name = 'id')
    `.execute(server.deps.db);
    const ids: Array<{ table: string; id: string }> = [];
    for (const { table_name, column_name } of tables.rows) {
      const rows = await sql<{ id: string }>`select id::text as id from ${sql.table(table_name)}
        where workspace_id = ${world.a.id} and not (${sql.ref(column_name)}::text = any(${visibleMemberships})) limit 5`.execute(server.deps.db);
      ids.push(...rows.rows.map((r) => ({ table: table_name, id: r.id })));
    }
    return ids;
  }

  it.each(idProcedures.map((p) => [p.path, p] as const))("%s: records outside own or team scope are not reached", async (_path, procedure) => {
    let scopeProbes = 0;
    const callers = [
      { role: "member" as const, visible: [world.a.membershipIds.member] },
      { role: "manager" as const, visible: [world.a.membershipIds.manager, world.a.membershipIds.member] },
    ];
    const access = procedure.access;
    // Only record permissions carry a scope; a caller holding it at "all" has nothing outside it.
    if (!access || !("permission" in access) || !isRecordPermission(access.permission)) return;
    for (const caller of callers) {
      const held = await loadWorkspaceAccess(server.deps.db, world.a.people[caller.role].id, world.a.slug);
      const scope = held ? scopeFor(held.access, access.permission) : null;
      if (scope === "all") continue;
      const outside = await rowsOutsideScope(caller.visible);
      scopeProbes += outside.length;
      const cookie = await cookieFor(server.deps, world.a.people[caller.role]);
      for (const { table, id } of outside) {
        for (const sample of samples(procedure, world.a.slug, allIds(world.idsA), 2)) {
          const input = withIds(sample, () => id);
          const before = await rowText(table, id);
          const result = await callProcedure(server, cookie, procedure, input);
          const label = `${procedure.path} as ${caller.role} with ${JSON.stringify(input)}`;
          expect(leaks(result, [id]), label).toBeNull();
          expect(await rowText(table, id), `${label} changed the ${table} row`).toBe(before);
        }
      }
    }
    if (await ownerTablesExist()) expect(scopeProbes, "no records outside the callers' scope were found to probe with").toBeGreaterThan(0);
  });
});
