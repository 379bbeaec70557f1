/**
 * The floor under the realtime figures: a bare `node:net` server in the
 * bench's process that speaks just enough WebSocket, engine.io and
 * Socket.IO for the same light clients (bench/realtime/wire.ts) to connect,
 * and then, for each "accept", writes the same two event frames an accept
 * sends (`invitation.changed` accepted, `member.changed` joined, real-sized
 * ids and times) to every socket: one write per socket, in one synchronous
 * loop, no sessions, no rooms, no database. What the product's one-process
 * phase costs above this is what the product itself adds; what this costs is
 * what the machine (its loopback writes, its clients) costs at that many
 * sockets (decision 51).
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import net from "node:net";

export interface BareFanout {
  url: string;
  origin: string;
  /** Writes one accept's frames (its invitation's id given) to every connected socket; returns the wall-clock instant the writing began. */
  publish(invitationId: string): number;
  close(): Promise<void>;
}

const webSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** An unmasked server text frame (engine.io never fragments). */
function serverTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const header = payload.length < 126 ? Buffer.from([0x81, payload.length]) : Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([header, payload]);
}

function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

export async function startBareFanout(): Promise<BareFanout> {
  const sockets = new Set<net.Socket>();
  const workspaceId = randomUUID();
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    let head = "";
    let state: "upgrade" | "opened" | "connected" = "upgrade";
    socket.on("data", (chunk: Buffer) => {
      if (state === "upgrade") {
        head += chunk.toString("latin1");
        if (!head.includes("\r\n\r\n")) return;
        const key = /sec-websocket-key:\s*(\S+)/i.exec(head)?.[1] ?? "";
        const accept = createHash("sha1")
          .update(key + webSocketGuid)
          .digest("base64");
        socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
        socket.write(serverTextFrame(`0${JSON.stringify({ sid: randomBytes(15).toString("base64url"), upgrades: [], pingInterval: 25_000, pingTimeout: 20_000, maxPayload: 1_000_000 })}`));
        state = "opened";
      } else if (state === "opened") {
        // The client's Socket.IO connect ("40"): accept it.
        socket.write(serverTextFrame(`40${JSON.stringify({ sid: randomBytes(15).toString("base64url") })}`));
        state = "connected";
        sockets.add(socket);
      }
    });
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the bare fan-out server has no port");
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    url: origin,
    origin,
    publish(invitationId) {
      const at = new Date().toISOString();
      const invitation = { type: "invitation.changed", change: "accepted", workspaceId, invitationId, at };
      const member = { type: "member.changed", change: "joined", workspaceId, membershipId: randomUUID(), at };
      const bytes = Buffer.concat([serverTextFrame(`42${JSON.stringify([invitation.type, invitation])}`), serverTextFrame(`42${JSON.stringify([member.type, member])}`)]);
      const startedAt = wallClockMs();
      for (const socket of sockets) socket.write(bytes);
      return startedAt;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
