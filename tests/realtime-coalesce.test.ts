/**
 * The events one commit sends a socket leave the server in one write (one
 * system call), not one per event: at 10,000 sockets that write is most of
 * the cost of an event (server/realtime/coalesce.ts).
 */
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { nowIso, inTransaction } from "#server/services/transaction";
import { createUser, sessionCookie } from "./helpers/fixtures";
import { startTestServer, type TestServer } from "./helpers/server";
import { closeAll, connectSocket, type LiveSocket } from "./helpers/sockets";

let server: TestServer;
const open: LiveSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => closeAll(open));
afterAll(async () => {
  await server.stop();
});

/** Counts the writes handed to the server side's TCP socket of this connection. */
function countTcpWrites(live: LiveSocket): { count(): number } {
  const serverSocket = server.io.of("/").sockets.get(live.id);
  const tcp = (serverSocket?.conn as unknown as { transport?: { socket?: { _socket?: { _write: unknown; _writev: unknown } } } } | undefined)?.transport?.socket?._socket;
  if (!tcp || typeof tcp._write !== "function" || typeof tcp._writev !== "function") throw new Error("no TCP socket behind this connection");
  let writes = 0;
  for (const method of ["_write", "_writev"] as const) {
    const original = tcp[method] as (...args: unknown[]) => unknown;
    tcp[method] = function (this: unknown, ...args: unknown[]) {
      writes += 1;
      return original.apply(this, args);
    };
  }
  return { count: () => writes };
}

it("sends a socket the events of one commit in one write, in the order they were raised", async () => {
  const user = await createUser(server.deps, { name: "Nora Notified" });
  const live = await connectSocket(server, { cookie: await sessionCookie(server.deps, user) });
  open.push(live);
  const writes = countTcpWrites(live);

  const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  await inTransaction(server.deps, async (tx) => {
    for (const id of ids) tx.emit({ kind: "users", userIds: [user.id] }, { type: "notification.created", notificationId: id, workspaceId: null, at: nowIso() });
  });
  await live.waitFor("notification.created", (m) => m.notificationId === ids[2]);

  expect(live.events.map((e) => (e.message.type === "notification.created" ? e.message.notificationId : null))).toEqual(ids);
  expect(writes.count()).toBe(1);
});

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
