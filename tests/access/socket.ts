import { io, type Socket } from "socket.io-client";
import type { RealtimeMessage } from "#shared/realtime/events";

/** A real Socket.IO client with the user's session cookie; records every event it receives. */
export async function connectAs(server: { url: string; origin: string }, cookie: string): Promise<{ socket: Socket; received: RealtimeMessage[] }> {
  const socket = io(server.url, { path: "/socket.io", transports: ["websocket"], extraHeaders: { cookie, origin: server.origin }, reconnection: false });
  const received: RealtimeMessage[] = [];
  socket.onAny((_event: string, message: RealtimeMessage) => received.push(message));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return { socket, received };
}
