/** The product's server started in the calling process, noting the instant each event is released after COMMIT. */
import { freePort } from "#db/embedded";
import { type RunningServer, startServer } from "#server/app";
import { loadConfig } from "#server/config";
import { createLogger } from "#server/log";
import type { RealtimeMessage } from "#shared/realtime/events";

export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

export function eventKey(message: RealtimeMessage): string {
  const m = message as { type: string; change?: string; invitationId?: string; membershipId?: string };
  return `${m.type}:${m.change ?? ""}:${m.invitationId ?? m.membershipId ?? ""}`;
}

export type InProcessServer = RunningServer & { origin: string; commits: Map<string, number>; publishMs: number[] };

export async function startInProcess(databaseUrl: string, cluster: boolean): Promise<InProcessServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const config = loadConfig(
    {},
    {
      NODE_ENV: "production",
      PORT: port,
      HOST: "127.0.0.1",
      APP_ORIGIN: origin,
      DATABASE_URL: databaseUrl,
      EMAIL_WORKER: "0",
      LOG_LEVEL: "warn",
      CLUSTER: cluster ? "1" : "0",
      DATABASE_POOL_SIZE: 10,
    },
  );
  const server = await startServer({ config, remixBuild: null, log: createLogger("warn") });
  // Note the instant each event is released after COMMIT.
  const commits = new Map<string, number>();
  /** How long handing a batch to Socket.IO took in this process (room refresh + writing to every local socket). */
  const publishMs: number[] = [];
  const publisher = server.deps.realtime;
  server.deps.realtime = {
    async publish(batch) {
      const at = wallClockMs();
      for (const { message } of batch.events) commits.set(eventKey(message), at);
      await publisher.publish(batch);
      publishMs.push(wallClockMs() - at);
    },
  };
  return Object.assign(server, { origin, commits, publishMs });
}
