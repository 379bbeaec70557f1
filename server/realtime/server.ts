/**
 * Socket.IO on the app's own HTTP server. A socket is accepted only from the
 * app's origin and with a valid session cookie; it then sits in rooms for
 * its user, its session, each workspace it belongs to and each workspace
 * permission it holds there. Events are emitted to rooms only, so the
 * audience filter is the room itself.
 */
import type http from "node:http";
import type { Duplex } from "node:stream";
import { type Kysely, sql } from "kysely";
import { Server, type Socket } from "socket.io";
import { z } from "zod";
import type { Database } from "#db/schema";
import type { Auth } from "../auth/sessions";
import type { Logger } from "../log";
import type { Scheduler } from "../scheduler";
import { type WorkspacePermission, workspacePermissions } from "#shared/permissions/catalogue";
import { effectivePermissionsSql } from "../permissions/resolve";
import { isAllowedOrigin, requestOrigin } from "../http/security";
import { type Audience, type ClientToServerEvents, type RealtimeMessage, rooms, type ServerToClientEvents } from "#shared/realtime/events";
import { broadcastCommit, flushSockets } from "./broadcast";
import { coalesceWrites } from "./coalesce";
import type { RealtimeBatch, RealtimePublisher } from "./publisher";

export interface SocketData {
  userId: string;
  sessionId: string;
}

/**
 * Between server processes (through the adapter), in the order they were
 * published: a user's sockets must keep only these workspace rooms; a
 * commit's room changes and events, in one message.
 */
export interface InterServerEvents {
  "rooms:keep": (userId: string, wantedRooms: string[]) => void;
  "realtime:batch": (batch: ClusterBatch) => void;
}
const roomsKeepMessage = z.tuple([z.string(), z.array(z.string())]);

/**
 * What one commit asks of the other processes, applied there in one turn:
 * the room changes first, then each event to its rooms (so the events leave
 * in one write per socket, as on the committing process, and a removed
 * member's socket has left before the removal's own event is sent).
 */
export interface ClusterBatch {
  keep: Array<[userId: string, wantedRooms: string[]]>;
  events: Array<{ rooms: string[]; message: RealtimeMessage }>;
}
const clusterBatchMessage = z.tuple([
  z.object({
    keep: z.array(z.tuple([z.string(), z.array(z.string())])),
    // The events are this application's own, raised by a service on another process; only their shape is checked here.
    events: z.array(z.object({ rooms: z.array(z.string()), message: z.object({ type: z.string() }).passthrough() })),
  }),
]);
/** NOTIFY carries at most 8,000 bytes; above that the adapter stores the message in a table and every process reads it back. */
const clusterBatchMaxBytes = 6_000;

/** One commit's batch in as few messages as fit in a NOTIFY each, in order. */
export function splitClusterBatch(batch: ClusterBatch, maxBytes = clusterBatchMaxBytes): ClusterBatch[] {
  const parts: ClusterBatch[] = [];
  let current: ClusterBatch = { keep: [], events: [] };
  let size = 0;
  const add = (bytes: number, put: (part: ClusterBatch) => void) => {
    if (size > 0 && size + bytes > maxBytes) {
      parts.push(current);
      current = { keep: [], events: [] };
      size = 0;
    }
    put(current);
    size += bytes;
  };
  for (const keep of batch.keep) add(Buffer.byteLength(JSON.stringify(keep)), (part) => part.keep.push(keep));
  for (const event of batch.events) add(Buffer.byteLength(JSON.stringify(event)), (part) => part.events.push(event));
  if (size > 0) parts.push(current);
  return parts;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const workspacePermissionSet: ReadonlySet<string> = new Set(workspacePermissions);

/** The workspace rooms a user belongs in right now. */
export async function workspaceRoomsFor(db: Kysely<Database>, userId: string): Promise<Set<string>> {
  const result = await sql<{ workspace_id: string; permissions: Record<string, string> | null }>`
    select m.workspace_id, ${effectivePermissionsSql(sql.ref("m.id"))} as permissions
    from memberships m
    where m.user_id = ${userId} and m.status = 'active'
  `.execute(db);
  const joined = new Set<string>();
  for (const row of result.rows) {
    joined.add(rooms.workspace(row.workspace_id));
    for (const permission of Object.keys(row.permissions ?? {})) {
      if (workspacePermissionSet.has(permission)) {
        joined.add(rooms.workspacePermission(row.workspace_id, permission as WorkspacePermission));
      }
    }
  }
  return joined;
}

function roomsOf(audience: Audience): string[] {
  if (audience.kind === "users") return audience.userIds.map(rooms.user);
  if (audience.kind === "sessions") return audience.sessionIds.map(rooms.session);
  return [audience.permission ? rooms.workspacePermission(audience.workspaceId, audience.permission) : rooms.workspace(audience.workspaceId)];
}

export interface RealtimeOptions {
  db: Kysely<Database>;
  auth: Auth;
  allowedOrigins: ReadonlySet<string>;
  log: Logger;
  /** How often open sockets' sessions are checked (an expired session's sockets are closed). */
  sessionCheckMs: number;
  /** Other server processes share events through an adapter (see adapter.ts). */
  clustered: boolean;
  /** Runs the periodic session check. */
  scheduler: Scheduler;
}

export interface Realtime {
  io: RealtimeServer;
  publisher: RealtimePublisher;
  /** Closes the sockets whose session has ended or expired; runs every `sessionCheckMs`. */
  closeEndedSessions(): Promise<number>;
  /** Stops the periodic session check (call on shutdown); resolves when a check in progress is over. */
  stop(): Promise<void>;
}

export function attachRealtime(httpServer: http.Server, options: RealtimeOptions): Realtime {
  const io: RealtimeServer = new Server(httpServer, {
    path: "/socket.io",
    // Websocket only: no long-polling, so no sticky sessions behind a load balancer.
    transports: ["websocket"],
    serveClient: false,
    allowRequest: (req, callback) => {
      // The handshake is a state-changing request like any other: same origin only.
      callback(null, isAllowedOrigin(options.allowedOrigins, requestOrigin(req.headers)));
    },
  });

  refuseForeignUpgrades(httpServer, options.allowedOrigins);
  // Several events to one socket in one turn (a commit's batch) leave in one write (see coalesce.ts).
  io.engine.on("connection", coalesceWrites);

  // Authenticate and join rooms before the client sees "connect", so an
  // event published right after connecting is never missed.
  io.use(async (socket: AppSocket, next) => {
    try {
      const token = options.auth.readSessionCookie(socket.request.headers.cookie ?? "");
      if (!token) return next(new Error("NOT_SIGNED_IN"));
      const { session, user } = await options.auth.validateSession(token);
      if (!session || !user) return next(new Error("NOT_SIGNED_IN"));
      socket.data.userId = user.id;
      socket.data.sessionId = session.id;
      // Its user's room first: from here on, a refresh of this user's rooms reaches this socket too.
      await socket.join([rooms.user(user.id), rooms.session(session.id)]);
      await socket.join([...(await workspaceRoomsFor(options.db, user.id))]);
      // Joined, then read again: a removal or demotion that committed between the first read and the
      // join (and whose own refresh ran before the socket held those rooms) takes them away here.
      // Only ever leaving, so this can't undo a refresh that ran meanwhile.
      leaveAllBut(socket.id, await workspaceRoomsFor(options.db, user.id));
      next();
    } catch (error) {
      options.log.warn("socket authentication failed", { error });
      next(new Error("TEMPORARILY_UNAVAILABLE"));
    }
  });

  /**
   * Rooms are changed through the adapter by socket id, so a socket still in
   * its handshake (not yet among the namespace's sockets) is moved as well.
   */
  function leaveAllBut(socketId: string, wanted: ReadonlySet<string>): void {
    const adapter = io.of("/").adapter;
    // What was published before this change and still waits for the socket goes out first (broadcast.ts).
    flushSockets(io, [socketId]);
    for (const room of [...(adapter.sids.get(socketId) ?? [])]) if (room.startsWith("ws:") && !wanted.has(room)) void adapter.del(socketId, room);
  }

  /** This process's sockets of the user move to exactly these workspace rooms. */
  function keepRooms(userId: string, wanted: ReadonlySet<string>): void {
    const adapter = io.of("/").adapter;
    for (const socketId of [...(adapter.rooms.get(rooms.user(userId)) ?? [])]) {
      leaveAllBut(socketId, wanted);
      if (wanted.size > 0) void adapter.addAll(socketId, new Set(wanted));
    }
  }

  if (options.clustered) {
    // Kept for a process of the previous version during a rolling deploy.
    io.on("rooms:keep", (...args: unknown[]) => {
      const parsed = roomsKeepMessage.safeParse(args);
      if (!parsed.success) return options.log.warn("ignored a malformed room change from another process");
      const [userId, wanted] = parsed.data;
      keepRooms(userId, new Set(wanted));
    });
    io.on("realtime:batch", (...args: unknown[]) => {
      const parsed = clusterBatchMessage.safeParse(args);
      if (!parsed.success) return options.log.warn("ignored a malformed realtime batch from another process");
      const [batch] = parsed.data;
      for (const [userId, wanted] of batch.keep) keepRooms(userId, new Set(wanted));
      broadcastCommit(
        io,
        batch.events.map((event) => ({ rooms: event.rooms, message: event.message as RealtimeMessage })),
      );
    });
  }

  /**
   * Puts this process's sockets of the user in exactly the workspace rooms
   * their access now calls for, and returns that list for the other
   * processes (see publish).
   */
  async function refreshUser(userId: string): Promise<[string, string[]] | null> {
    // One process and none of the user's sockets here (the common case for a new member): nothing to do.
    if (!options.clustered && !io.of("/").adapter.rooms.has(rooms.user(userId))) return null;
    const wanted = await workspaceRoomsFor(options.db, userId);
    keepRooms(userId, wanted);
    return [userId, [...wanted]];
  }

  const publisher: RealtimePublisher = {
    async publish(batch: RealtimeBatch) {
      for (const sessionId of batch.endSessionIds) {
        flushSockets(io, io.of("/").adapter.rooms.get(rooms.session(sessionId)) ?? []);
        io.in(rooms.session(sessionId)).disconnectSockets(true);
      }
      const refreshed = await Promise.all(
        batch.refreshUserIds.map((userId) =>
          refreshUser(userId).catch((error: unknown) => {
            options.log.warn("socket room refresh failed", { error, userId });
            return null;
          }),
        ),
      );
      const events = batch.events.map(({ audience, message }) => ({ rooms: roomsOf(audience), message })).filter((event) => event.rooms.length > 0);
      // Here: to this process's sockets, in this turn, each event encoded once (broadcast.ts).
      broadcastCommit(io, events);
      // Elsewhere: the whole commit in one NOTIFY (or a few, if large), sent after the
      // disconnections above through the adapter's single publishing connection, so
      // every process applies them in that order and before any later commit's.
      if (options.clustered) {
        const keep = refreshed.filter((entry): entry is [string, string[]] => entry !== null);
        for (const part of splitClusterBatch({ keep, events })) io.serverSideEmit("realtime:batch", part);
      }
    },
  };

  let checking = false;
  async function closeEndedSessions(): Promise<number> {
    if (checking) return 0;
    checking = true;
    try {
      // Only this process's sockets: every process checks its own.
      const sockets = [...io.of("/").sockets.values()];
      const live = await options.auth.liveSessionIds([...new Set(sockets.map((s) => s.data.sessionId))]);
      let closed = 0;
      for (const socket of sockets) {
        if (!live.has(socket.data.sessionId)) {
          flushSockets(io, [socket.id]);
          socket.disconnect(true);
          closed += 1;
        }
      }
      return closed;
    } finally {
      checking = false;
    }
  }
  const sessionCheck = options.scheduler.every("socket session check", options.sessionCheckMs, closeEndedSessions);

  return { io, publisher, closeEndedSessions, stop: () => sessionCheck.stop() };
}

/**
 * engine.io answers a refused websocket upgrade with 400; a handshake from
 * another origin is a forbidden request and gets 403 like any other. Runs
 * before engine.io's own upgrade handling (which stays as it is for the rest).
 */
function refuseForeignUpgrades(httpServer: http.Server, allowedOrigins: ReadonlySet<string>): void {
  const engineListeners = httpServer.listeners("upgrade") as Array<(req: http.IncomingMessage, socket: Duplex, head: Buffer) => void>;
  httpServer.removeAllListeners("upgrade");
  httpServer.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const isRealtime = (req.url ?? "").startsWith("/socket.io/");
    if (isRealtime && !isAllowedOrigin(allowedOrigins, requestOrigin(req.headers))) {
      const body = "Live updates are only available to the app's own pages.";
      socket.on("error", () => undefined);
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      return;
    }
    for (const listener of engineListeners) listener.call(httpServer, req, socket, head);
  });
}
