/**
 * `npm run bench:pages`: what the list pages cost to send and to render.
 *
 * On a throwaway database seeded with the demo workspace, it starts the
 * production build (as `npm start` runs it), signs in as the demo Owner
 * through the sign-in form, and for each list page: the HTML bytes, the
 * bytes of the page's own loader data (the `?_data=` answer the browser
 * fetches on a revalidation, and which the HTML carries for hydration), and
 * the server's CPU ms per render over N sequential renders.
 *
 * Environment: DATABASE_URL (a server to make the throwaway database on;
 * else an embedded PostgreSQL), BENCH_RENDERS (40). The last line is the
 * JSON summary.
 */
import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createDatabase } from "#db/client";
import { freePort } from "#db/embedded";
import { demo, demoEmail } from "../../seeds/demo";
import { processCpuMs } from "../overhead/load";
import { openThrowawayDatabase } from "../throwawayDatabase";
import { buildIfNeeded, productEnv, round1, round2, seedDemoDatabase } from "../build";

const renders = Number(process.env.BENCH_RENDERS ?? 40);
const slug = demo.workspaceSlug;

/** Each list page and the route id of its own loader. */
const pages: { name: string; path: string; routeId: string }[] = [
  { name: "requests", path: `/w/${slug}/settings/requests`, routeId: "routes/w.$slug.settings.requests" },
  { name: "my_requests", path: `/w/${slug}/requests`, routeId: "routes/w.$slug.requests" },
  { name: "audit", path: `/w/${slug}/settings/audit`, routeId: "routes/w.$slug.settings.audit" },
  { name: "roles", path: `/w/${slug}/roles`, routeId: "routes/w.$slug.roles" },
  { name: "invite_links", path: `/w/${slug}/settings/invite-links`, routeId: "routes/w.$slug.settings.invite-links" },
  { name: "domains", path: `/w/${slug}/settings/domains`, routeId: "routes/w.$slug.settings.domains" },
];

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  bytes: number;
}

function send(port: number, pathname: string, method: "GET" | "POST", headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: pathname, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const all = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: all.toString("utf8"), bytes: all.length });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function startProduct(databaseUrl: string): Promise<{ child: ChildProcess; pid: number; port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join("server", "start.mjs")], {
    env: productEnv(port, databaseUrl, { LOG_LEVEL: "warn" }),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await send(port, "/healthz", "GET", {}).then(
      (a) => a.status < 500,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null) throw new Error(`the product exited during start:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the product did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    pid: child.pid as number,
    port,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Signs in through the form, as a person would; returns the session cookie. */
async function signIn(port: number): Promise<string> {
  const form = new URLSearchParams({ email: demoEmail("olivia"), password: demo.password, redirectTo: "" }).toString();
  const answer = await send(port, "/sign-in", "POST", { "content-type": "application/x-www-form-urlencoded", origin: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}` }, form);
  const cookies = ([] as string[]).concat(answer.headers["set-cookie"] ?? []);
  const session = cookies.map((c) => c.split(";")[0] ?? "").find((c) => c.startsWith("ta_session="));
  if (!session) throw new Error(`sign-in answered ${answer.status} without a session cookie: ${answer.body.slice(0, 300)}`);
  return session;
}

async function main(): Promise<void> {
  buildIfNeeded();
  const database = await openThrowawayDatabase("ta_pages");
  let product: Awaited<ReturnType<typeof startProduct>> | null = null;
  try {
    const handle = createDatabase(database.url, { max: 4 });
    const seeded = await seedDemoDatabase(handle.db);
    await handle.close();

    product = await startProduct(database.url);
    const cookie = await signIn(product.port);
    const figures: Record<string, number> = {};
    for (const page of pages) {
      const get = (p: string) => send((product as { port: number }).port, p, "GET", { cookie });
      // Warm-up (the first render compiles the route's code paths).
      for (let i = 0; i < 5; i += 1) await get(page.path);
      const html = await get(page.path);
      if (html.status !== 200) throw new Error(`${page.path}: ${html.status} ${html.body.slice(0, 300)}`);
      const data = await get(`${page.path}${page.path.includes("?") ? "&" : "?"}_data=${encodeURIComponent(page.routeId)}`);
      if (data.status !== 200) throw new Error(`${page.path} _data: ${data.status} ${data.body.slice(0, 300)}`);
      const cpuBefore = processCpuMs(product.pid);
      for (let i = 0; i < renders; i += 1) await get(page.path);
      const cpuMs = (processCpuMs(product.pid) - cpuBefore) / renders;
      figures[`${page.name}_html_bytes`] = html.bytes;
      figures[`${page.name}_loader_data_bytes`] = data.bytes;
      figures[`${page.name}_cpu_ms_per_render`] = round2(cpuMs);
      console.log(`${page.path}: ${(html.bytes / 1024).toFixed(1)} KB HTML, ${(data.bytes / 1024).toFixed(1)} KB loader data, ${cpuMs.toFixed(2)} ms CPU per render (${renders} renders)`);
    }
    // The workspace layout's loader data rides along with every page above.
    const layout = await send(product.port, `/w/${slug}/roles?_data=${encodeURIComponent("routes/w.$slug")}`, "GET", { cookie });
    figures.layout_loader_data_bytes = layout.bytes;
    console.log(`workspace layout: ${(layout.bytes / 1024).toFixed(1)} KB loader data on every page`);
    figures.machine_load_1min_count = round2(os.loadavg()[0] ?? 0);
    figures.renders_count = renders;
    console.log(`machine load (1 min average) ${round1(os.loadavg()[0] ?? 0)}; ${os.cpus().length} cores`);
    console.log(JSON.stringify({ figures, targets: {} }));
  } finally {
    await product?.stop().catch(() => undefined);
    await database.release();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
