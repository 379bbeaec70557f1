/**
 * Socket.IO on the app's own HTTP server. A socket is accepted only from the
 * app's origin and with a valid session cookie; it then sits in rooms for
 * its user, its session, each workspace it belongs to and each workspace
 * permission it holds there. Events are emitted to rooms only, so the
 * audience filter is the room itself.
 */
import type http from "node:http";
import { type Kysely, sql } from "kysely";
import { Server, type Socket } from "socket.io";
import type { Database } from "../../db/schema";
import type { Auth } from "../auth/lucia";
import type { Logger } from "../log";
import { type WorkspacePermission, workspacePermissions } from "../permissions/catalogue";
import { effectivePermissionsSql } from "../permissions/resolve";
import { isAllowedOrigin, requestOrigin } from "../http/security";
import { type Audience, type ClientToServerEvents, type RealtimeMessage, rooms, type ServerToClientEvents } from "./events";
import type { RealtimeBatch, RealtimePublisher } from "./publisher";

export interface SocketData {
  userId: string;
  sessionId: string;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

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
  return [audience.permission ? rooms.workspacePermission(audience.workspaceId, audience.permission) : rooms.workspace(audience.workspaceId)];
}

export interface RealtimeOptions {
  db: Kysely<Database>;
  auth: Auth;
  allowedOrigins: ReadonlySet<string>;
  log: Logger;
}

export function attachRealtime(httpServer: http.Server, options: RealtimeOptions): { io: RealtimeServer; publisher: RealtimePublisher } {
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

  // Authenticate and join rooms before the client sees "connect", so an
  // event published right after connecting is never missed.
  io.use(async (socket: AppSocket, next) => {
    try {
      const cookie = socket.request.headers.cookie ?? "";
      const sessionId = options.auth.readSessionCookie(cookie);
      if (!sessionId) return next(new Error("NOT_SIGNED_IN"));
      const { session, user } = await options.auth.validateSession(sessionId);
      if (!session || !user) return next(new Error("NOT_SIGNED_IN"));
      socket.data.userId = user.id;
      socket.data.sessionId = session.id;
      const workspaceRooms = await workspaceRoomsFor(options.db, user.id);
      await socket.join([rooms.user(user.id), rooms.session(session.id), ...workspaceRooms]);
      next();
    } catch (error) {
      options.log.warn("socket authentication failed", { error });
      next(new Error("TEMPORARILY_UNAVAILABLE"));
    }
  });

  async function refreshUser(userId: string): Promise<void> {
    const wanted = await workspaceRoomsFor(options.db, userId);
    // fetchSockets reaches sockets on every process when an adapter is in use.
    const sockets = await io.in(rooms.user(userId)).fetchSockets();
    for (const socket of sockets) {
      for (const room of socket.rooms) {
        if (room.startsWith("ws:") && !wanted.has(room)) socket.leave(room);
      }
      if (wanted.size > 0) socket.join([...wanted]);
    }
  }

  const publisher: RealtimePublisher = {
    async publish(batch: RealtimeBatch) {
      for (const sessionId of batch.endSessionIds) io.in(rooms.session(sessionId)).disconnectSockets(true);
      for (const userId of batch.refreshUserIds) {
        await refreshUser(userId).catch((error: unknown) => options.log.warn("socket room refresh failed", { error, userId }));
      }
      for (const { audience, message } of batch.events) {
        const targets = roomsOf(audience);
        if (targets.length === 0) continue;
        emitTo(io, targets, message);
      }
    },
  };

  return { io, publisher };
}

function emitTo(io: RealtimeServer, targets: string[], message: RealtimeMessage): void {
  // The event map is keyed by message type; the union needs one cast here.
  (io.to(targets) as unknown as { emit(event: string, payload: RealtimeMessage): void }).emit(message.type, message);
}
