/**
 * npm run bench:realtime
 *
 * 10,000 signed-in Admins of one workspace (BENCH_SOCKETS) hold a live socket each; 200
 * invitations are accepted one after another (the real `invitations.accept`). For every (event, socket)
 * pair it measures the delay from COMMIT (the instant the transaction hands
 * its events to the realtime layer) to receipt at the socket, and the
 * server's memory per connected socket. Then the same across two server
 * processes sharing the database: changes committed on A, sockets on B.
 * The sockets live in child processes, apart from the server.
 *
 * Beside each phase's latency it prints the machine's load average and the CPU
 * the delivering server and the socket clients spent per delivered event
 * (steadier than latency on a shared machine). BENCH_PROCESSES picks the phases
 * ("bare,1,2" by default; "1" runs just the one-process phase).
 *
 * First the floor (decision 51): a bare node:net server writing each accept's
 * two frames to the same clients at the same pace. It runs in a child process
 * of its own, and so does the seeding, so that this process's memory before
 * its sockets connect holds only its own server (decision 53: memory an
 * earlier phase freed made the one-process RSS per socket come out negative).
 * BENCH_CPU_PROFILE=<dir> writes a CPU profile of this process over the timed
 * changes of each in-process phase (<dir>/one_process.cpuprofile).
 *
 * The sockets are the light wire client (bench/realtime/wire.ts: WebSocket,
 * engine.io and Socket.IO spoken directly, a real session cookie), so that
 * on a 2-core machine the clients take less of the CPU the server needs;
 * BENCH_CLIENT=socket.io uses the real socket.io-client instead (as before
 * decision 43). The targets are judged on this scenario: every socket an
 * Admin of the same workspace, so every accept reaches all of them.
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session } from "node:inspector/promises";
import { monitorEventLoopDelay, performance as perfHooks } from "node:perf_hooks";
import pg from "pg";
import { z } from "zod";
import { startEmbeddedPostgres } from "#db/embedded";
import { fanoutStats } from "#server/realtime/broadcast";
import { spawnServer } from "../../tests/helpers/processes";
import { prepareAccepts, type TimedChange } from "./changes";
import { type InProcessServer, startInProcess, wallClockMs } from "./inprocess";
import type { BenchWorkspace } from "./seed";
import { round, type Summary, summarize } from "./stats";

const socketCount = Number(process.env.BENCH_SOCKETS ?? 10_000);
const changeCount = Number(process.env.BENCH_CHANGES ?? 200);
const clientProcesses = Number(process.env.BENCH_CLIENT_PROCESSES ?? 2);
const clientKind = z.enum(["wire", "socket.io"]).parse(process.env.BENCH_CLIENT ?? "wire");
// Ten accepts a second: a busy afternoon of onboarding, not a saturation test.
const spacingMs = Number(process.env.BENCH_SPACING_MS ?? 100);
const warmUpChanges = 5;
/** The longest the bench waits, after the last change, for late events before counting the rest as missed. */
const settleLimitMs = 60_000;
/** In the spread scenario: the one large workspace's Admins (the others are in workspaces of 100). */
const spreadLarge = Number(process.env.BENCH_SPREAD_LARGE ?? 1_000);
/**
 * Which setups to measure: "bare" (the floor: a bare node:net server writing the same frames to the same
 * clients), "1" (one process), "2" (two processes); "spread" adds the many-workspaces scenario.
 */
const phases = process.env.BENCH_PROCESSES ?? "bare,1,2";

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Collects, then gives V8 a moment to hand the freed pages back (it does so after the collection, not in it), and
 * collects again: otherwise memory freed just before the sockets connect leaves RSS while they do, and the
 * RSS per socket comes out too low.
 */
async function settleMemory(): Promise<void> {
  gc();
  await new Promise((r) => setTimeout(r, 1_000));
  gc();
}

async function openDatabase(): Promise<{ url: string; release(): Promise<void> }> {
  let adminUrl: string;
  let stopEmbedded: (() => Promise<void>) | null = null;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), "team-access-bench-pg-"));
    chmodSync(dir, 0o755); // PostgreSQL runs as its own user and must reach the folder.
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), ephemeral: true });
    adminUrl = embedded.url;
    stopEmbedded = () => embedded.stop();
  }
  const name = `ta_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async release() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
      await stopEmbedded?.();
    },
  };
}

const fromClient = z.discriminatedUnion("type", [
  z.object({ type: z.literal("connected"), count: z.number(), failed: z.number() }),
  z.object({ type: z.literal("report"), receipts: z.record(z.array(z.number())), cpuMs: z.number() }),
  z.object({ type: z.literal("count"), received: z.number() }),
]);
type FromClient = z.infer<typeof fromClient>;

/** The next message of `type` from a child process (checked against `schema`); rejects if the child exits first. */
function awaitMessage<M extends { type: string }, T extends M["type"]>(child: ChildProcess, schema: z.ZodType<M>, type: T, who: string): Promise<Extract<M, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (raw: unknown) => {
      const message = schema.parse(raw);
      if (message.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message as Extract<M, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`${who} exited early (code ${code})`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

function nextMessage<T extends FromClient["type"]>(child: ChildProcess, type: T): Promise<Extract<FromClient, { type: T }>> {
  return awaitMessage(child, fromClient, type, "A socket client process");
}

const fromIsolated = z.discriminatedUnion("type", [
  z.object({ type: z.literal("seeded"), workspaces: z.array(z.object({ id: z.string(), slug: z.string(), ownerId: z.string(), adminCookies: z.array(z.string()) })) }),
  z.object({ type: z.literal("bare-ready"), url: z.string(), origin: z.string() }),
  z.object({ type: z.literal("bare-published"), at: z.number() }),
  z.object({ type: z.literal("bare-closed") }),
]);
type FromIsolated = z.infer<typeof fromIsolated>;

/** A child process for the work kept out of this one (bench/realtime/isolated.ts); ask() sends a command and waits for its answer. */
function forkIsolated(): { child: ChildProcess; ask<T extends FromIsolated["type"]>(command: object, answer: T): Promise<Extract<FromIsolated, { type: T }>> } {
  const child = fork(path.resolve("bench/realtime/isolated.ts"), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return {
    child,
    ask(command, answer) {
      const answered = awaitMessage(child, fromIsolated, answer, "The bench's helper process");
      child.send(command);
      return answered;
    },
  };
}

/** Workspaces of that many Admins each, with their sessions, seeded in a child process (its garbage never counts in this process's memory). */
async function seedIsolated(databaseUrl: string, admins: number[]): Promise<BenchWorkspace[]> {
  const helper = forkIsolated();
  const { workspaces } = await helper.ask({ type: "seed", databaseUrl, admins }, "seeded");
  helper.child.kill();
  return workspaces;
}

interface Clients {
  connected: number;
  failed: number;
  /** Every receipt time per event key, and the client processes' CPU since they connected. */
  collect(): Promise<{ receipts: Map<string, number[]>; cpuMs: number }>;
  /** How many events all sockets have received so far. */
  received(): Promise<number>;
}

async function connectClients(target: { url: string; origin: string }, cookies: string[]): Promise<Clients> {
  const children = Array.from({ length: clientProcesses }, () => fork(path.resolve("bench/realtime/clients.ts"), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] }));
  const results = await Promise.all(
    children.map((child, i) => {
      const share = cookies.filter((_, index) => index % children.length === i);
      const done = nextMessage(child, "connected");
      child.send({ type: "connect", client: clientKind, url: target.url, origin: target.origin, cookies: share, concurrency: 20 });
      return done;
    }),
  );
  return {
    connected: results.reduce((n, r) => n + r.count, 0),
    failed: results.reduce((n, r) => n + r.failed, 0),
    async received() {
      const counts = await Promise.all(
        children.map((child) => {
          const count = nextMessage(child, "count");
          child.send({ type: "count" });
          return count;
        }),
      );
      return counts.reduce((n, c) => n + c.received, 0);
    },
    async collect() {
      const merged = new Map<string, number[]>();
      const reports = await Promise.all(
        children.map((child) => {
          const report = nextMessage(child, "report");
          child.send({ type: "report" });
          return report;
        }),
      );
      for (const report of reports) {
        for (const [key, times] of Object.entries(report.receipts)) merged.set(key, [...(merged.get(key) ?? []), ...times]);
      }
      await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((r) => child.once("exit", r)) : null)));
      return { receipts: merged, cpuMs: reports.reduce((n, r) => n + r.cpuMs, 0) };
    },
  };
}

interface Measured {
  delays: Summary;
  missed: number;
  publish: Summary;
  /** CPU of the server process holding the sockets, per timed change (each change sends several events to every socket). */
  serverCpuMsPerChange: number;
  /** The same CPU per event delivered to one socket (every event, timed or not). */
  serverCpuUsPerDelivery: number;
  /** The socket client processes' CPU per event received by one socket. */
  clientsCpuUsPerDelivery: number;
  /** The machine's 1-minute load average at the end of the timed changes. */
  load: number;
  /** Timed accepts per second actually reached (each accept waits for its own commit and publishing, then BENCH_SPACING_MS). */
  acceptsPerSecond: number;
}

/** User + system CPU time a process has used so far, in ms (from /proc, so it works for any of our processes). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 (utime, stime) in clock ticks; after the ")" they are at 11 and 12.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
}
const clockTicksPerSecond = 100;

async function runChanges(
  committer: { commits: Map<string, number>; publishMs: number[] },
  changes: TimedChange[],
  clients: Clients,
  /** How many of the sockets each timed event must reach. */
  receivers: number,
  deliveringServerCpuMs: () => number,
): Promise<Measured> {
  const timed = new Set<string>();
  committer.publishMs.length = 0;
  let cpuAtStart = deliveringServerCpuMs();
  let timedFrom = performance.now();
  for (const [index, change] of changes.entries()) {
    if (index === warmUpChanges) {
      cpuAtStart = deliveringServerCpuMs();
      timedFrom = performance.now();
    }
    await change.run();
    if (index >= warmUpChanges) timed.add(change.eventKey);
    await new Promise((r) => setTimeout(r, spacingMs));
  }
  // A late event is late, not missed: wait until the sockets stop receiving (no new event for
  // a second), at most a minute; "missed" is then what never arrived. The server's CPU counts
  // over the same window, so a server that falls behind pays for catching up.
  const acceptsPerSecond = round(((changes.length - warmUpChanges) * 1000) / (performance.now() - timedFrom));
  const settleBy = Date.now() + settleLimitMs;
  for (let before = -1, now = await clients.received(); now !== before && Date.now() < settleBy;) {
    await new Promise((r) => setTimeout(r, 1_000));
    [before, now] = [now, await clients.received()];
  }
  const serverCpuMs = deliveringServerCpuMs() - cpuAtStart;
  const load = round(os.loadavg()[0] ?? 0);
  const { receipts, cpuMs: clientsCpuMs } = await clients.collect();
  const delays: number[] = [];
  let missed = 0;
  for (const key of timed) {
    const committedAt = committer.commits.get(key);
    const arrivals = receipts.get(key) ?? [];
    if (committedAt === undefined) throw new Error(`No commit time recorded for ${key}`);
    missed += receivers - arrivals.length;
    for (const at of arrivals) delays.push(at - committedAt);
  }
  // Every event any socket received (the timed ones and the others each change sends), over the timed changes.
  const deliveries = [...receipts.values()].reduce((n, times) => n + times.length, 0) * (timed.size / changes.length);
  return {
    delays: summarize(delays),
    missed,
    publish: summarize(committer.publishMs.slice(warmUpChanges)),
    serverCpuMsPerChange: round(serverCpuMs / timed.size),
    serverCpuUsPerDelivery: round((serverCpuMs * 1000) / deliveries),
    clientsCpuUsPerDelivery: round((clientsCpuMs * 1000 * (timed.size / changes.length)) / deliveries),
    load,
    acceptsPerSecond,
  };
}

/** This process's soft limit on open files (children inherit it). */
function openFileLimit(): number | null {
  const match = /Max open files\s+(\d+)/.exec(readFileSync("/proc/self/limits", "utf8"));
  return match ? Number(match[1]) : null;
}

function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? Number.NaN);
}

/** The workspace whose invitations are accepted, every socket's cookie, and how many of them hear each accept (all, unless said). */
interface Audience {
  workspace: BenchWorkspace;
  cookies: string[];
  receivers?: number;
}

interface Phase {
  label: string;
  what: string;
  /** Figure names start with it ("one_process_p99_ms"). */
  prefix: string;
  /** How the delivering server is named in its CPU figures ("server", "server_b"). */
  serverName: string;
}

/** Whether an earlier phase held its sockets in this process (the seeding and the bare floor never do: isolated.ts). */
let socketsHeldHereBefore = false;

/**
 * One setup measured: the accepts are prepared on the committing server, the
 * sockets connect to the delivering one (the same process, or another), and
 * its memory and CPU are read around them.
 */
async function measurePhase(phase: Phase, committer: InProcessServer, delivering: { url: string; origin: string }, deliveringPid: number, audience: Audience): Promise<Record<string, number>> {
  const { workspace } = audience;
  // Invited before the sockets connect, so only the accepts are on the wire while timing.
  const accepts = await prepareAccepts(committer.deps, workspace, changeCount + warmUpChanges);
  const inProcess = deliveringPid === process.pid;
  await settleMemory();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = rssKb(deliveringPid);
  const clients = await connectClients(delivering, audience.cookies);
  await settleMemory();
  if (clients.failed > 0) throw new Error(`${clients.failed} sockets could not connect (${phase.label})`);
  const memory: Record<string, number> = {};
  // RSS a process once grew to mostly stays after it is freed, so a second in-process phase with sockets (spread after
  // one process) would reuse the first one's pages and come out low: only the first one's RSS is printed.
  if (!inProcess || !socketsHeldHereBefore) memory[`${phase.prefix}_rss_per_socket_kb`] = round((rssKb(deliveringPid) - rssBefore) / clients.connected);
  // The heap can only be read (and collected first) in this process.
  if (inProcess) memory[`${phase.prefix}_heap_per_socket_kb`] = round((process.memoryUsage().heapUsed - heapBefore) / clients.connected / 1024);
  if (inProcess) socketsHeldHereBefore = true;
  console.log(
    `${phase.label}: ${clients.connected} sockets (${clientKind} client) connected; delivering server memory per socket: ${Object.entries(memory)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  // Where the delivering server is this process: how busy its event loop was, how long it could not answer, how many writes.
  const eluBefore = perfHooks.eventLoopUtilization();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const writesBefore = fanoutStats.socketWrites;
  const profile = inProcess ? await startProfile(phase.prefix) : null;
  const measured = await runChanges(committer, accepts, clients, audience.receivers ?? clients.connected, () => cpuMsOf(deliveringPid));
  await profile?.();
  loopDelay.disable();
  report(phase.label, phase.what, measured);
  const loop: Record<string, number> = {};
  if (inProcess) {
    loop[`${phase.prefix}_event_loop_utilization`] = round(perfHooks.eventLoopUtilization(eluBefore).utilization);
    loop[`${phase.prefix}_event_loop_delay_p99_ms`] = round(loopDelay.percentile(99) / 1e6);
    loop[`${phase.prefix}_socket_writes_per_change`] = round((fanoutStats.socketWrites - writesBefore) / accepts.length);
    console.log(
      `${phase.label}: event loop utilization ${loop[`${phase.prefix}_event_loop_utilization`]}, event loop delay p99 ${loop[`${phase.prefix}_event_loop_delay_p99_ms`]} ms; ` +
        `${loop[`${phase.prefix}_socket_writes_per_change`]} socket writes per change (${audience.receivers ?? clients.connected} sockets hear each)`,
    );
  }
  return {
    ...memory,
    [`${phase.prefix}_median_ms`]: measured.delays.median,
    [`${phase.prefix}_p99_ms`]: measured.delays.p99,
    [`${phase.prefix}_max_ms`]: measured.delays.max,
    [`${phase.prefix}_missed`]: measured.missed,
    [`${phase.prefix}_${phase.serverName}_cpu_ms_per_change`]: measured.serverCpuMsPerChange,
    [`${phase.prefix}_${phase.serverName}_cpu_us_per_delivery`]: measured.serverCpuUsPerDelivery,
    [`${phase.prefix}_clients_cpu_us_per_delivery`]: measured.clientsCpuUsPerDelivery,
    [`${phase.prefix}_load_1m`]: measured.load,
    [`${phase.prefix}_accepts_per_second`]: measured.acceptsPerSecond,
    ...loop,
  };
}

/**
 * BENCH_CPU_PROFILE=<dir>: a CPU profile of this process over the timed changes only (not the seeding or the
 * connecting), written to <dir>/<phase>.cpuprofile; returns the function that stops and writes it.
 */
async function startProfile(name: string): Promise<(() => Promise<void>) | null> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return null;
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  };
}

/**
 * The floor: the same sockets and clients on a bare node:net server that writes each accept's two
 * frames to every socket in one synchronous loop (bench/realtime/bare.ts), at the same pace. What the
 * one-process phase costs above it is what the product adds; what it costs is the machine's.
 */
async function measureBare(cookies: string[]): Promise<Record<string, number>> {
  // In a child process of its own: its 10,000 sockets must not be in this process's memory when the product's connect.
  const helper = forkIsolated();
  const bare = await helper.ask({ type: "bare-start" }, "bare-ready");
  const barePid = helper.child.pid ?? 0;
  try {
    const clients = await connectClients(bare, cookies);
    if (clients.failed > 0) throw new Error(`${clients.failed} sockets could not connect to the bare server`);
    console.log(`bare fan-out: ${clients.connected} sockets (${clientKind} client) connected`);
    const commits = new Map<string, number>();
    const publishMs: number[] = [];
    const changes: TimedChange[] = Array.from({ length: changeCount + warmUpChanges }, () => {
      const invitationId = randomUUID();
      const eventKey = `invitation.changed:accepted:${invitationId}`;
      return {
        eventKey,
        run: async () => {
          const { at } = await helper.ask({ type: "bare-publish", invitationId }, "bare-published");
          commits.set(eventKey, at);
          // The child answers once its loop of writes is over: the round's duration, as before.
          publishMs.push(wallClockMs() - at);
        },
      };
    });
    const measured = await runChanges({ commits, publishMs }, changes, clients, clients.connected, () => cpuMsOf(barePid));
    report("bare fan-out", "write start -> receipt", measured);
    return {
      bare_median_ms: measured.delays.median,
      bare_p99_ms: measured.delays.p99,
      bare_max_ms: measured.delays.max,
      bare_missed: measured.missed,
      bare_server_cpu_us_per_delivery: measured.serverCpuUsPerDelivery,
      bare_clients_cpu_us_per_delivery: measured.clientsCpuUsPerDelivery,
      bare_round_ms: measured.publish.median,
      bare_load_1m: measured.load,
    };
  } finally {
    await helper.ask({ type: "bare-close" }, "bare-closed");
  }
}

async function main(): Promise<void> {
  if (!existsSync(path.resolve("build", "index.js"))) {
    console.error("The pages are not built yet (the second server process needs them). Run `npm run build` first.");
    process.exit(1);
  }
  // Each socket is a file descriptor in the server and in a client process: say so before failing at socket 9,000.
  const openFiles = openFileLimit();
  console.log(`open-file limit (ulimit -n): ${openFiles ?? "unknown"}`);
  if (openFiles !== null && openFiles < socketCount + 1_000) {
    console.error(`The open-file limit (${openFiles}) is too low for ${socketCount} sockets: run \`ulimit -n ${socketCount + 2_000}\` (or raise the hard limit) first.`);
    process.exit(1);
  }
  console.log(`Realtime bench: ${socketCount} Admin sockets, ${changeCount} accepted invitations, one every ${spacingMs} ms.`);
  // The figures mean little on a machine busy with other work; say how busy it was.
  const loadAtStart = os.loadavg()[0] ?? 0;
  console.log(`machine: ${os.cpus().length} cores, load average ${round(loadAtStart)} at start`);
  const database = await openDatabase();
  const figures: Record<string, number> = { sockets: socketCount, wire_client: clientKind === "wire" ? 1 : 0, machine_load_1m_start: round(loadAtStart) };
  let missed = 0;
  try {
    // The workspace and its Admins' sessions, seeded once through a server of this process.
    const [workspace] = await seedIsolated(database.url, [socketCount]);
    if (!workspace) throw new Error("no workspace seeded");

    if (phases.includes("bare")) Object.assign(figures, await measureBare(workspace.adminCookies));

    if (phases.includes("1")) {
      // 1. One process: the server here, the sockets in child processes.
      const server = await startInProcess(database.url, false);
      try {
        Object.assign(
          figures,
          await measurePhase({ label: "one process", what: "commit -> receipt", prefix: "one_process", serverName: "server" }, server, server, process.pid, { workspace, cookies: workspace.adminCookies }),
        );
      } finally {
        await server.close();
      }
    }

    if (phases.includes("2")) {
      // 2. Two processes: changes committed on A (here), sockets on B (spawned).
      const processA = await startInProcess(database.url, true);
      // A busy machine can take a while to start a second Node process.
      const processB = await spawnServer({ databaseUrl: database.url, env: { NODE_ENV: "production", LOG_LEVEL: "warn" }, startTimeoutMs: 120_000 }).catch(async (error: unknown) => {
        await processA.close();
        throw error;
      });
      try {
        // The CPU that delivering costs is B's (A only commits and sends one NOTIFY per commit).
        Object.assign(
          figures,
          await measurePhase({ label: "two processes", what: "commit on A -> receipt on B", prefix: "two_process", serverName: "server_b" }, processA, processB, processB.child.pid ?? 0, {
            workspace,
            cookies: workspace.adminCookies,
          }),
        );
      } finally {
        await processB.stop();
        await processA.close();
      }
    }

    if (phases.includes("spread")) {
      // 3. Not judged by the targets: the same number of sockets spread over workspaces of 100 Admins, with one large
      // workspace whose accepts are timed, so each accept reaches spreadLarge sockets and the others hold still.
      const sizes = [spreadLarge];
      for (let seeded = spreadLarge; seeded < socketCount; seeded += 100) sizes.push(Math.min(100, socketCount - seeded));
      const [large, ...others] = await seedIsolated(database.url, sizes);
      if (!large) throw new Error("no workspace seeded");
      const cookies = [...large.adminCookies, ...others.flatMap((w) => w.adminCookies)];
      const server = await startInProcess(database.url, false);
      try {
        const label = `spread (${socketCount} sockets, accepts reach ${large.adminCookies.length})`;
        Object.assign(
          figures,
          await measurePhase({ label, what: "commit -> receipt", prefix: "spread_one_process", serverName: "server" }, server, server, process.pid, { workspace: large, cookies, receivers: large.adminCookies.length }),
        );
      } finally {
        await server.close();
      }
    }
    // How far above the floor the product is (1 = as fast as the bare writes).
    if (figures.bare_p99_ms && figures.one_process_p99_ms) figures.one_process_p99_ratio_to_bare = round(figures.one_process_p99_ms / figures.bare_p99_ms);
    if (figures.bare_p99_ms && figures.two_process_p99_ms) figures.two_process_p99_ratio_to_bare = round(figures.two_process_p99_ms / figures.bare_p99_ms);
    missed = (figures.one_process_missed ?? 0) + (figures.two_process_missed ?? 0) + (figures.spread_one_process_missed ?? 0);
  } finally {
    await database.release();
  }

  figures.missed_deliveries = missed;
  figures.machine_load_1m_end = round(os.loadavg()[0] ?? 0);
  console.log(
    JSON.stringify({
      figures,
      targets: {
        one_process_p99_ms: { max: 100 },
        two_process_p99_ms: { max: 150 },
        missed_deliveries: { max: 0 },
      },
    }),
  );
}

function report(label: string, what: string, m: Measured): void {
  console.log(
    `${label}: ${what} over ${m.delays.count} deliveries: median ${m.delays.median} ms, p99 ${m.delays.p99} ms, max ${m.delays.max} ms; missed ${m.missed}; ` +
      `publishing on the committing server: median ${m.publish.median} ms, p99 ${m.publish.p99} ms`,
  );
  console.log(
    `${label}: delivering server CPU ${m.serverCpuMsPerChange} ms per change (${m.serverCpuUsPerDelivery} µs per delivered event), ` +
      `socket clients ${m.clientsCpuUsPerDelivery} µs per delivered event; machine load average ${m.load} (1 min) while measuring; ${m.acceptsPerSecond} accepts/s reached`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
