/**
 * Every procedure, every built-in role, random and edge-case inputs derived
 * from the procedure's own zod schema, through the real /trpc endpoint:
 * each answer is a success or a 4xx with a catalogued code, never a 5xx,
 * and the database keeps its promises afterwards.
 *
 * Each procedure gets a freshly seeded world (its mutations may remove
 * people or delete the workspace), and each role a fresh session.
 * FUZZ_RUNS sets the inputs per procedure and role (default 8; FUZZ_SEED replays a run).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { callProcedure, describeCall, isCleanAnswer } from "./call";
import { integrityProblems } from "./integrity";
import { listProcedures } from "./procedures";
import { allIds, builtInRoleKeys, cookieFor, seedWorld } from "./world";
import { hostile } from "./zodArbitrary";
import { type TestServer, serverForTests } from "../helpers/server";

const runs = Number(process.env.FUZZ_RUNS ?? 8);
const procedures = listProcedures().filter((p) => p.type !== "subscription");

let server: TestServer;
serverForTests((started) => (server = started));

describe("hostile input to every procedure", () => {
  it("finds the procedures to probe", () => {
    expect(procedures.length).toBeGreaterThan(5);
  });

  it.each(procedures.map((p) => [p.path, p] as const))("%s answers every role with a success or a clean refusal", async (_path, procedure) => {
    const world = await seedWorld(server.deps);
    const ids = [...allIds(world.idsA), ...allIds(world.idsB)];
    const callers = [...builtInRoleKeys.map((role) => ({ role, user: world.a.people[role] })), { role: "signed out", user: null }];
    for (const { role, user } of callers) {
      const arbitrary = hostile(procedure.input, {
        ids,
        fixedKeys: {
          workspaceSlug: fc.oneof({ weight: 8, arbitrary: fc.constant(world.a.slug) }, { weight: 1, arbitrary: fc.constant(world.b.slug) }, { weight: 1, arbitrary: fc.constant("no-such-place") }),
        },
        // Queries carry their input in the URL, which Node caps at 16 KB of headers.
        maxHugeString: procedure.type === "query" ? 3_000 : 200_000,
      });
      // A fresh session per caller: a fuzzed signOut must not blind the rest of the run.
      const cookie = user ? await cookieFor(server.deps, user) : null;
      await fc.assert(
        fc.asyncProperty(arbitrary, async (input) => {
          const result = await callProcedure(server, cookie, procedure, input);
          if (!isCleanAnswer(result)) throw new Error(describeCall(procedure.path, role, input, result));
        }),
        { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
      );
    }
    expect(await integrityProblems(server.deps.db)).toEqual([]);
  });
});
