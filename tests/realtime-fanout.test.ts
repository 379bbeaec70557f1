/**
 * A large fan-out is written in slices, and a commit published while sockets
 * still wait for an earlier one joins them: a socket not yet written gets
 * both commits in one write, in the order they were published
 * (server/realtime/broadcast.ts). The slice is made one socket long here, so
 * a handful of sockets stands for ten thousand.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { broadcastCommit, fanoutQueue, fanoutSlice, flushSockets } from "#server/realtime/broadcast";
import { nowIso } from "#server/services/transaction";
import { rooms } from "#shared/realtime/events";
import { createUser, sessionCookie } from "./helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { startTestServer, type TestServer } from "./helpers/server";
import { barrier, closeAll, connectKept, expectNoEvent, type LiveSocket, watchTcpWrites } from "./helpers/sockets";

let database: TestDatabase;
let server: TestServer;
const open: LiveSocket[] = [];
const defaultSlice = { ...fanoutSlice };
const defaultQueue = { ...fanoutQueue };

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ testDatabase: database });
});
beforeEach(() => {
  // Every slice writes one socket, then yields to the event loop.
  fanoutSlice.ms = 0;
  fanoutSlice.socketsPerCheck = 1;
});
afterEach(() => {
  Object.assign(fanoutSlice, defaultSlice);
  Object.assign(fanoutQueue, defaultQueue);
  closeAll(open);
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

async function socketsInOneRoom(count: number): Promise<{ room: string; sockets: Array<{ userId: string; live: LiveSocket }> }> {
  const room = `test:${crypto.randomUUID()}`;
  const sockets: Array<{ userId: string; live: LiveSocket }> = [];
  for (let i = 0; i < count; i++) {
    const user = await createUser(server.deps, { name: `Fan ${i}` });
    const live = await connectKept(open, server, { cookie: await sessionCookie(server.deps, user) });
    await server.io.of("/").adapter.addAll(live.id, new Set([room]));
    sockets.push({ userId: user.id, live });
  }
  return { room, sockets };
}

function notification(id: string) {
  return { type: "notification.created" as const, notificationId: id, workspaceId: null, at: nowIso() };
}

function idsOf(live: LiveSocket): Array<string | null> {
  return live.events.map((e) => (e.message.type === "notification.created" ? e.message.notificationId : null));
}

it("gives a socket the fan-out has not reached yet the next commit's events in the same write, in order", async () => {
  const { room, sockets } = await socketsInOneRoom(3);
  const watched = sockets.map(({ live }) => watchTcpWrites(server, live));
  const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];

  // Three commits in one turn: the first socket is written at once; the others wait and collect all three.
  for (const id of ids) broadcastCommit(server.io, [{ rooms: [room], message: notification(id) }]);

  for (const { live } of sockets) await live.waitFor("notification.created", (m) => m.notificationId === ids[2]);
  for (const { live } of sockets) expect(idsOf(live)).toEqual(ids);
  const writesPerSocket = watched.map((w) => w.writes.length);
  // The first socket: its first commit alone, then the two that came while others waited (one write).
  expect(writesPerSocket).toEqual([2, 1, 1]);
  for (const w of watched.slice(1)) expect(w.writes.map((write) => [write.method, write.chunks.length])).toEqual([["_write", 1]]);
  // Sockets waiting for the same commits share the same bytes.
  expect(watched[1]?.writes[0]?.chunks[0]).toBe(watched[2]?.writes[0]?.chunks[0]);
});

it("loses nothing and keeps each socket's order when commits keep coming while a fan-out is in progress", async () => {
  const { room, sockets } = await socketsInOneRoom(4);
  const [first, second] = sockets;
  if (!first || !second) throw new Error("no sockets");
  const sent: string[] = [];
  for (let turn = 0; turn < 5; turn++) {
    for (let i = 0; i < 3; i++) {
      const id = crypto.randomUUID();
      sent.push(id);
      // Some commits to the whole room, some to one socket's user alone: each socket's own order must hold.
      const to = i === 1 ? [rooms.user(first.userId)] : [room];
      broadcastCommit(server.io, [{ rooms: to, message: notification(id) }]);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  const last = sent.at(-1);
  for (const { live } of sockets) await live.waitFor("notification.created", (m) => m.notificationId === last);
  const toRoom = sent.filter((_, i) => i % 3 !== 1);
  expect(idsOf(first.live)).toEqual(sent);
  for (const { live } of sockets.slice(1)) expect(idsOf(live)).toEqual(toRoom);
});

it("loses nothing, sends nothing twice and keeps each socket's order when the queue of a fan-out that never empties is trimmed", async () => {
  // Trimmed as soon as two entries were walked: every few sockets written while commits keep coming.
  fanoutQueue.compactAfter = 2;
  const { room, sockets } = await socketsInOneRoom(4);
  const [first] = sockets;
  if (!first) throw new Error("no sockets");
  const sent: string[] = [];
  // What each socket must get, in this order: its commits, and after each flush of it a packet sent straight
  // through Socket.IO (which must come after everything published before the flush).
  const expected = sockets.map((): string[] => []);
  for (let turn = 0; turn < 12; turn++) {
    for (let i = 0; i < 3; i++) {
      const id = crypto.randomUUID();
      sent.push(id);
      const toFirstOnly = i === 1;
      for (const [n, list] of expected.entries()) if (n === 0 || !toFirstOnly) list.push(id);
      broadcastCommit(server.io, [{ rooms: toFirstOnly ? [rooms.user(first.userId)] : [room], message: notification(id) }]);
    }
    // Each turn writes one socket ahead of its place in the queue, as a room change or a disconnection does.
    const flushed = 1 + (turn % 3);
    const live = sockets[flushed]?.live;
    if (!live) throw new Error("no socket");
    flushSockets(server.io, [live.id]);
    const marker = crypto.randomUUID();
    expected[flushed]?.push(marker);
    server.io.of("/").sockets.get(live.id)?.emit("notification.created", notification(marker));
    await new Promise((resolve) => setImmediate(resolve));
  }
  const last = sent.at(-1);
  for (const { live } of sockets) await live.waitFor("notification.created", (m) => m.notificationId === last);
  // Anything written twice would arrive by the time a round trip through every socket has.
  await barrier(
    server,
    sockets.map((s) => s.live),
  );
  expect(sockets.map(({ live }) => idsOf(live))).toEqual(expected);
});

it("writes what waits for a socket before its session's sockets are disconnected", async () => {
  const { room, sockets } = await socketsInOneRoom(3);
  const last = sockets[2];
  if (!last) throw new Error("no sockets");
  const sessionId = server.io.of("/").sockets.get(last.live.id)?.data.sessionId;
  if (!sessionId) throw new Error("no session");
  const id = crypto.randomUUID();
  const disconnected = last.live.waitForDisconnect();

  // The last socket still waits for this commit when the next one ends its session.
  broadcastCommit(server.io, [{ rooms: [room], message: notification(id) }]);
  await server.deps.realtime.publish({ endSessionIds: [sessionId], refreshUserIds: [], events: [] });

  await disconnected;
  expect(idsOf(last.live)).toEqual([id]);
  for (const { live } of sockets.slice(0, 2)) await live.waitFor("notification.created", (m) => m.notificationId === id);
});

it("sends nothing published after a socket left the room, however long the fan-out it was waiting in", async () => {
  const { room, sockets } = await socketsInOneRoom(3);
  const leaver = sockets[2];
  if (!leaver) throw new Error("no sockets");
  const before = crypto.randomUUID();
  const after = crypto.randomUUID();

  broadcastCommit(server.io, [{ rooms: [room], message: notification(before) }]);
  await server.io.of("/").adapter.del(leaver.live.id, room);
  broadcastCommit(server.io, [{ rooms: [room], message: notification(after) }]);

  for (const { live } of sockets.slice(0, 2)) await live.waitFor("notification.created", (m) => m.notificationId === after);
  await leaver.live.waitFor("notification.created", (m) => m.notificationId === before);
  await expectNoEvent([leaver.live], { server, match: (e) => e.message.type === "notification.created" && e.message.notificationId === after });
  expect(idsOf(leaver.live)).toEqual([before]);
});
