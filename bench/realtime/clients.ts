/**
 * The socket side of the realtime bench, in its own process (so the
 * server's process only does the server's work): opens one authenticated
 * connection per cookie (the light wire client by default, or the real
 * socket.io-client), records when each event arrives at each socket, and
 * reports back to the parent over IPC.
 */
import { io } from "socket.io-client";
import { z } from "zod";
import { openWireSocket, type WireSocket } from "./wire";

const command = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("connect"),
    client: z.enum(["wire", "socket.io"]),
    url: z.string(),
    origin: z.string(),
    cookies: z.array(z.string()),
    concurrency: z.number().int().positive(),
  }),
  z.object({ type: z.literal("report") }),
  z.object({ type: z.literal("count") }),
]);

function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

const sockets: WireSocket[] = [];
/** Receiving is what is measured: CPU is counted from the moment every socket is connected. */
let cpuAtConnected = process.cpuUsage();
/** event key -> receipt times (one per socket that got it) */
const receipts = new Map<string, number[]>();
/** Every event received by every socket so far. */
let received = 0;

// Hot path (one call per event per socket): plain property reads, no schema.
function keyOf(message: unknown): string | null {
  if (typeof message !== "object" || message === null) return null;
  const m = message as { type?: unknown; change?: unknown; invitationId?: unknown; membershipId?: unknown };
  if (typeof m.type !== "string") return null;
  return `${m.type}:${String(m.change ?? "")}:${String(m.invitationId ?? m.membershipId ?? "")}`;
}

function record(_event: string, message: unknown): void {
  const at = wallClockMs();
  const key = keyOf(message);
  if (!key) return;
  let list = receipts.get(key);
  if (!list) receipts.set(key, (list = []));
  list.push(at);
  received += 1;
}

function openSocketIo(url: string, origin: string, cookie: string): Promise<WireSocket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { path: "/socket.io", transports: ["websocket"], extraHeaders: { origin, cookie }, reconnection: false, forceNew: true, timeout: 20_000 });
    socket.onAny(record);
    socket.once("connect", () => resolve({ close: () => socket.disconnect() }));
    socket.once("connect_error", (error) => reject(error));
  });
}

process.on("message", (raw) => {
  const message = command.parse(raw);
  if (message.type === "connect") {
    void (async () => {
      let failed = 0;
      const queue = [...message.cookies];
      const worker = async () => {
        for (let cookie = queue.shift(); cookie; cookie = queue.shift()) {
          try {
            sockets.push(await (message.client === "wire" ? openWireSocket(message.url, message.origin, cookie, record) : openSocketIo(message.url, message.origin, cookie)));
          } catch {
            failed += 1;
          }
        }
      };
      await Promise.all(Array.from({ length: message.concurrency }, worker));
      cpuAtConnected = process.cpuUsage();
      process.send?.({ type: "connected", count: sockets.length, failed });
    })();
  } else if (message.type === "count") {
    process.send?.({ type: "count", received });
  } else {
    const cpu = process.cpuUsage(cpuAtConnected);
    process.send?.({ type: "report", receipts: Object.fromEntries(receipts), cpuMs: (cpu.user + cpu.system) / 1000 }, () => {
      for (const socket of sockets) socket.close();
      process.disconnect();
    });
  }
});
