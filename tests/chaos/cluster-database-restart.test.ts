/**
 * Two server processes sharing one PostgreSQL (CLUSTER=1: live events cross
 * processes through the Postgres adapter's LISTEN/NOTIFY), and that
 * PostgreSQL restarted: once it is back, an event raised on one process
 * reaches a page's socket on the other again, without restarting anything.
 */
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notify } from "#server/services/notifications";
import { inTransaction } from "#server/services/transaction";
import { createUser, sessionCookie, type TestUser } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/server";
import { startOwnPostgres, type OwnPostgres } from "./ownPostgres";
import { waitFor } from "./processes";

let postgres: OwnPostgres;
let raising: TestServer;
let serving: TestServer;
let person: TestUser;
let socket: Socket;

beforeAll(async () => {
  postgres = await startOwnPostgres();
  const shared = { testDatabase: { url: postgres.url, name: "app", drop: async () => {} }, env: { CLUSTER: "1" as const } };
  raising = await startTestServer(shared);
  serving = await startTestServer(shared);
  person = await createUser(raising.deps);
  const cookie = await sessionCookie(raising.deps, person);
  socket = connect(serving.url, { transports: ["websocket"], extraHeaders: { cookie, origin: serving.origin }, reconnectionDelay: 100, reconnectionDelayMax: 500 });
});
afterAll(async () => {
  socket?.close();
  await serving?.stop().catch(() => undefined);
  await raising?.stop().catch(() => undefined);
  await postgres?.destroy();
});

/** Raises a notification on the other process until the socket hears one (or time runs out). */
async function eventCrossesProcesses(): Promise<boolean> {
  let heard = false;
  const listener = () => {
    heard = true;
  };
  socket.on("notification.created", listener);
  try {
    return await waitFor(
      "an event from the other process",
      async () => {
        if (heard) return true;
        await inTransaction(raising.deps, (tx) => notify(tx, { userId: person.id, workspaceId: null, kind: "chaos.check", title: "Across processes" }));
        await new Promise((r) => setTimeout(r, 300));
        return heard;
      },
      45_000,
      200,
    );
  } finally {
    socket.off("notification.created", listener);
  }
}

describe("a cluster's shared PostgreSQL restarted", () => {
  it("carries events between the processes again once PostgreSQL is back", async () => {
    await waitFor("socket connected", async () => socket.connected);
    expect(await eventCrossesProcesses()).toBe(true);

    await postgres.stop();
    await new Promise((r) => setTimeout(r, 1_000));
    await postgres.start();

    expect(await eventCrossesProcesses()).toBe(true);
    expect(socket.connected).toBe(true);
  });
});
