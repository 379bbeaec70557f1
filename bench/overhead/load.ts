/**
 * A small autocannon-like loop: `connections` keep-alive connections, each
 * sending its next request as soon as the previous answer is read, for a
 * fixed time. Server CPU is read from /proc/<pid>/stat around the run.
 */
import { readFileSync } from "node:fs";
import http from "node:http";

export interface LoadRequest {
  path: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  errorSample: string | null;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRequest: number;
  bytesPerResponse: number;
}

const ticksPerSecond = 100; // USER_HZ on Linux

/** utime + stime of a process, in ms. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After the command: state is field 3, utime 14, stime 15 (1-based over the whole line).
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / ticksPerSecond;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

function send(agent: http.Agent, port: number, request: LoadRequest): Promise<{ status: number; bytes: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: request.path, method: request.method, headers: request.headers, agent }, (res) => {
      let bytes = 0;
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if ((res.statusCode ?? 0) >= 400 && chunks.length < 4) chunks.push(chunk);
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes, body: Buffer.concat(chunks).toString("utf8").slice(0, 300) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(request.body);
  });
}

/** Runs the load; `next(worker, i)` names each worker's i-th request. */
export async function runLoad(options: { port: number; pid: number; connections: number; seconds: number; next: (worker: number, i: number) => LoadRequest }): Promise<LoadResult> {
  const agents = Array.from({ length: options.connections }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  const latencies: number[] = [];
  let errors = 0;
  let errorSample: string | null = null;
  let bytes = 0;
  const cpuBefore = processCpuMs(options.pid);
  const started = performance.now();
  const endAt = started + options.seconds * 1000;
  await Promise.all(
    agents.map(async (agent, worker) => {
      for (let i = 0; performance.now() < endAt; i += 1) {
        const t0 = performance.now();
        try {
          const answer = await send(agent, options.port, options.next(worker, i));
          latencies.push(performance.now() - t0);
          bytes += answer.bytes;
          if (answer.status !== 200) {
            errors += 1;
            errorSample ??= `${answer.status} ${answer.body}`;
          }
        } catch (error) {
          errors += 1;
          errorSample ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = processCpuMs(options.pid) - cpuBefore;
  for (const agent of agents) agent.destroy();
  const requests = latencies.length;
  return {
    requests,
    errors,
    errorSample,
    requestsPerSecond: requests / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    cpuMsPerRequest: requests ? cpu / requests : 0,
    bytesPerResponse: requests ? bytes / requests : 0,
  };
}
