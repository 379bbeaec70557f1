/**
 * `node --import tsx bench/overhead/ab.ts <other worktree>`: this worktree's
 * product and another's (e.g. main), side by side under the *same* load at
 * the same moment: one throwaway database (the demo workspace), both
 * compiled products started on it, and each round loads both at once with
 * the same request mix (BENCH_CONNECTIONS each, default 5), then reports
 * each one's requests/s and server CPU ms per request. On a shared machine
 * whose load moves by the minute, this compares the two more fairly than
 * two bench:overhead runs one after the other.
 *
 * Environment: DATABASE_URL, BENCH_AB_WARMUP_SECONDS (1), BENCH_AB_NODE_FLAGS (Node flags for this worktree's product), BENCH_ROUNDS (5), BENCH_ROUND_SECONDS (4),
 * BENCH_AB_PARTS (search,setRoles; `page` is a GET of the Members page, 25
 * rows, or of BENCH_AB_PAGE (e.g. settings/audit), as the signed-in Owner: CPU ms per render and HTML KB; `pageHints` the
 * same with a browser's time zone and language cookies). Both worktrees
 * must be built (npm run build).
 */
import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { freePort } from "#db/embedded";
import { demo } from "../../seeds/demo";
import { buildIfNeeded, productEnv, round1, round2, seedDemoWithOwnerSession } from "../build";
import { openThrowawayDatabase } from "../throwawayDatabase";
import { type LoadRequest, type LoadResult, runLoad } from "./load";

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const roundSeconds = Number(process.env.BENCH_ROUND_SECONDS ?? 4);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 5);
// Seconds of load before the measured rounds (a page's render code takes a while to be optimized on a busy machine).
const warmupSeconds = Number(process.env.BENCH_AB_WARMUP_SECONDS ?? 1);
const other = path.resolve(process.argv[2] ?? "");
/** Which workspace page `page` and `pageHints` load (BENCH_AB_PAGE: members, roles, settings/audit, ...). */
const pageName = process.env.BENCH_AB_PAGE ?? "members";

interface Product {
  name: string;
  child: ChildProcess;
  pid: number;
  port: number;
  origin: string;
}

async function start(name: string, cwd: string, databaseUrl: string, nodeFlags: string[] = []): Promise<Product> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...nodeFlags, path.join(cwd, "server", "start.mjs")], {
    cwd,
    env: productEnv(port, databaseUrl, { DATABASE_POOL_SIZE: "10" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.resume();
  let errors = "";
  child.stderr?.on("data", (c: Buffer) => (errors += c.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      http.get(`${origin}/healthz`, { agent: false }, (r) => resolve((r.resume(), (r.statusCode ?? 500) < 500))).on("error", () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${name} did not start: ${errors}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name, child, pid: child.pid as number, port, origin };
}

async function main(): Promise<void> {
  if (!process.argv[2]) throw new Error("usage: ab.ts <other worktree>");
  buildIfNeeded();
  const database = await openThrowawayDatabase("ta_overhead_ab");
  const products: Product[] = [];
  try {
    const { seeded, cookie, roleId } = await seedDemoWithOwnerSession(database.url);
    const people = ["mia", "lucas", "emma", "jack", "chloe", "ben", "yuki", "grace", "daniel", "fatima", "tom", "ines", "kofi"].map((k) => seeded.membershipIds[k] as string);
    const variants = [[roleId("member")], [roleId("member"), roleId("viewer")]];
    const searchPath = `/trpc/members.search?input=${encodeURIComponent(JSON.stringify({ workspaceSlug: demo.workspaceSlug }))}`;
    // Each product toggles its own half of the people, so the two never wait on each other's rows.
    const kinds: Record<string, (p: Product, index: number, worker: number, i: number) => LoadRequest> = {
      search: () => ({ path: searchPath, method: "GET", headers: { cookie } }),
      page: () => ({ path: `/w/${demo.workspaceSlug}/${pageName}`, method: "GET", headers: { cookie } }),
      // The same page for a browser that has reported its zone and language (its two cookies, as every later page sends them).
      pageHints: () => ({ path: `/w/${demo.workspaceSlug}/${pageName}`, method: "GET", headers: { cookie: `${cookie}; ta_tz=Europe/Berlin; ta_locale=de-DE`, "accept-language": "de-DE,de;q=0.9,en;q=0.8" } }),
      setRoles: (p, index, worker, i) => ({
        path: "/trpc/members.setRoles",
        method: "POST",
        headers: { cookie, origin: p.origin, "content-type": "application/json" },
        body: JSON.stringify({ workspaceSlug: demo.workspaceSlug, membershipId: people[(index * 6 + worker) % people.length], roleIds: variants[i % 2], primaryRoleId: roleId("member") }),
      }),
    };
    // BENCH_AB_NODE_FLAGS: e.g. --cpu-prof, for a profile of this worktree's product under the load.
    const flags = (process.env.BENCH_AB_NODE_FLAGS ?? "").split(" ").filter(Boolean);
    products.push(await start("this", process.cwd(), database.url, flags), await start(path.basename(other), other, database.url));
    console.log(`load ${os.loadavg()[0]?.toFixed(2)} at start; ${connections} connections each; ${rounds} rounds of ${roundSeconds} s`);
    for (const part of (process.env.BENCH_AB_PARTS ?? "search,setRoles").split(",")) {
      const next = kinds[part];
      if (!next) throw new Error(`unknown part ${part}`);
      const load = (seconds: number) => Promise.all(products.map((p, index) => runLoad({ port: p.port, pid: p.pid, connections, seconds, next: (w, i) => next(p, index, w, i) })));
      await load(warmupSeconds);
      const all: LoadResult[][] = products.map(() => []);
      for (let r = 0; r < rounds; r += 1) {
        const results = await load(roundSeconds);
        results.forEach((x, k) => all[k]?.push(x));
        console.log(
          `${part} round ${r + 1} (load ${os.loadavg()[0]?.toFixed(2)}): ${results.map((x, k) => `${products[k]?.name} ${x.requestsPerSecond.toFixed(1)}/s cpu ${round2(x.cpuMsPerRequest)} ms/req ${round1(x.bytesPerResponse / 1024)} KB errors ${x.errors}`).join(" | ")}`,
        );
      }
      const total = (rs: LoadResult[]) => {
        const requests = rs.reduce((n, x) => n + x.requests, 0);
        const cpu = rs.reduce((n, x) => n + x.cpuMsPerRequest * x.requests, 0);
        const bytes = rs.reduce((n, x) => n + x.bytesPerResponse * x.requests, 0);
        return { requests, cpu: cpu / requests, kb: bytes / requests / 1024 };
      };
      const summary = all.map((rs, k) => ({ name: products[k]?.name, ...total(rs) }));
      console.log(`${part} over all rounds: ${summary.map((s) => `${s.name} ${s.requests} requests, cpu ${round2(s.cpu)} ms/req, ${round1(s.kb)} KB`).join(" | ")}`);
    }
  } finally {
    for (const p of products) p.child.kill("SIGTERM");
    await database.release();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
