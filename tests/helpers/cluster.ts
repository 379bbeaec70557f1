/**
 * Several servers of one cluster (CLUSTER=1) on one throwaway database, for
 * the tests of a file: spawned processes (real `node` servers, the pages
 * build must exist) and in-process servers, started before the tests and
 * stopped, with the database dropped, after them. Sockets pushed onto
 * `sockets` are closed after each test.
 */
import { afterAll, afterEach, beforeAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "./db";
import { type ServerProcess, spawnServer } from "./processes";
import { startTestServer, type TestServer } from "./server";
import { closeAll, type LiveSocket } from "./sockets";

export interface Cluster {
  database: TestDatabase;
  /** The spawned processes, in order. */
  spawned: ServerProcess[];
  /** The in-process servers, in order (they can set up people, deliver mail and commit as services do). */
  inProcess: TestServer[];
  sockets: LiveSocket[];
}

export function clusterForTests(counts: { inProcess: number; spawned?: number }): Cluster {
  const cluster: Cluster = { database: undefined as unknown as TestDatabase, spawned: [], inProcess: [], sockets: [] };
  beforeAll(async () => {
    cluster.database = await createTestDatabase();
    const url = cluster.database.url;
    cluster.spawned = await Promise.all(Array.from({ length: counts.spawned ?? 0 }, () => spawnServer({ databaseUrl: url })));
    for (let i = 0; i < counts.inProcess; i += 1) cluster.inProcess.push(await startTestServer({ testDatabase: cluster.database, env: { CLUSTER: "1" } }));
  });
  afterEach(() => closeAll(cluster.sockets));
  afterAll(async () => {
    await Promise.all([...cluster.spawned.map((p) => p.stop()), ...cluster.inProcess.map((s) => s.close())]);
    await (cluster.database as TestDatabase | undefined)?.drop();
  });
  return cluster;
}
