/**
 * `npm run bench:overhead`: what the product costs on top of its own SQL.
 *
 * On a throwaway database seeded with the demo workspace (30 members), it
 * starts the product in production mode (the compiled build, as `npm start`
 * runs it), and records the exact statements it runs for one
 * `members.search` and one `members.setRoles` (SQL_CAPTURE_FILE, decision
 * 30). Then, beside a fresh product process without the capture, a bare
 * node:http + pg server (bare.ts) replays those statements for the same
 * requests. Both take the same load (10 keep-alive connections) in
 * alternating rounds; for each: requests/s, p50/p99, server CPU ms per
 * request, and the ratio product / bare. Then the pages (Members and the
 * other list pages): server CPU ms per render and HTML KB, measured after
 * BENCH_PAGE_WARMUP_SECONDS (30) of load over all of them, as a running
 * server pays it; the Members page's first 2 s after start are printed
 * apart (members_page_first_seconds_cpu_ms).
 *
 * Environment: DATABASE_URL (a server to make the throwaway database on;
 * else an embedded PostgreSQL), BENCH_ROUNDS (3), BENCH_ROUND_SECONDS (4),
 * BENCH_CONNECTIONS (10). The last line is the JSON summary.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { freePort } from "#db/embedded";
import { demo } from "../../seeds/demo";
import type { CapturedStatement } from "#server/logging/sqlCapture";
import { openThrowawayDatabase } from "../throwawayDatabase";
import { type LoadRequest, type LoadResult, runLoad } from "./load";
import { type Plan, planFrom, statementCount } from "./plan";
import { buildIfNeeded, round1, round2, seedDemoWithOwnerSession } from "../build";

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const roundSeconds = Number(process.env.BENCH_ROUND_SECONDS ?? 4);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const poolSize = 10;
/** Seconds of load over all the pages before their measured rounds (BENCH_PAGE_WARMUP_SECONDS). */
const pageWarmupSeconds = Number(process.env.BENCH_PAGE_WARMUP_SECONDS ?? 30);
const slug = demo.workspaceSlug;

interface Started {
  child: ChildProcess;
  pid: number;
  port: number;
  origin: string;
  output(): string;
  stop(): Promise<void>;
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (response) => {
      response.resume();
      resolve((response.statusCode ?? 500) < 500);
    });
    request.on("error", () => resolve(false));
  });
}

async function startProcess(args: string[], env: Record<string, string>, probe: string): Promise<Started> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PORT: String(port), ...env, APP_ORIGIN: origin } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  // Read and dropped (the product logs a line per request at the default level, as in production).
  child.stdout?.on("data", (chunk: Buffer) => {
    if (output.length < 20_000) output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!(await answers(`${origin}${probe}`))) {
    if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited during start:\n${output}`);
    if (Date.now() > deadline) throw new Error(`${args.join(" ")} did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    pid: child.pid as number,
    port,
    origin,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

function startProduct(databaseUrl: string, extra: Record<string, string> = {}, nodeFlags: string[] = []): Promise<Started> {
  return startProcess(
    [...nodeFlags, path.join("server", "start.mjs")],
    {
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: String(poolSize),
      // Background email delivery is not part of a request's cost; nothing is sent in this run.
      EMAIL_WORKER: "0",
      SHUTDOWN_DRAIN: "0s",
      ...extra,
    },
    "/healthz",
  );
}

function request(server: { port: number }, r: LoadRequest): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: server.port, path: r.path, method: r.method, headers: r.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(r.body);
  });
}

async function main(): Promise<void> {
  buildIfNeeded();
  const database = await openThrowawayDatabase("ta_overhead");
  const scratch = mkdtempSync(path.join(os.tmpdir(), "team-access-overhead-"));
  const started: Started[] = [];
  try {
    // The demo workspace, as `npm run seed` makes it, and its Owner signed in.
    const { seeded, cookie, roleId } = await seedDemoWithOwnerSession(database.url);

    // members.setRoles: each connection toggles its own member between two role sets.
    const people = ["mia", "lucas", "emma", "jack", "chloe", "ben", "yuki", "grace", "daniel", "fatima", "tom", "ines", "kofi"].map((k) => seeded.membershipIds[k] as string);
    const variants = [[roleId("member")], [roleId("member"), roleId("viewer")]];
    const searchPath = `/trpc/members.search?input=${encodeURIComponent(JSON.stringify({ workspaceSlug: slug }))}`;
    const requests = {
      search: (): LoadRequest => ({ path: searchPath, method: "GET", headers: { cookie, "x-plan": "search" } }),
      setRoles: (worker: number, i: number): LoadRequest => {
        const variant = i % 2;
        return {
          path: "/trpc/members.setRoles",
          method: "POST",
          headers: { cookie, origin: "", "content-type": "application/json", "x-plan": `setRoles:${worker % people.length}:${variant}` },
          body: JSON.stringify({ workspaceSlug: slug, membershipId: people[worker % people.length], roleIds: variants[variant], primaryRoleId: roleId("member") }),
        };
      },
      page: (name: string): LoadRequest => ({ path: `/w/${slug}/${name}`, method: "GET", headers: { cookie } }),
    };
    const pages = ["members", "roles", "departments", "requests", "settings/audit"];
    const withOrigin = (r: LoadRequest, origin: string): LoadRequest => ({ ...r, headers: { ...r.headers, ...(r.headers.origin !== undefined ? { origin } : {}) } });

    // 1. Capture: what the product runs for each request (after a warm-up, so caches are as under load).
    const captureFile = path.join(scratch, "statements.jsonl");
    const capturing = await startProduct(database.url, { SQL_CAPTURE_FILE: captureFile, SQL_CAPTURE_ALLOW_PRODUCTION: "1", LOG_LEVEL: "warn" });
    started.push(capturing);
    const captured = async (r: LoadRequest): Promise<{ statements: CapturedStatement[]; body: string }> => {
      const answer = await request(capturing, withOrigin(r, capturing.origin));
      if (answer.status !== 200) throw new Error(`${r.path}: ${answer.status} ${answer.body.slice(0, 300)}`);
      const id = answer.headers["x-request-id"];
      await new Promise((res) => setTimeout(res, 100));
      const all = existsSync(captureFile)
        ? readFileSync(captureFile, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((line) => JSON.parse(line) as CapturedStatement)
        : [];
      return { statements: all.filter((s) => s.requestId === id), body: answer.body };
    };
    for (let i = 0; i < 3; i += 1) {
      await captured(requests.search());
      for (const page of pages) await captured(requests.page(page));
    }
    const plans: Record<string, Plan[]> = {};
    const search = await captured(requests.search());
    plans["/trpc/members.search"] = [planFrom(search.statements)];
    const searchStatements = statementCount(plans["/trpc/members.search"][0] as Plan);
    // Every target toggled once each way beforehand, so each capture is a real change.
    const setRolesPlans: Record<string, Plan> = {};
    for (let w = 0; w < Math.min(connections, people.length); w += 1) {
      await captured(requests.setRoles(w, 0));
      await captured(requests.setRoles(w, 1));
      for (const variant of [0, 1]) {
        const { statements } = await captured(requests.setRoles(w, variant));
        setRolesPlans[`setRoles:${w}:${variant}`] = planFrom(statements);
      }
    }
    const setRolesStatements = statementCount(setRolesPlans["setRoles:0:0"] as Plan);
    const pageStatements: Record<string, number> = {};
    for (const page of pages) {
      const { statements, body } = await captured(requests.page(page));
      pageStatements[page] = statements.length;
      // BENCH_SAVE_PAGES=<folder>: keep one answer of each page to look at.
      if (process.env.BENCH_SAVE_PAGES) writeFileSync(path.join(process.env.BENCH_SAVE_PAGES, `${page.replace(/\W+/g, "_")}.html`), body);
    }
    await capturing.stop();
    started.splice(started.indexOf(capturing), 1);

    console.log(`members.search: ${searchStatements} statements per call`);
    const t0 = Math.min(...search.statements.map((s) => s.startedMs));
    for (const s of [...search.statements].sort((a, b) => a.startedMs - b.startedMs)) {
      console.log(`  ${(s.startedMs - t0).toFixed(1)}–${(s.endedMs - t0).toFixed(1)} ms, connection ${s.client}: ${s.text.replace(/\s+/g, " ").trim().slice(0, 110)}`);
    }
    console.log(`  replayed as: ${(plans["/trpc/members.search"][0] as Plan).map((step) => `${step.kind} ×${step.statements.length}`).join(", ")}`);
    console.log(`members.setRoles: ${setRolesStatements} statements per call`);
    for (const step of setRolesPlans["setRoles:0:0"] as Plan) {
      for (const s of step.statements) console.log(`  ${step.kind}: ${s.text.replace(/\s+/g, " ").trim().slice(0, 110)}`);
    }
    console.log(
      `pages: ${Object.entries(pageStatements)
        .map(([p, n]) => `${p} ${n}`)
        .join(", ")} statements per render`,
    );

    if (process.env.BENCH_CAPTURE_ONLY === "1") return;

    // 2. The bare server: plans chosen by the x-plan header (per path and target for the mutation).
    const planFile = path.join(scratch, "plans.json");
    const keyed: Record<string, Plan[]> = { search: plans["/trpc/members.search"] as Plan[] };
    for (const [key, plan] of Object.entries(setRolesPlans)) keyed[key] = [plan];
    bareServerPlans(keyed, planFile);
    // BENCH_BARE_NODE_FLAGS: e.g. --cpu-prof, to set the bare server's profile beside the product's.
    const bareFlags = (process.env.BENCH_BARE_NODE_FLAGS ?? "").split(" ").filter(Boolean);
    const bareServer = await startProcess([...bareFlags, "--import", "tsx", path.join("bench", "overhead", "bare.ts")], { DATABASE_URL: database.url, PLAN_FILE: planFile, DATABASE_POOL_SIZE: String(poolSize) }, "/");
    started.push(bareServer);
    // The bare server picks its plan by the x-plan header (its path is fixed per plan key).
    const toBare = (r: LoadRequest): LoadRequest => ({ ...r, path: `/${r.headers["x-plan"] ?? ""}` });

    // BENCH_PRODUCT_NODE_FLAGS: e.g. --cpu-prof for a profile of the measured product process.
    const product = await startProduct(database.url, {}, (process.env.BENCH_PRODUCT_NODE_FLAGS ?? "").split(" ").filter(Boolean));
    started.push(product);

    async function compare(name: string, next: (worker: number, i: number) => LoadRequest): Promise<{ product: LoadResult; bare: LoadResult; ratio: number }> {
      // Warm-up for both.
      await runLoad({ port: product.port, pid: product.pid, connections, seconds: 1, next: (w, i) => withOrigin(next(w, i), product.origin) });
      await runLoad({ port: bareServer.port, pid: bareServer.pid, connections, seconds: 1, next: (w, i) => toBare(next(w, i)) });
      const p: LoadResult[] = [];
      const b: LoadResult[] = [];
      for (let r = 0; r < rounds; r += 1) {
        const runProduct = () => runLoad({ port: product.port, pid: product.pid, connections, seconds: roundSeconds, next: (w, i) => withOrigin(next(w, i), product.origin) });
        const runBare = () => runLoad({ port: bareServer.port, pid: bareServer.pid, connections, seconds: roundSeconds, next: (w, i) => toBare(next(w, i)) });
        // Alternate which goes first, so a drift in machine load falls on both.
        if (r % 2 === 0) {
          p.push(await runProduct());
          b.push(await runBare());
        } else {
          b.push(await runBare());
          p.push(await runProduct());
        }
        const lp = p[p.length - 1] as LoadResult;
        const lb = b[b.length - 1] as LoadResult;
        console.log(
          `${name} round ${r + 1}: product ${round1(lp.requestsPerSecond)}/s p50 ${round1(lp.p50Ms)} p99 ${round1(lp.p99Ms)} ms cpu ${round2(lp.cpuMsPerRequest)} ms/req errors ${lp.errors}` +
            ` | bare ${round1(lb.requestsPerSecond)}/s p50 ${round1(lb.p50Ms)} p99 ${round1(lb.p99Ms)} ms cpu ${round2(lb.cpuMsPerRequest)} ms/req errors ${lb.errors}` +
            ` | ratio ${round2(lp.requestsPerSecond / lb.requestsPerSecond)}`,
        );
        if (lp.errorSample) console.log(`  product error: ${lp.errorSample}`);
        if (lb.errorSample) console.log(`  bare error: ${lb.errorSample}`);
      }
      const merged = (rs: LoadResult[]): LoadResult => median(rs);
      const mp = merged(p);
      const mb = merged(b);
      return { product: mp, bare: mb, ratio: mp.requestsPerSecond / mb.requestsPerSecond };
    }

    const uptimeBefore = os.loadavg();
    // BENCH_PARTS=search,setRoles,pages (all by default): a shorter run while working on one.
    const parts = new Set((process.env.BENCH_PARTS ?? "search,setRoles,pages").split(","));
    const skipped = { product: emptyResult(), bare: emptyResult(), ratio: 0 };
    const searchResult = parts.has("search") ? await compare("members.search", () => requests.search()) : skipped;
    const setRolesResult = parts.has("setRoles") ? await compare("members.setRoles", (w, i) => requests.setRoles(w, i)) : skipped;

    const pageResults: Record<string, LoadResult> = {};
    let membersFirstSeconds = emptyResult();
    if (parts.has("pages")) {
      // The Members page's first seconds (its render code not yet optimized by the JIT), printed apart:
      // a server pays them once after it starts, not per render.
      membersFirstSeconds = await runLoad({ port: product.port, pid: product.pid, connections, seconds: 2, next: () => requests.page("members") });
      console.log(`page /w/${slug}/members, first 2 s after start: cpu ${round2(membersFirstSeconds.cpuMsPerRequest)} ms per render`);
      // Then every page in turn until the render code is optimized (about 15-30 s here, decision 52), so the rounds
      // measure what a running server pays per render.
      await runLoad({ port: product.port, pid: product.pid, connections, seconds: pageWarmupSeconds, next: (w, i) => requests.page(pages[(w + i) % pages.length] as string) });
    }
    for (const page of parts.has("pages") ? pages : []) {
      await runLoad({ port: product.port, pid: product.pid, connections, seconds: 1, next: () => requests.page(page) });
      const rs: LoadResult[] = [];
      for (let r = 0; r < rounds; r += 1) rs.push(await runLoad({ port: product.port, pid: product.pid, connections, seconds: roundSeconds, next: () => requests.page(page) }));
      const m = median(rs);
      pageResults[page] = m;
      console.log(
        `page /w/${slug}/${page}: ${round1(m.requestsPerSecond)} pages/s p50 ${round1(m.p50Ms)} p99 ${round1(m.p99Ms)} ms, cpu ${round2(m.cpuMsPerRequest)} ms per render, ${round1(m.bytesPerResponse / 1024)} KB, ${pageStatements[page]} statements, errors ${rs.reduce((n, x) => n + x.errors, 0)}`,
      );
      const sample = rs.find((x) => x.errorSample)?.errorSample;
      if (sample) console.log(`  error: ${sample}`);
    }
    const uptimeAfter = os.loadavg();
    console.log(`machine load (1 min average) ${uptimeBefore[0]?.toFixed(2)} before, ${uptimeAfter[0]?.toFixed(2)} after; ${os.cpus().length} cores`);

    const members = pageResults.members ?? emptyResult();
    const figures: Record<string, number> = {
      members_search_product_requests_per_s: round1(searchResult.product.requestsPerSecond),
      members_search_bare_requests_per_s: round1(searchResult.bare.requestsPerSecond),
      members_search_ratio: round2(searchResult.ratio),
      members_search_product_p50_ms: round1(searchResult.product.p50Ms),
      members_search_product_p99_ms: round1(searchResult.product.p99Ms),
      members_search_bare_p50_ms: round1(searchResult.bare.p50Ms),
      members_search_bare_p99_ms: round1(searchResult.bare.p99Ms),
      members_search_cpu_ms: round2(searchResult.product.cpuMsPerRequest),
      members_search_bare_cpu_ms: round2(searchResult.bare.cpuMsPerRequest),
      members_search_statements: searchStatements,
      members_search_errors_count: searchResult.product.errors + searchResult.bare.errors,
      members_set_roles_product_requests_per_s: round1(setRolesResult.product.requestsPerSecond),
      members_set_roles_bare_requests_per_s: round1(setRolesResult.bare.requestsPerSecond),
      members_set_roles_ratio: round2(setRolesResult.ratio),
      members_set_roles_product_p50_ms: round1(setRolesResult.product.p50Ms),
      members_set_roles_product_p99_ms: round1(setRolesResult.product.p99Ms),
      members_set_roles_bare_p50_ms: round1(setRolesResult.bare.p50Ms),
      members_set_roles_bare_p99_ms: round1(setRolesResult.bare.p99Ms),
      members_set_roles_cpu_ms: round2(setRolesResult.product.cpuMsPerRequest),
      members_set_roles_bare_cpu_ms: round2(setRolesResult.bare.cpuMsPerRequest),
      members_set_roles_statements: setRolesStatements,
      members_set_roles_errors_count: setRolesResult.product.errors + setRolesResult.bare.errors,
      members_page_cpu_ms: round2(members.cpuMsPerRequest),
      members_page_html_kb: round1(members.bytesPerResponse / 1024),
      members_page_per_s: round1(members.requestsPerSecond),
      members_page_p50_ms: round1(members.p50Ms),
      members_page_statements: pageStatements.members ?? 0,
      members_page_first_seconds_cpu_ms: round2(membersFirstSeconds.cpuMsPerRequest),
    };
    for (const page of pages.filter((p) => p !== "members")) {
      const key = page.replace(/\W+/g, "_");
      const r = pageResults[page] ?? emptyResult();
      figures[`${key}_page_cpu_ms`] = round2(r.cpuMsPerRequest);
      figures[`${key}_page_html_kb`] = round1(r.bytesPerResponse / 1024);
      figures[`${key}_page_statements`] = pageStatements[page] ?? 0;
    }
    figures.machine_load_1min_count = round2(uptimeAfter[0] ?? 0);
    const targets = {
      members_search_ratio: { min: 0.9 },
      members_search_statements: { max: 3 },
      members_search_cpu_ms: { max: 2 },
      members_page_cpu_ms: { max: 7 },
      members_page_html_kb: { max: 50 },
      members_search_errors_count: { max: 0 },
      members_set_roles_errors_count: { max: 0 },
    };
    console.log(JSON.stringify({ figures, targets }));
  } finally {
    for (const s of started) await s.stop().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
    await database.release();
  }
}

function emptyResult(): LoadResult {
  return { requests: 0, errors: 0, errorSample: null, requestsPerSecond: 0, p50Ms: 0, p99Ms: 0, cpuMsPerRequest: 0, bytesPerResponse: 0 };
}

/** The round with the median throughput (its figures belong together). */
function median(results: LoadResult[]): LoadResult {
  const sorted = [...results].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor(sorted.length / 2)] as LoadResult;
}

/** The bare server serves each plan key at /<key>. */
function bareServerPlans(keyed: Record<string, Plan[]>, planFile: string): void {
  const byPath: Record<string, Plan[]> = {};
  for (const [key, plan] of Object.entries(keyed)) byPath[`/${key}`] = plan;
  writeFileSync(planFile, JSON.stringify(byPath));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
