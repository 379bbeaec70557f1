/**
 * Path 9 of issue 12: a socket must not end up in rooms computed just
 * before its member was removed. The window between reading access and
 * joining is opened on purpose: the handshake's read of the member's rooms
 * is held (by wrapping the server's own query executor) until the removal
 * has committed over HTTP and announced itself, then let go.
 */
import type { Kysely } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "#db/schema";
import { rooms } from "#shared/realtime/events";
import { type TestServer, serverForTests } from "../helpers/server";
import { closeAll, connectSocket, expectNoEvent, type LiveSocket, roomsOf, toldOfTheirRemoval } from "../helpers/sockets";
import { railsWorkspace } from "./people";

let server: TestServer;
const open: LiveSocket[] = [];
serverForTests((started) => (server = started));
afterEach(() => closeAll(open));

/** The query that lists a user's workspace rooms (server/realtime/server.ts). */
const roomsQuery = /from memberships m\s+where m\.user_id = \$\d+ and m\.status = 'active'/;

/**
 * Holds the result of the first rooms query for `userId` until released:
 * the query itself runs (its snapshot is taken), only its answer waits.
 */
function holdFirstRoomsRead(db: Kysely<Database>, userId: string) {
  const original = db.getExecutor.bind(db);
  let held = false;
  let markReached: () => void = () => {};
  let release: () => void = () => {};
  const reached = new Promise<void>((resolve) => {
    markReached = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  type Executor = ReturnType<typeof original>;
  const patched = db as Kysely<Database> & { getExecutor: () => Executor };
  patched.getExecutor = () => {
    const executor = original();
    return new Proxy(executor, {
      get(target, property, receiver) {
        if (property === "executeQuery") {
          return async (...args: Parameters<Executor["executeQuery"]>) => {
            const result = await target.executeQuery(...args);
            const [compiled] = args;
            if (!held && roomsQuery.test(compiled.sql) && compiled.parameters.includes(userId)) {
              held = true;
              markReached();
              await released;
            }
            return result;
          };
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as Executor;
  };
  return {
    reached,
    release,
    restore: () => {
      delete (patched as { getExecutor?: unknown }).getExecutor;
    },
  };
}

describe("path 9: rooms are joined, then access is read again", () => {
  it("a member removed between the handshake's read of her access and its join is left in none of the workspace's rooms", async () => {
    const t = await railsWorkspace(server, "Race Co", { rita: { name: "Rita Member", roles: ["member"] } });
    const { rita } = t.people;
    const gate = holdFirstRoomsRead(server.deps.db, rita.id);
    try {
      const connecting = connectSocket(server, { cookie: rita.cookie });
      await gate.reached;
      // The handshake has read Rita's access (still a member). Now she is removed, committed and announced.
      await t.owner.http.members.remove.mutate({ workspaceSlug: t.ws.slug, membershipId: rita.membershipId });
      gate.release();
      const socket = await connecting;
      open.push(socket);

      expect((await roomsOf(server, socket)).filter((r) => r.startsWith(rooms.workspace(t.ws.id)))).toEqual([]);
      // And the workspace's next event does not reach her.
      await t.owner.http.billing.changePlan.mutate({ workspaceSlug: t.ws.slug, plan: "professional" });
      await expectNoEvent([socket], { server, match: (e) => !toldOfTheirRemoval(e.message) });
    } finally {
      gate.release();
      gate.restore();
    }
  });

  it("a member whose roles shrink in that window keeps only the rooms of what she holds now", async () => {
    const t = await railsWorkspace(server, "Race Two Co", { ada: { name: "Ada Admin", roles: ["admin"] } });
    const { ada } = t.people;
    const gate = holdFirstRoomsRead(server.deps.db, ada.id);
    try {
      const connecting = connectSocket(server, { cookie: ada.cookie });
      await gate.reached;
      await t.owner.http.members.setRoles.mutate({ workspaceSlug: t.ws.slug, membershipId: ada.membershipId, roleIds: [t.roleIds.viewer], primaryRoleId: t.roleIds.viewer });
      gate.release();
      const socket = await connecting;
      open.push(socket);
      const joined = await roomsOf(server, socket);
      expect(joined).toContain(rooms.workspace(t.ws.id));
      expect(joined).not.toContain(rooms.workspacePermission(t.ws.id, "members.invite"));
      expect(joined).not.toContain(rooms.workspacePermission(t.ws.id, "audit.view"));
    } finally {
      gate.release();
      gate.restore();
    }
  });
});
