import { io as connect, type Socket } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { addMember, appCodeOf, callerAs, createUser, createWorkspaceOwnedBy, sessionCookie, defaultPassword } from "./helpers/fixtures";
import { callerWithCookie } from "./helpers/owner";
import { type TestServer, serverForTests } from "./helpers/server";
import { allTables, fillWorkspace, rowsOfWorkspace, snapshot, workspaceTables } from "./helpers/workspaceData";

let server: TestServer;
serverForTests((started) => (server = started));

describe("deleting a workspace", () => {
  it("removes every row of the workspace, in every table, and nothing of anyone else's", async () => {
    const shared = await createUser(server.deps, { name: "Sam Shared" });
    const doomed = await fillWorkspace(server.deps, "Doomed Ltd", shared);
    const kept = await fillWorkspace(server.deps, "Kept Ltd", shared);

    const owner = await callerAs(server.deps, doomed.owner); // its session exists before the snapshot
    const before = await snapshot(server.deps);
    const ofDoomed = rowsOfWorkspace(before, doomed.id);
    const ofKept = rowsOfWorkspace(before, kept.id);

    // The fixture really exercises every table that can hold workspace data (add a filler when you add a table).
    const holding = await workspaceTables(server.deps);
    const empty = holding.filter((table) => !ofDoomed.get(table)?.size);
    expect(empty, "workspace tables the fixture left empty (add them to tests/helpers/workspaceData.ts)").toEqual([]);

    await owner.workspaceDeletion.delete({ password: defaultPassword, workspaceSlug: doomed.slug, confirmName: doomed.name });

    const after = await snapshot(server.deps);
    const report: Record<string, { before: number; after: number; ofWorkspace: number }> = {};
    for (const table of await allTables(server.deps)) {
      const rowsBefore = before.get(table) ?? [];
      const rowsAfter = after.get(table) ?? [];
      const owned = ofDoomed.get(table) ?? new Set<string>();
      report[table] = { before: rowsBefore.length, after: rowsAfter.length, ofWorkspace: owned.size };

      // Nothing left that mentions the workspace, except the one record of its deletion.
      const mentioning = rowsAfter.filter((row) => row.includes(doomed.id) && !isDeletionRecord(row, doomed.id));
      expect(mentioning, `${table}: rows still pointing at the deleted workspace`).toEqual([]);

      // Every row that was not the workspace's is still there, unchanged.
      const afterSet = new Set(rowsAfter);
      const lost = rowsBefore.filter((row) => !owned.has(row) && !afterSet.has(row));
      expect(lost, `${table}: rows of others that changed or vanished`).toEqual([]);

      const added = rowsAfter.filter((row) => !rowsBefore.includes(row));
      if (holding.includes(table)) {
        // Workspace tables lose exactly the workspace's rows.
        const expectedAdded = table === "audit_events" ? 1 : table === "notifications" ? doomed.people.length : 0;
        expect(added.length, `${table}: rows added`).toBe(expectedAdded);
        expect(rowsAfter.length, `${table}: row count`).toBe(rowsBefore.length - owned.size + expectedAdded);
      } else {
        // Other tables (accounts, sessions, the development mailbox) keep their rows; a reference to the workspace is cleared.
        // The password asked again before deleting is counted (one rate-limit row for the owner).
        expect(rowsAfter.length, `${table}: row count`).toBe(rowsBefore.length + (table === "rate_limits" ? 1 : 0));
      }
    }
    // Kept Ltd is whole.
    for (const [table, rows] of ofKept) {
      for (const row of rows) expect(after.get(table), `${table} of Kept Ltd`).toContain(row);
    }
    expect(report.users?.after).toBe(report.users?.before);
    expect(report.memberships?.ofWorkspace).toBe(4);

    const record = await server.deps.db.selectFrom("audit_events").selectAll().where("action", "=", "workspace.deleted").where("target_id", "=", doomed.id).executeTakeFirstOrThrow();
    expect(record).toMatchObject({ workspace_id: null, actor_user_id: doomed.owner.id, target_type: "workspace", target_label: "Doomed Ltd" });

    // The people keep their accounts and their other workspace.
    const sam = await callerAs(server.deps, shared);
    expect((await sam.workspaces.mine()).map((w) => w.slug)).toEqual([kept.slug]);
    const samsNotes = await sam.notifications.list();
    expect(samsNotes.notifications[0]).toMatchObject({ kind: "workspace.deleted", title: "Doomed Ltd was deleted" });
  });

  it("asks for the workspace's exact name and changes nothing when it is wrong", async () => {
    const owner = await createUser(server.deps);
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Precise Name");
    const caller = await callerAs(server.deps, owner);
    expect(await appCodeOf(caller.workspaceDeletion.delete({ password: defaultPassword, workspaceSlug: ws.slug, confirmName: "precise name" }))).toBe("WORKSPACE_NAME_MISMATCH");
    expect(await appCodeOf(caller.workspaceDeletion.delete({ password: defaultPassword, workspaceSlug: ws.slug, confirmName: "" }))).toBe("INVALID_INPUT");
    expect((await caller.workspaces.current({ workspaceSlug: ws.slug })).name).toBe("Precise Name");
  });

  it("tells open pages and sockets, which are sent away, and leaves an owner's view-as session alive", async () => {
    const owner = await createUser(server.deps);
    const coOwner = await createUser(server.deps);
    const member = await createUser(server.deps);
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Live Ltd");
    await addMember(server.deps, ws.id, coOwner, ["owner"]);
    const memberMembershipId = await addMember(server.deps, ws.id, member, ["member"]);

    // The co-owner is viewing as the member when the workspace goes.
    const coOwnerCookie = await sessionCookie(server.deps, coOwner);
    await callerWithCookie(server.deps, coOwnerCookie).impersonation.start({ workspaceSlug: ws.slug, membershipId: memberMembershipId, password: defaultPassword });

    const memberCookie = await sessionCookie(server.deps, member);
    const socket: Socket = connect(server.url, {
      path: "/socket.io",
      transports: ["websocket"],
      extraHeaders: { cookie: memberCookie, origin: server.origin },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const told = new Promise<unknown>((resolve) => socket.once("workspace.left", resolve));

    await (await callerAs(server.deps, owner)).workspaceDeletion.delete({ password: defaultPassword, workspaceSlug: ws.slug, confirmName: "Live Ltd" });
    expect(await told).toMatchObject({ type: "workspace.left", workspaceId: ws.id, reason: "deleted" });
    // The socket is out of the workspace's rooms.
    const sockets = await server.io.in(`ws:${ws.id}`).fetchSockets();
    expect(sockets).toHaveLength(0);
    socket.disconnect();

    const coOwnerNow = callerWithCookie(server.deps, coOwnerCookie);
    expect(await coOwnerNow.impersonation.current()).toBeNull();
    expect(await coOwnerNow.auth.me()).toMatchObject({ email: coOwner.email });
    expect(await appCodeOf(coOwnerNow.workspaces.current({ workspaceSlug: ws.slug }))).toBe("NOT_FOUND");
  });

  it("cannot be done by an Admin", async () => {
    const owner = await createUser(server.deps);
    const admin = await createUser(server.deps);
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Guarded Ltd");
    await addMember(server.deps, ws.id, admin, ["admin"]);
    const caller = await callerAs(server.deps, admin);
    expect(await appCodeOf(caller.workspaceDeletion.delete({ password: defaultPassword, workspaceSlug: ws.slug, confirmName: "Guarded Ltd" }))).toBe("FORBIDDEN");
  });
});

function isDeletionRecord(row: string, workspaceId: string): boolean {
  const parsed = JSON.parse(row) as { action?: string; workspace_id?: string | null; target_id?: string };
  return parsed.action === "workspace.deleted" && parsed.workspace_id === null && parsed.target_id === workspaceId;
}
