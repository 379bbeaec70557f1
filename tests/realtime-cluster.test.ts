/**
 * Several server processes on one PostgreSQL, as behind a load balancer:
 * events, room changes and disconnections travel between them through the
 * Postgres adapter. Two real processes (A and B) are spawned; the test's
 * own in-process server (C) joins the same cluster to set up people, to
 * deliver mail, and to commit changes the way services do.
 */
import { spawn } from "node:child_process";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { type RealtimeMessage, rooms } from "#shared/realtime/events";
import { inTransaction, nowIso } from "#server/services/transaction";
import { clusterForTests } from "./helpers/cluster";
import { addMember, createUser, createWorkspaceOwnedBy, httpClient, sessionCookie, type TestUser } from "./helpers/fixtures";
import { roleIdsByKey, tokenFromMailbox } from "./helpers/invitations";
import { type ServerProcess, spawnServer } from "./helpers/processes";
import type { TestServer } from "./helpers/server";
import { connectSocket, expectNoEvent, type LiveSocket, toldOfTheirRemoval } from "./helpers/sockets";

const cluster = clusterForTests({ spawned: 2, inProcess: 1 });
const open = cluster.sockets;
let processA: ServerProcess;
let processB: ServerProcess;
let local: TestServer;
beforeAll(() => {
  [processA, processB] = cluster.spawned as [ServerProcess, ServerProcess];
  [local] = cluster.inProcess as [TestServer];
});

async function socketOn(server: { url: string; origin: string }, user: TestUser, cookie?: string): Promise<LiveSocket> {
  const live = await connectSocket(server, { cookie: cookie ?? (await sessionCookie(local.deps, user)) });
  open.push(live);
  return live;
}

function pendingInvitation(workspaceId: string): Extract<RealtimeMessage, { type: "invitation.changed" }> {
  return { type: "invitation.changed", change: "created", workspaceId, invitationId: crypto.randomUUID(), at: nowIso() };
}

async function commitOnLocal(workspaceId: string, message: RealtimeMessage, permission?: "members.invite"): Promise<void> {
  await inTransaction(local.deps, async (tx) => {
    await tx.db.selectFrom("workspaces").select("id").where("id", "=", workspaceId).execute();
    tx.emit({ kind: "workspace", workspaceId, permission }, message);
  });
}

describe("two server processes on one database", () => {
  it("an invitation accepted through process A reaches an admin's socket on process B", async () => {
    const owner = await createUser(local.deps, { name: "Olivia Owner" });
    const ws = await createWorkspaceOwnedBy(local.deps, owner, "Two processes");
    const admin = await createUser(local.deps, { name: "Adam Admin" });
    await addMember(local.deps, ws.id, admin, ["admin"]);
    const adminCookie = await sessionCookie(local.deps, admin);
    const adminOnB = await socketOn(processB, admin, adminCookie);
    const roles = await roleIdsByKey(local.deps, ws.id);

    const invitee = await createUser(local.deps, { name: "Ivy Invitee" });
    const { results } = await httpClient(processA, adminCookie).invitations.invite.mutate({
      workspaceSlug: ws.slug,
      emails: [invitee.email],
      roleIds: [roles.member!],
      primaryRoleId: roles.member!,
    });
    const invitationId = results[0]!.invitationId!;
    await adminOnB.waitFor("invitation.changed", (m) => m.invitationId === invitationId && m.change === "created");

    const token = await tokenFromMailbox(local, invitee.email);
    await httpClient(processA, await sessionCookie(local.deps, invitee)).invitations.accept.mutate({ token });
    await expect(adminOnB.waitFor("invitation.changed", (m) => m.invitationId === invitationId && m.change === "accepted")).resolves.toMatchObject({
      workspaceId: ws.id,
    });
    await adminOnB.waitFor("member.changed", (m) => m.workspaceId === ws.id && m.change === "joined");
    await adminOnB.waitFor("notification.created", (m) => m.workspaceId === ws.id);
  });

  it("signing out through process A closes that session's socket on process B", async () => {
    const user = await createUser(local.deps);
    const cookie = await sessionCookie(local.deps, user);
    const onB = await socketOn(processB, user, cookie);
    await httpClient(processA, cookie).auth.signOut.mutate();
    await expect(onB.waitForDisconnect()).resolves.toBe("io server disconnect");
  });

  it("a workspace created through process A puts its creator's socket on B in its rooms, and its events reach B and no one else", async () => {
    const founder = await createUser(local.deps);
    const cookie = await sessionCookie(local.deps, founder);
    const founderOnB = await socketOn(processB, founder, cookie);
    const stranger = await createUser(local.deps);
    await createWorkspaceOwnedBy(local.deps, stranger, "Somewhere else");
    const strangerOnA = await socketOn(processA, stranger);

    const created = await httpClient(processA, cookie).workspaces.create.mutate({ name: "Across processes" });
    // The room change is already on its way when A answers; it lands on B within moments.
    await expect
      .poll(async () => {
        const [remote] = await local.io.in(founderOnB.id).fetchSockets();
        return remote?.rooms.has(rooms.workspacePermission(created.id, "members.invite"));
      })
      .toBe(true);

    const invitation = pendingInvitation(created.id);
    await commitOnLocal(created.id, invitation, "members.invite");
    await expect(founderOnB.waitFor("invitation.changed", (m) => m.invitationId === invitation.invitationId)).resolves.toMatchObject({
      workspaceId: created.id,
    });
    await expectNoEvent([strangerOnA], { waitMs: 500 });
  });

  it("a member removed through process A while connected to process B leaves the workspace's rooms before the removal's event goes out", async () => {
    const owner = await createUser(local.deps);
    const workspace = await createWorkspaceOwnedBy(local.deps, owner, "Removal across processes");
    const ownerCookie = await sessionCookie(local.deps, owner);
    const leaving = await createUser(local.deps);
    const membershipId = await addMember(local.deps, workspace.id, leaving, ["admin"]);
    const [leavingOnB, ownerOnB] = await Promise.all([socketOn(processB, leaving), socketOn(processB, owner, ownerCookie)]);

    await httpClient(processA, ownerCookie).members.remove.mutate({ workspaceSlug: workspace.slug, membershipId });
    await ownerOnB.waitFor("member.changed", (m) => m.membershipId === membershipId && m.change === "removed");
    await leavingOnB.waitFor("workspace.left", (m) => m.workspaceId === workspace.id);

    // Later events of that workspace, from any process, do not reach them.
    await commitOnLocal(workspace.id, pendingInvitation(workspace.id), "members.invite");
    await ownerOnB.waitFor("invitation.changed");
    await expectNoEvent([leavingOnB], { waitMs: 500, match: (e) => !toldOfTheirRemoval(e.message) });
  });

  it("keeps delivering after the database drops the adapter's connections (each process reconnects; none crashes)", async () => {
    const owner = await createUser(local.deps);
    const workspace = await createWorkspaceOwnedBy(local.deps, owner, "Connection lost");
    const onB = await socketOn(processB, owner);

    const admin = new pg.Client({ connectionString: cluster.database.url });
    await admin.connect();
    try {
      const killed = await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'team-access-realtime' and datname = current_database()");
      expect(killed.rowCount).toBeGreaterThanOrEqual(3);
    } finally {
      await admin.end();
    }

    // The adapters reconnect within a few seconds; until then events may be lost (pages refetch on reconnect).
    const deadline = Date.now() + 15_000;
    let delivered = false;
    while (!delivered && Date.now() < deadline) {
      const invitation = pendingInvitation(workspace.id);
      await commitOnLocal(workspace.id, invitation, "members.invite");
      delivered = await onB
        .waitFor("invitation.changed", (m) => m.invitationId === invitation.invitationId, 500)
        .then(
          () => true,
          () => false,
        );
    }
    expect(delivered, processB.output()).toBe(true);
    expect(processA.child.exitCode).toBeNull();
    expect(processB.child.exitCode).toBeNull();
    expect(processB.output()).toContain("realtime adapter");
  });

  it("a process stopped with SIGTERM closes its sockets and exits cleanly", async () => {
    const extra = await spawnServer({ databaseUrl: cluster.database.url });
    const user = await createUser(local.deps);
    const onExtra = await socketOn(extra, user);
    const printedBefore = extra.output().length;
    await expect(extra.stop()).resolves.toBe(0);
    await expect(onExtra.waitForDisconnect()).resolves.toBeTruthy();
    expect(extra.output().slice(printedBefore)).toBe("");
  });

  it("closing a clustered server leaves nothing running: the process ends by itself", async () => {
    const user = await createUser(local.deps);
    const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/startAndClose.ts"], {
      env: {
        PATH: process.env.PATH ?? "",
        PORT: "0",
        HOST: "127.0.0.1",
        APP_ORIGIN: "http://127.0.0.1:1",
        DATABASE_URL: cluster.database.url,
        CLUSTER: "1",
        NODE_ENV: "test",
        LOG_LEVEL: "warn",
        TEST_SESSION_COOKIE: await sessionCookie(local.deps, user),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const exit = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`The process did not end by itself after closing; it printed:\n${output}`));
      }, 20_000);
      child.once("exit", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    expect(exit, output).toBe(0);
    const report = JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as { closed?: boolean; resources?: string[] };
    expect(report.closed).toBe(true);
    // Only the pipes of stdout/stderr may remain; no timers, sockets or database connections.
    expect(report.resources?.filter((r) => r !== "PipeWrap" && r !== "TTYWrap")).toEqual([]);
  });
});
