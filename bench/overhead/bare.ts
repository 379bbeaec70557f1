/**
 * The bare server of `npm run bench:overhead`: node:http and pg, nothing
 * else. For each path it knows, it runs the statements the product ran for
 * the same request (same text, parameters and order; statements the product
 * ran at the same time run at the same time here, a transaction runs on one
 * connection), then answers the last statement's rows as JSON.
 *
 * Environment: DATABASE_URL, PORT, PLAN_FILE (written by index.ts), DATABASE_POOL_SIZE.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import pg from "pg";
import { type Plan, planSchema } from "./plan";

const plans = planSchema.parse(JSON.parse(readFileSync(process.env.PLAN_FILE ?? "", "utf8")));
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
pool.on("error", () => undefined);
// Alternating plans (a mutation toggled between two states) take turns per path.
const turn = new Map<string, number>();

async function run(plan: Plan): Promise<unknown[]> {
  let last: unknown[] = [];
  for (const step of plan) {
    if (step.kind === "parallel") {
      const results = await Promise.all(step.statements.map((s) => pool.query(s.text, s.values)));
      last = results[results.length - 1]?.rows ?? last;
    } else {
      const client = await pool.connect();
      try {
        for (const s of step.statements) last = (await client.query(s.text, s.values)).rows ?? last;
      } finally {
        client.release();
      }
    }
  }
  return last;
}

const server = http.createServer((req, res) => {
  const path = (req.url ?? "").split("?")[0] ?? "";
  const choices = plans[path];
  req.resume();
  if (!choices || choices.length === 0) {
    res.writeHead(404).end();
    return;
  }
  const n = turn.get(path) ?? 0;
  turn.set(path, n + 1);
  const plan = choices[n % choices.length] as Plan;
  run(plan).then(
    (rows) => {
      const body = JSON.stringify({ result: { data: rows } });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
    },
    (error: unknown) => {
      res.writeHead(500, { "content-type": "text/plain" }).end(error instanceof Error ? error.message : String(error));
    },
  );
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("bare server ready"));
process.on("SIGTERM", () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
