/**
 * The events one commit sends a socket leave the server in one write (one
 * system call), not one per event: at 10,000 sockets that write is most of
 * the cost of an event (server/realtime/coalesce.ts). Across processes the
 * commit travels as one message, so the other process writes once too.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type ClusterBatch, splitClusterBatch } from "#server/realtime/server";
import { nowIso, inTransaction } from "#server/services/transaction";
import { createUser, sessionCookie } from "./helpers/fixtures";
import { clusterForTests } from "./helpers/cluster";
import type { TestServer } from "./helpers/server";
import { connectSocket, type LiveSocket, watchTcpWrites } from "./helpers/sockets";

/** Two processes' worth of server in this one, sharing the database (and its LISTEN/NOTIFY channel). */
const cluster = clusterForTests({ inProcess: 2 });
const open = cluster.sockets;
let server: TestServer;
let other: TestServer;
beforeAll(() => {
  [server, other] = cluster.inProcess as [TestServer, TestServer];
});

/** Counts the writes handed to the server side's TCP socket of this connection. */
function countTcpWrites(live: LiveSocket, on: TestServer = server): { count(): number } {
  const { writes } = watchTcpWrites(on, live);
  return { count: () => writes.length };
}

it("sends a socket the events of one commit in one write, in the order they were raised", async () => {
  const user = await createUser(server.deps, { name: "Nora Notified" });
  const live = await connectSocket(server, { cookie: await sessionCookie(server.deps, user) });
  open.push(live);
  const writes = countTcpWrites(live);

  const ids = await commitThreeNotifications(user.id, live);

  expect(live.events.map((e) => (e.message.type === "notification.created" ? e.message.notificationId : null))).toEqual(ids);
  expect(writes.count()).toBe(1);
});

/** Three notifications for one person in one commit; resolves once the socket has the last. */
async function commitThreeNotifications(userId: string, live: Awaited<ReturnType<typeof connectSocket>>): Promise<string[]> {
  const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  await inTransaction(server.deps, async (tx) => {
    for (const id of ids) tx.emit({ kind: "users", userIds: [userId] }, { type: "notification.created", notificationId: id, workspaceId: null, at: nowIso() });
  });
  await live.waitFor("notification.created", (m) => m.notificationId === ids[2]);
  return ids;
}

it("still sends each later commit's events as they come", async () => {
  const user = await createUser(server.deps, { name: "Len Later" });
  const live = await connectSocket(server, { cookie: await sessionCookie(server.deps, user) });
  open.push(live);

  for (const id of [crypto.randomUUID(), crypto.randomUUID()]) {
    await inTransaction(server.deps, async (tx) => {
      tx.emit({ kind: "users", userIds: [user.id] }, { type: "notification.created", notificationId: id, workspaceId: null, at: nowIso() });
    });
    await live.waitFor("notification.created", (m) => m.notificationId === id);
  }
  expect(live.events).toHaveLength(2);
});

it("sends a socket on another process the events of one commit in one write, in order", async () => {
  const user = await createUser(server.deps, { name: "Otto Other" });
  const live = await connectSocket(other, { cookie: await sessionCookie(server.deps, user) });
  open.push(live);
  const writes = countTcpWrites(live, other);

  const ids = await commitThreeNotifications(user.id, live);

  expect(live.events.map((e) => (e.message.type === "notification.created" ? e.message.notificationId : null))).toEqual(ids);
  expect(writes.count()).toBe(1);
});

describe("a commit too large for one NOTIFY", () => {
  const event = (n: number): ClusterBatch["events"][number] => ({
    rooms: [`user:${n}`],
    message: { type: "notification.created", notificationId: `n${n}`, workspaceId: null, at: "2026-01-01T00:00:00.000Z" },
  });

  it("is split in order, room changes first, each part under the limit", () => {
    const batch: ClusterBatch = { keep: [["u1", ["ws:a"]]], events: Array.from({ length: 50 }, (_, n) => event(n)) };
    const parts = splitClusterBatch(batch, 1_000);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(JSON.stringify(part))).toBeLessThan(1_200);
    expect(parts.flatMap((p) => p.keep)).toEqual(batch.keep);
    expect(parts.flatMap((p) => p.events)).toEqual(batch.events);
    expect(parts[0]?.keep).toEqual(batch.keep);
  });

  it("is one part when it fits, and none when empty", () => {
    expect(splitClusterBatch({ keep: [], events: [event(1), event(2)] })).toHaveLength(1);
    expect(splitClusterBatch({ keep: [], events: [] })).toEqual([]);
  });
});
