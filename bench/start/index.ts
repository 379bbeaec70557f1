/**
 * `npm run bench:start`: time from a start command to the first 200 of a
 * page (/sign-in), on a built tree, in one run:
 *   before  the old `npm start`: `npm run build && node --import tsx server/index.ts`, where the
 *           build was `remix build` alone (run here as that, so the server's compile is not counted against it)
 *   after   the new `npm start`: a freshness check, then the compiled server (no build)
 *   tsx     the server through tsx, without building (how `npm run dev` and the tests run it)
 * Each is started BENCH_START_RUNS times (default 3), alternating; the median
 * counts. All use one migrated throwaway database (DATABASE_URL's server, or
 * an embedded PostgreSQL), so the database's own start is not measured.
 * The last line is one JSON object with figures and targets.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import { freePort } from "#db/embedded";
import { openThrowawayDatabase } from "../throwawayDatabase";

const runs = Number(process.env.BENCH_START_RUNS ?? 3);

const variants = {
  before: "node_modules/.bin/remix build > /dev/null && node --import tsx server/index.ts",
  after: "npm start --silent",
  tsx: "node --import tsx server/index.ts",
} as const;
type Variant = keyof typeof variants;

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", () => resolve(0));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    // The whole process group: npm, the shell, and the server under them.
    process.kill(-(child.pid as number), "SIGTERM");
    setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), "SIGKILL");
    }, 15_000).unref();
  });
}

/** Milliseconds from spawning the command to the first 200 from /sign-in. */
async function timeToFirst200(variant: Variant, databaseUrl: string): Promise<number> {
  const port = await freePort();
  // Each command in its own mode, as a person would run it (NODE_ENV unset).
  const { NODE_ENV: _mode, ...inherited } = process.env;
  const env: Record<string, string | undefined> = { ...inherited, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", SHUTDOWN_DRAIN: "0s" };
  const started = performance.now();
  const child = spawn("sh", ["-c", variants[variant]], { detached: true, stdio: ["ignore", "ignore", "pipe"], env: env as NodeJS.ProcessEnv });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${variant} exited before answering:\n${errors}`);
      if ((await status(`http://127.0.0.1:${port}/sign-in`)) === 200) return performance.now() - started;
      if (performance.now() - started > 120_000) throw new Error(`${variant} did not answer within 2 minutes:\n${errors}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await stop(child);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const round = (n: number) => Math.round(n);

async function main(): Promise<void> {
  if (!existsSync("build/index.js") || !existsSync("build/server/index.js")) {
    console.log("Building first (the figures are for a built tree)…");
    await new Promise<void>((resolve, reject) => spawn("npm", ["run", "build", "--silent"], { stdio: "inherit" }).once("exit", (code) => (code === 0 ? resolve() : reject(new Error("build failed")))));
  }
  const database = await openThrowawayDatabase("ta_bench_start");
  try {
    // Migrate once, unmeasured, so every start finds the same database.
    await timeToFirst200("tsx", database.url);
    const times: Record<Variant, number[]> = { before: [], after: [], tsx: [] };
    for (let i = 0; i < runs; i += 1) {
      for (const variant of Object.keys(variants) as Variant[]) {
        const ms = await timeToFirst200(variant, database.url);
        times[variant].push(ms);
        console.log(`${variant.padEnd(6)} run ${i + 1}: ${round(ms)} ms  (${variants[variant]})`);
      }
    }
    const figures = {
      start_before_build_and_tsx_ms: round(median(times.before)),
      start_after_compiled_ms: round(median(times.after)),
      start_tsx_no_build_ms: round(median(times.tsx)),
    };
    console.log(`median time to first 200: before ${figures.start_before_build_and_tsx_ms} ms, after ${figures.start_after_compiled_ms} ms, tsx ${figures.start_tsx_no_build_ms} ms (${runs} runs each)`);
    console.log(JSON.stringify({ figures, targets: { start_after_compiled_ms: { max: figures.start_tsx_no_build_ms } } }));
  } finally {
    await database.release();
  }
}

await main();
