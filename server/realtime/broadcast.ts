/**
 * A commit's events to this process's sockets in their rooms: each event is
 * encoded once (Socket.IO packet, engine.io packet and WebSocket frame), and
 * every socket that gets the same events gets the very same bytes, handed to
 * its TCP stream in one `write` (decision 43).
 *
 * Socket.IO's own room broadcast encodes once too, but then walks each
 * socket through engine.io's write buffer, flush, the transport and `ws`'s
 * Sender (a packet object, events, two stream writes and callbacks per frame
 * per socket): at 10,000 sockets that was most of the server's CPU per event
 * after the system call itself.
 *
 * A socket takes the direct write only when nothing of its own is waiting
 * ahead of it: engine.io open on a websocket with an empty write buffer,
 * that websocket open with no compression and nothing queued in its Sender.
 * Everything engine.io already handed over sits in the same TCP stream
 * before these bytes, and whatever it queues later goes after them, so the
 * order of frames on the wire is the order they were sent. Any other socket
 * (long-polling, a write buffered behind a slow reader, closing) gets the
 * same packets through engine.io, in order, as Socket.IO would send them.
 *
 * engine.io and `ws` have no public hook for this; the shapes used are
 * checked per socket, and a socket without them takes the engine.io path.
 */
import type { RealtimeMessage } from "#shared/realtime/events";
import type { RealtimeServer } from "./server";

export interface RoomEvent {
  rooms: string[];
  message: RealtimeMessage;
}

/** The parts of an engine.io connection, its transport and the `ws` socket underneath that this reads. */
interface EngineConnection {
  readyState?: unknown;
  writeBuffer?: unknown[];
  transport?: {
    name?: unknown;
    writable?: unknown;
    perMessageDeflate?: unknown;
    socket?: { readyState?: unknown; _sender?: { _queue?: unknown[] }; _socket?: TcpStream };
  };
}

interface TcpStream {
  writable?: unknown;
  destroyed?: unknown;
  write(chunk: Buffer): boolean;
}

/** What Socket.IO's client object exposes for writing already-encoded packets. */
interface SocketClient {
  writeToEngine(encodedPackets: string[], options: { preEncoded: true; wsPreEncodedFrame?: Buffer[] }): void;
}

const wsOpen = 1;
/** Socket.IO's EVENT packet type, and engine.io's "message" packet type in front of it. */
const socketIoEvent = 2;
const engineMessage = "4";

/** An unmasked, final WebSocket text frame (RFC 6455 section 5.2): what a server sends. */
function textFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, headerLength);
  return frame;
}

/** The TCP stream to write this socket's frames to directly, or null when it must go through engine.io. */
function directStream(connection: EngineConnection): TcpStream | null {
  if (connection.readyState !== "open" || connection.writeBuffer?.length !== 0) return null;
  const transport = connection.transport;
  if (transport?.name !== "websocket" || transport.writable !== true || transport.perMessageDeflate) return null;
  const ws = transport.socket;
  if (ws?.readyState !== wsOpen || ws._sender?._queue?.length !== 0) return null;
  const tcp = ws._socket;
  if (!tcp || tcp.writable !== true || tcp.destroyed === true || typeof tcp.write !== "function") return null;
  return tcp;
}

/** Sends each event to this process's sockets in its rooms (a socket in several of an event's rooms gets it once). */
export function broadcastCommit(io: RealtimeServer, events: readonly RoomEvent[]): void {
  if (events.length === 0) return;
  const namespace = io.of("/");
  const roomMembers = namespace.adapter.rooms;

  // Per socket: the events it gets, as a key ("0,1,") naming them in order.
  const eventsOf = new Map<string, string>();
  for (const [index, event] of events.entries()) {
    const mark = `${index},`;
    for (const room of event.rooms) {
      const members = roomMembers.get(room);
      if (!members) continue;
      for (const socketId of members) {
        const before = eventsOf.get(socketId);
        if (before === undefined) eventsOf.set(socketId, mark);
        else if (before !== mark && !before.endsWith(`,${mark}`)) eventsOf.set(socketId, before + mark);
      }
    }
  }
  if (eventsOf.size === 0) return;

  const encoded = events.map(({ message }) => {
    const [packet] = io.encoder.encode({ type: socketIoEvent, nsp: "/", data: [message.type, message] }) as string[];
    const text = packet ?? "";
    return { text, frame: textFrame(Buffer.from(engineMessage + text)) };
  });
  // Every socket with the same events shares one buffer.
  const bytesFor = new Map<string, Buffer>();
  const framesOf = (key: string): Buffer => {
    let bytes = bytesFor.get(key);
    if (!bytes) {
      const frames = key
        .slice(0, -1)
        .split(",")
        .map((i) => encoded[Number(i)]?.frame ?? Buffer.alloc(0));
      bytes = frames.length === 1 && frames[0] ? frames[0] : Buffer.concat(frames);
      bytesFor.set(key, bytes);
    }
    return bytes;
  };

  for (const [socketId, key] of eventsOf) {
    // Sockets still in their handshake are in rooms but not yet among the namespace's: as with Socket.IO, they get nothing.
    const socket = namespace.sockets.get(socketId);
    if (!socket) continue;
    const tcp = directStream(socket.conn as unknown as EngineConnection);
    if (tcp) {
      tcp.write(framesOf(key));
      continue;
    }
    const client = socket.client as unknown as SocketClient;
    for (const i of key.slice(0, -1).split(",")) {
      const event = encoded[Number(i)];
      if (event) client.writeToEngine([event.text], { preEncoded: true, wsPreEncodedFrame: [event.frame] });
    }
  }
}
