/**
 * npm run bench:load — the product under load on loopback.
 *
 * Phase 1: one server process; phase 2: two processes on one database
 * (CLUSTER=1, sockets and requests spread over both). Each phase: 1,000
 * connected sockets (BENCH_SOCKETS) plus a mixed load for 60 s
 * (BENCH_SECONDS) of page loads, member lists, invitations and accepts
 * (the last two when the API has them). Prints requests per second,
 * latency median/p99 per kind, errors, server memory at the end against the
 * start, and the delay from an invitation request to its live event on the
 * admins' sockets (p99). The last line is the JSON summary.
 *
 * The database is a PostgreSQL of the bench's own (embedded, temp folder)
 * unless DATABASE_URL names a server to create bench databases on.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { io as connect, type Socket } from "socket.io-client";
import { createDatabase } from "#db/client";
import { startEmbeddedPostgres } from "#db/embedded";
import { appRouter } from "#server/router";
import { spawnServer, type ServerProcess } from "../../tests/chaos/processes";
import { type BenchWorkspace, seedBenchWorkspace } from "./seed";

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const socketCount = Number(process.env.BENCH_SOCKETS ?? 1000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const procedures = new Set(Object.keys(appRouter._def.procedures as Record<string, unknown>));
const hasInvitations = procedures.has("invitations.invite") && procedures.has("invitations.acceptWithNewAccount");

type Kind = "page" | "memberList" | "invite" | "accept";

interface KindStats {
  latencies: number[];
  errors: number;
  errorSamples: string[];
}

interface PhaseResult {
  name: string;
  processes: number;
  requests: number;
  requestsPerSecond: number;
  kinds: Record<string, { count: number; medianMs: number; p99Ms: number; errors: number }>;
  errors: number;
  memoryStartMb: number;
  memoryEndMb: number;
  socketsConnected: number;
  /** From the server publishing the event (after commit) to a socket receiving it. */
  eventDelayP99Ms: number | null;
  eventDelayMedianMs: number | null;
  /** From the invitation request leaving the client to a socket receiving its event. */
  requestToEventP99Ms: number | null;
  eventsExpected: number;
  eventsReceived: number;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 10) / 10;
}

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

async function openDatabaseServer(): Promise<{ adminUrl: string; release(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, release: async () => {} };
  const dir = mkdtempSync(path.join(os.tmpdir(), "team-access-bench-pg-"));
  chmodSync(dir, 0o755);
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), ephemeral: true });
  return {
    adminUrl: embedded.url,
    async release() {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function trpc(server: ServerProcess, cookie: string, pathName: string, input: unknown, method: "GET" | "POST"): Promise<{ status: number; body: string }> {
  const query = method === "GET" ? `?input=${encodeURIComponent(JSON.stringify(input))}` : "";
  const response = await fetch(`${server.url}/trpc/${pathName}${query}`, {
    method,
    headers: { cookie, origin: server.origin, "content-type": "application/json" },
    body: method === "POST" ? JSON.stringify(input) : undefined,
  });
  return { status: response.status, body: await response.text() };
}

async function runPhase(name: string, processes: number, adminUrl: string): Promise<PhaseResult> {
  const databaseName = `bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${databaseName}`);
  await admin.end();
  const databaseUrl = withDatabase(adminUrl, databaseName);

  const servers: ServerProcess[] = [];
  for (let i = 0; i < processes; i += 1) {
    servers.push(
      await spawnServer({
        databaseUrl,
        env: { PAGES: "1", LOG_LEVEL: "error", DATABASE_POOL_SIZE: "20", ...(processes > 1 ? { CLUSTER: "1" } : {}) },
      }),
    );
  }
  const db = createDatabase(databaseUrl, { max: 4 });
  const first = servers[0] as ServerProcess;
  const socketsPerUser = 10;
  const admins = Math.ceil((socketCount * 0.2) / socketsPerUser);
  const members = Math.ceil((socketCount * 0.8) / socketsPerUser);
  const workspace: BenchWorkspace = await seedBenchWorkspace(db.db, first, { admins, members });
  const memoryStart = servers.map((s) => rssMb(s.child.pid));

  // Sockets: admins' tabs hear invitations; spread over the processes.
  const inviteStarted = new Map<string, number>();
  const eventArrivals: Array<{ invitationId: string; at: number; emittedDelayMs: number }> = [];
  const sockets: Socket[] = [];
  const cookies = [...workspace.adminCookies.map((c) => ({ cookie: c, admin: true })), ...workspace.memberCookies.map((c) => ({ cookie: c, admin: false }))];
  for (let i = 0; i < socketCount; i += 1) {
    const who = cookies[Math.floor(i / socketsPerUser) % cookies.length] as { cookie: string; admin: boolean };
    const server = servers[i % servers.length] as ServerProcess;
    const socket = connect(server.url, { transports: ["websocket"], extraHeaders: { cookie: who.cookie, origin: server.origin }, reconnectionDelay: 500 });
    socket.on("invitation.changed", (message: { change: string; invitationId: string; at: string }) => {
      // `at` is stamped by the server when it publishes (after commit); same machine, same clock.
      if (message.change === "created") eventArrivals.push({ invitationId: message.invitationId, at: performance.now(), emittedDelayMs: Date.now() - Date.parse(message.at) });
    });
    sockets.push(socket);
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 20));
  }
  const connectDeadline = Date.now() + 60_000;
  while (sockets.some((s) => !s.connected) && Date.now() < connectDeadline) await new Promise((r) => setTimeout(r, 100));
  const socketsConnected = sockets.filter((s) => s.connected).length;
  const expectedPerInvite = sockets.filter((_, i) => (cookies[Math.floor(i / socketsPerUser) % cookies.length] as { admin: boolean }).admin).length;

  const stats: Record<Kind, KindStats> = {
    page: { latencies: [], errors: 0, errorSamples: [] },
    memberList: { latencies: [], errors: 0, errorSamples: [] },
    invite: { latencies: [], errors: 0, errorSamples: [] },
    accept: { latencies: [], errors: 0, errorSamples: [] },
  };
  const pendingTokens: string[] = [];
  let inviteCounter = 0;
  let invitesSent = 0;

  const weights: Array<[Kind, number]> = hasInvitations
    ? [
        ["page", 30],
        ["memberList", 40],
        ["invite", 20],
        ["accept", 10],
      ]
    : [
        ["page", 40],
        ["memberList", 60],
      ];
  const totalWeight = weights.reduce((sum, [, w]) => sum + w, 0);
  // The product allows a workspace 400 new invitations an hour (server/services/invitations/limits.ts):
  // the bench stays under it, so an "error" is a failure rather than the limit doing its job.
  const maxInvitesPerPhase = 380;
  const inviteEveryMs = (seconds * 1000) / maxInvitesPerPhase;
  let nextInviteAt = 0;
  function pickKind(): Kind {
    let roll = Math.random() * totalWeight;
    for (const [kind, weight] of weights) {
      roll -= weight;
      if (roll < 0) {
        if (kind !== "invite") return kind;
        const now = performance.now();
        if (now < nextInviteAt || inviteCounter >= maxInvitesPerPhase) return "memberList";
        nextInviteAt = now + inviteEveryMs;
        return kind;
      }
    }
    return "memberList";
  }

  async function collectTokens(): Promise<void> {
    const rows = await db.db.selectFrom("email_outbox").select(["id", "text_body"]).where("kind", "=", "invitation").where("workspace_id", "=", workspace.workspaceId).orderBy("created_at", "desc").limit(50).execute();
    for (const row of rows) {
      const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(row.text_body)?.[1];
      if (token && !usedTokens.has(token)) {
        usedTokens.add(token);
        pendingTokens.push(token);
      }
    }
  }
  const usedTokens = new Set<string>();

  async function once(kind: Kind, server: ServerProcess): Promise<void> {
    const started = performance.now();
    let ok = false;
    let detail = "";
    try {
      if (kind === "page") {
        const response = await fetch(`${server.url}/w/${workspace.slug}/members`, { headers: { cookie: workspace.ownerCookie } });
        await response.arrayBuffer();
        ok = response.status === 200;
        detail = `page ${response.status}`;
      } else if (kind === "memberList") {
        const answer = await trpc(server, workspace.ownerCookie, "members.list", { workspaceSlug: workspace.slug }, "GET");
        ok = answer.status === 200;
        detail = `${answer.status} ${answer.body.slice(0, 120)}`;
      } else if (kind === "invite") {
        inviteCounter += 1;
        const emails = [`invitee.${inviteCounter}.${randomBytes(2).toString("hex")}@example.com`];
        const answer = await trpc(server, workspace.ownerCookie, "invitations.invite", { workspaceSlug: workspace.slug, emails, roleIds: [workspace.memberRoleId], primaryRoleId: workspace.memberRoleId }, "POST");
        ok = answer.status === 200;
        detail = `${answer.status} ${answer.body.slice(0, 160)}`;
        if (ok) {
          invitesSent += 1;
          const ids = [...answer.body.matchAll(/"invitationId":"([0-9a-f-]{36})"/g)].map((m) => m[1] as string);
          for (const id of ids) inviteStarted.set(id, started);
        }
      } else {
        if (pendingTokens.length === 0) await collectTokens();
        const token = pendingTokens.shift();
        if (!token) return;
        const answer = await trpc(server, "", "invitations.acceptWithNewAccount", { token, name: "Bench Invitee", password: "bench password 123" }, "POST");
        ok = answer.status === 200;
        detail = `${answer.status} ${answer.body.slice(0, 160)}`;
      }
    } catch (error) {
      detail = error instanceof Error ? error.message : String(error);
    }
    const entry = stats[kind];
    entry.latencies.push(performance.now() - started);
    if (!ok) {
      entry.errors += 1;
      if (entry.errorSamples.length < 3) entry.errorSamples.push(detail);
    }
  }

  const startedAt = Date.now();
  const endAt = startedAt + seconds * 1000;
  let loop = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (Date.now() < endAt) {
        loop += 1;
        await once(pickKind(), servers[(worker + loop) % servers.length] as ServerProcess);
      }
    }),
  );
  const elapsed = (Date.now() - startedAt) / 1000;
  await new Promise((r) => setTimeout(r, 1_000)); // late events
  const memoryEnd = servers.map((s) => rssMb(s.child.pid));

  const emitDelays = eventArrivals.map((arrival) => arrival.emittedDelayMs);
  const delays = eventArrivals.flatMap((arrival) => {
    const started = inviteStarted.get(arrival.invitationId);
    return started === undefined ? [] : [arrival.at - started];
  });
  const matchedInvites = [...inviteStarted.keys()].length;

  for (const socket of sockets) socket.close();
  for (const server of servers) server.child.kill("SIGTERM");
  await Promise.all(servers.map((s) => s.exited));
  await db.close();

  const kinds: PhaseResult["kinds"] = {};
  let requests = 0;
  let errors = 0;
  for (const [kind, entry] of Object.entries(stats)) {
    if (entry.latencies.length === 0) continue;
    requests += entry.latencies.length;
    errors += entry.errors;
    kinds[kind] = { count: entry.latencies.length, medianMs: percentile(entry.latencies, 50), p99Ms: percentile(entry.latencies, 99), errors: entry.errors };
    if (entry.errorSamples.length) console.log(`  ${kind} error samples: ${entry.errorSamples.join(" | ")}`);
  }
  return {
    name,
    processes,
    requests,
    requestsPerSecond: Math.round((requests / elapsed) * 10) / 10,
    kinds,
    errors,
    memoryStartMb: Math.round(memoryStart.reduce((a, b) => a + b, 0) * 10) / 10,
    memoryEndMb: Math.round(memoryEnd.reduce((a, b) => a + b, 0) * 10) / 10,
    socketsConnected,
    eventDelayP99Ms: emitDelays.length ? percentile(emitDelays, 99) : null,
    eventDelayMedianMs: emitDelays.length ? percentile(emitDelays, 50) : null,
    requestToEventP99Ms: delays.length ? percentile(delays, 99) : null,
    eventsExpected: matchedInvites * expectedPerInvite,
    eventsReceived: delays.length,
  };
}

function print(result: PhaseResult): void {
  console.log(`\n== ${result.name}`);
  console.log(`  sockets connected: ${result.socketsConnected}/${socketCount}`);
  console.log(`  requests: ${result.requests} in ${seconds}s = ${result.requestsPerSecond}/s, errors: ${result.errors}`);
  for (const [kind, k] of Object.entries(result.kinds)) {
    console.log(`  ${kind.padEnd(11)} n=${String(k.count).padStart(6)}  median ${k.medianMs} ms  p99 ${k.p99Ms} ms  errors ${k.errors}`);
  }
  console.log(`  server memory (RSS): start ${result.memoryStartMb} MB, end ${result.memoryEndMb} MB`);
  console.log(
    result.eventDelayP99Ms === null
      ? "  event delivery: no invitation events measured"
      : `  event delivery (published -> admins' sockets): median ${result.eventDelayMedianMs} ms, p99 ${result.eventDelayP99Ms} ms; invitation request -> socket p99 ${result.requestToEventP99Ms} ms; ${result.eventsReceived}/${result.eventsExpected} deliveries`,
  );
}

async function main(): Promise<void> {
  console.log(`bench:load — ${socketCount} sockets, ${seconds}s per phase, ${concurrency} concurrent clients, kinds: ${hasInvitations ? "page, memberList, invite, accept" : "page, memberList (no invitation API yet)"}`);
  const database = await openDatabaseServer();
  try {
    const one = await runPhase("one server process", 1, database.adminUrl);
    print(one);
    const two = await runPhase("two server processes on one database (CLUSTER=1)", 2, database.adminUrl);
    print(two);
    const figures: Record<string, number | null> = {};
    for (const [prefix, result] of [
      ["single", one],
      ["cluster", two],
    ] as const) {
      figures[`${prefix}_requests_per_s`] = result.requestsPerSecond;
      figures[`${prefix}_errors_count`] = result.errors;
      figures[`${prefix}_sockets_connected_count`] = result.socketsConnected;
      for (const [kind, k] of Object.entries(result.kinds)) {
        figures[`${prefix}_${kind}_median_ms`] = k.medianMs;
        figures[`${prefix}_${kind}_p99_ms`] = k.p99Ms;
      }
      figures[`${prefix}_memory_start_mb`] = result.memoryStartMb;
      figures[`${prefix}_memory_end_mb`] = result.memoryEndMb;
      figures[`${prefix}_event_delay_p99_ms`] = result.eventDelayP99Ms;
      figures[`${prefix}_request_to_event_p99_ms`] = result.requestToEventP99Ms;
      figures[`${prefix}_events_missed_count`] = result.eventsExpected - result.eventsReceived;
    }
    const targets = {
      single_errors_count: { max: 0 },
      cluster_errors_count: { max: 0 },
      single_sockets_connected_count: { min: socketCount },
      cluster_sockets_connected_count: { min: socketCount },
    };
    console.log(JSON.stringify({ figures, targets }));
  } finally {
    await database.release();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
