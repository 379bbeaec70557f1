/**
 * Real `socket.io-client` connections against a running server, as a
 * browser tab would make them: websocket only, the app's Origin and the
 * session cookie. Each connection keeps every event it receives, so a test
 * can wait for one, or prove that none came.
 */
import { io as connect, type Socket } from "socket.io-client";
import type { RealtimeMessage, RealtimeMessageType } from "#shared/realtime/events";
import type { RealtimeServer } from "#server/realtime/server";

export interface ReceivedEvent {
  type: string;
  message: RealtimeMessage;
  /** Wall-clock time of receipt (ms, sub-millisecond precision). */
  receivedAt: number;
}

export interface LiveSocket {
  socket: Socket;
  /** The server-side socket id (the same on both ends in Socket.IO 4). */
  id: string;
  events: ReceivedEvent[];
  /** Resolves with the first event (already received or still to come) matching, or rejects after `timeoutMs`. */
  waitFor<K extends RealtimeMessageType>(type: K, match?: (message: Extract<RealtimeMessage, { type: K }>) => boolean, timeoutMs?: number): Promise<Extract<RealtimeMessage, { type: K }>>;
  /** Resolves when the server closes this socket, or rejects after `timeoutMs`. */
  waitForDisconnect(timeoutMs?: number): Promise<string>;
  close(): void;
}

export interface ConnectOptions {
  /** Origin header; the app's own by default. */
  origin?: string;
  /** Cookie header (`ta_session=…`), or none. */
  cookie?: string | null;
  timeoutMs?: number;
}

export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

export class SocketRefused extends Error {
  constructor(
    message: string,
    readonly description: unknown,
  ) {
    super(message);
  }
}

const barrierEvent = "test:barrier";

/** Connects and waits for the handshake; rejects with SocketRefused (message = the server's reason) if refused. */
export function connectSocket(server: { url: string; origin: string }, options: ConnectOptions = {}): Promise<LiveSocket> {
  const headers: Record<string, string> = { origin: options.origin ?? server.origin };
  if (options.cookie) headers.cookie = options.cookie;
  const socket = connect(server.url, {
    path: "/socket.io",
    transports: ["websocket"],
    extraHeaders: headers,
    reconnection: false,
    forceNew: true,
    timeout: options.timeoutMs ?? 5_000,
  });
  const events: ReceivedEvent[] = [];
  const waiters = new Set<() => void>();
  let disconnectReason: string | null = null;
  socket.on("disconnect", (reason) => {
    disconnectReason = reason;
  });
  socket.onAny((type: string, message: RealtimeMessage) => {
    if (type === barrierEvent) return;
    events.push({ type, message, receivedAt: wallClockMs() });
    for (const wake of waiters) wake();
  });

  const live: LiveSocket = {
    socket,
    id: "",
    events,
    waitFor(type, match, timeoutMs = 5_000) {
      type Wanted = Extract<RealtimeMessage, { type: typeof type }>;
      const find = () => events.find((e) => e.type === type && (!match || match(e.message as Wanted)))?.message as Wanted | undefined;
      return new Promise((resolve, reject) => {
        const found = find();
        if (found) return resolve(found);
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No "${type}" event arrived within ${timeoutMs} ms; received: ${JSON.stringify(events.map((e) => e.message))}`));
        }, timeoutMs);
        const check = () => {
          const hit = find();
          if (!hit) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(hit);
        };
        waiters.add(check);
      });
    },
    waitForDisconnect(timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        if (disconnectReason) return resolve(disconnectReason);
        const timer = setTimeout(() => reject(new Error(`The socket was still connected after ${timeoutMs} ms`)), timeoutMs);
        socket.once("disconnect", (reason) => {
          clearTimeout(timer);
          resolve(reason);
        });
      });
    },
    close() {
      socket.removeAllListeners();
      socket.disconnect();
    },
  };

  return new Promise((resolve, reject) => {
    socket.once("connect", () => {
      socket.off("connect_error");
      live.id = socket.id ?? "";
      resolve(live);
    });
    socket.once("connect_error", (error: Error & { description?: unknown }) => {
      socket.removeAllListeners();
      socket.disconnect();
      reject(new SocketRefused(error.message, error.description));
    });
  });
}

/**
 * Proves that no matching event reached these sockets. With the server at
 * hand, a marker is sent to each socket after everything already emitted
 * (Socket.IO keeps order per socket), so once the markers arrive nothing
 * earlier can still be on its way; otherwise it waits `waitMs` (bounded).
 */
export async function expectNoEvent(sockets: LiveSocket[], options: { server?: { io: RealtimeServer }; waitMs?: number; match?: (event: ReceivedEvent) => boolean } = {}): Promise<void> {
  if (options.server) {
    await barrier(options.server, sockets);
  } else {
    await new Promise((r) => setTimeout(r, options.waitMs ?? 500));
  }
  for (const live of sockets) {
    const unexpected = live.events.filter(options.match ?? (() => true));
    if (unexpected.length > 0) {
      throw new Error(`Socket ${live.id} received events it should not have: ${JSON.stringify(unexpected.map((e) => e.message))}`);
    }
  }
}

/** Sends a marker to each connected socket and waits until every one has it. */
export async function barrier(server: { io: RealtimeServer }, sockets: LiveSocket[], timeoutMs = 5_000): Promise<void> {
  const connected = sockets.filter((s) => s.socket.connected);
  const token = Math.random().toString(36).slice(2);
  const arrivals = connected.map(
    (live) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Barrier did not reach socket ${live.id} within ${timeoutMs} ms`)), timeoutMs);
        const onBarrier = (received: string) => {
          if (received !== token) return;
          clearTimeout(timer);
          live.socket.off(barrierEvent, onBarrier);
          resolve();
        };
        live.socket.on(barrierEvent, onBarrier);
      }),
  );
  // The test-only marker is not part of the app's event map.
  const untyped = server.io as unknown as { to(ids: string[]): { emit(event: string, token: string): void } };
  if (connected.length > 0) untyped.to(connected.map((s) => s.id)).emit(barrierEvent, token);
  await Promise.all(arrivals);
}

/** The rooms a socket sits in on the server right now (any process, when an adapter is in use). */
export async function roomsOf(server: { io: RealtimeServer }, live: LiveSocket): Promise<string[]> {
  const [remote] = await server.io.in(live.id).fetchSockets();
  return remote ? [...remote.rooms].sort() : [];
}

/**
 * Records what is handed to the server side's TCP stream of this connection:
 * one entry per write (`_write`: one buffer; `_writev`: the chunks of one
 * vectored write).
 */
export function watchTcpWrites(server: { io: RealtimeServer }, live: LiveSocket): { writes: Array<{ method: "_write" | "_writev"; chunks: unknown[] }> } {
  const serverSocket = server.io.of("/").sockets.get(live.id);
  const tcp = (serverSocket?.conn as unknown as { transport?: { socket?: { _socket?: { _write: unknown; _writev: unknown } } } } | undefined)?.transport?.socket?._socket;
  if (!tcp || typeof tcp._write !== "function" || typeof tcp._writev !== "function") throw new Error("no TCP socket behind this connection");
  const writes: Array<{ method: "_write" | "_writev"; chunks: unknown[] }> = [];
  for (const method of ["_write", "_writev"] as const) {
    const original = tcp[method] as (...args: unknown[]) => unknown;
    tcp[method] = function (this: unknown, ...args: unknown[]) {
      writes.push({ method, chunks: method === "_write" ? [args[0]] : (args[0] as Array<{ chunk: unknown }>).map((entry) => entry.chunk) });
      return original.apply(this, args);
    };
  }
  return { writes };
}

/** Closes every socket given (for afterEach). */
/** Connects and keeps the socket in `open`, the list a test file closes after each test. */
export async function connectKept(open: LiveSocket[], server: { url: string; origin: string }, options: ConnectOptions = {}): Promise<LiveSocket> {
  const live = await connectSocket(server, options);
  open.push(live);
  return live;
}

export function closeAll(sockets: LiveSocket[]): void {
  for (const s of sockets.splice(0)) s.close();
}

/** What a removed person may still hear, in their own room: that they left, and a notification saying so (which belongs to no workspace). */
export function toldOfTheirRemoval(message: RealtimeMessage): boolean {
  return message.type === "workspace.left" || (message.type === "notification.created" && message.workspaceId === null);
}
