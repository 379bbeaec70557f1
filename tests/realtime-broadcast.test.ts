/**
 * A commit's events are encoded once and every socket that gets the same
 * events is handed the same bytes, in one write (server/realtime/broadcast.ts,
 * decision 43); a socket with something already waiting still gets
 * everything in the order it was sent, and a socket out of the room gets
 * nothing.
 */
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { broadcastCommit } from "#server/realtime/broadcast";
import { inTransaction, nowIso } from "#server/services/transaction";
import { rooms } from "#shared/realtime/events";
import { createUser, sessionCookie } from "./helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { startTestServer, type TestServer } from "./helpers/server";
import { closeAll, connectKept, expectNoEvent, type LiveSocket, watchTcpWrites } from "./helpers/sockets";

let database: TestDatabase;
let server: TestServer;
const open: LiveSocket[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ testDatabase: database });
});
afterEach(() => closeAll(open));
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

async function signedInSocket(name: string): Promise<{ userId: string; live: LiveSocket }> {
  const user = await createUser(server.deps, { name });
  return { userId: user.id, live: await connectKept(open, server, { cookie: await sessionCookie(server.deps, user) }) };
}

function notification(id: string) {
  return { type: "notification.created" as const, notificationId: id, workspaceId: null, at: nowIso() };
}

it("hands every socket that gets the same events of a commit the same buffer, in one write", async () => {
  const ada = await signedInSocket("Ada Admin");
  const ben = await signedInSocket("Ben Admin");
  const adaWrites = watchTcpWrites(server, ada.live);
  const benWrites = watchTcpWrites(server, ben.live);
  const ids = [crypto.randomUUID(), crypto.randomUUID()];

  await inTransaction(server.deps, async (tx) => {
    for (const id of ids) tx.emit({ kind: "users", userIds: [ada.userId, ben.userId] }, notification(id));
  });
  for (const { live } of [ada, ben]) await live.waitFor("notification.created", (m) => m.notificationId === ids[1]);

  for (const { live } of [ada, ben]) expect(live.events.map((e) => (e.message.type === "notification.created" ? e.message.notificationId : null))).toEqual(ids);
  expect(adaWrites.writes.map((w) => [w.method, w.chunks.length])).toEqual([["_write", 1]]);
  expect(benWrites.writes.map((w) => [w.method, w.chunks.length])).toEqual([["_write", 1]]);
  // Encoded once: the very same bytes object went to both sockets.
  expect(adaWrites.writes[0]?.chunks[0]).toBe(benWrites.writes[0]?.chunks[0]);
});

it("sends a socket with a packet already waiting the commit after it, in order", async () => {
  const { userId, live } = await signedInSocket("Wanda Waiting");
  const serverSocket = server.io.of("/").sockets.get(live.id);
  if (!serverSocket) throw new Error("no server socket");
  const id = crypto.randomUUID();

  // Same turn: the first packet sits in engine.io's write buffer (flushed at the end of the turn) when the commit goes out.
  serverSocket.emit("notification.read", { type: "notification.read", at: nowIso() });
  broadcastCommit(server.io, [{ rooms: [rooms.user(userId)], message: notification(id) }]);

  await live.waitFor("notification.created", (m) => m.notificationId === id);
  expect(live.events.map((e) => e.type)).toEqual(["notification.read", "notification.created"]);
});

it("sends nothing to a socket that left the room, and each event once to a socket in several of its rooms", async () => {
  const stays = await signedInSocket("Stella Stays");
  const leaves = await signedInSocket("Leo Leaves");
  const adapter = server.io.of("/").adapter;
  const room = `test:${crypto.randomUUID()}`;
  await adapter.addAll(stays.live.id, new Set([room]));
  await adapter.addAll(leaves.live.id, new Set([room]));
  await adapter.del(leaves.live.id, room);
  const id = crypto.randomUUID();

  broadcastCommit(server.io, [{ rooms: [room, rooms.user(stays.userId)], message: notification(id) }]);

  await stays.live.waitFor("notification.created", (m) => m.notificationId === id);
  await expectNoEvent([leaves.live], { server });
  expect(stays.live.events).toHaveLength(1);
});
