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

/** One commit's events (or up to `eventsPerGroup` of them) encoded once: Socket.IO packet text and WebSocket frame each. */
interface Encoded {
  text: string;
  frame: Buffer;
}

/** What one commit sends one group of sockets (those that get the same of its events): shared by all of them. */
interface Chunk {
  /** Numbers the chunks, so sockets waiting for the same chunks share one concatenation. */
  id: number;
  /** The events' WebSocket frames, back to back. */
  bytes: Buffer;
  events: Encoded[];
}

/** One socket's place in the fan-out queue, and the chunks it is still to be written. */
interface Waiting {
  socketId: string;
  /** In publishing order; one chunk (the common case) is kept without an array. */
  chunks: Chunk | Chunk[] | null;
  /** Written (by its turn in the queue, or ahead of it by `flushSockets`): a later commit queues it again, at the back. */
  written: boolean;
  /** While one group of events is queued: which of them this socket gets (bit i: event i), valid when `stamp` is that group's. */
  mask: number;
  stamp: number;
}

/**
 * A process's sockets with events still to be written, in the order they are
 * written (a socket written, if a later commit gives it more, goes to the
 * back). While a socket waits, each new commit's chunk for it is appended to
 * its list, so a socket the fan-out has not reached yet gets several commits
 * in one write.
 *
 * The queue is an array walked by an index, and each socket's entry is found
 * through one map by its id; neither shrinks while the fan-out goes on (a
 * written entry is only marked), both are emptied when the queue is: at
 * 10,000 sockets a commit then costs one map lookup and one small object per
 * socket, instead of a map of masks and a map of waiting sockets each set,
 * read and deleted per socket (decision 53).
 */
interface Fanout {
  queue: Waiting[];
  /** The next entry of `queue` to write. */
  next: number;
  /** Each socket's latest entry in `queue`, by socket id. */
  bySocket: Map<string, Waiting>;
  /** Numbers each group of events queued (see `Waiting.mask`). */
  stamp: number;
  scheduled: boolean;
  nextChunkId: number;
  /** Concatenations of several chunks, by their ids; emptied whenever nothing is waiting (or it grows past 64). */
  joined: Map<string, Buffer>;
}

const fanouts = new WeakMap<RealtimeServer, Fanout>();

function fanoutOf(io: RealtimeServer): Fanout {
  let fanout = fanouts.get(io);
  if (!fanout) {
    fanout = { queue: [], next: 0, bySocket: new Map(), stamp: 0, scheduled: false, nextChunkId: 0, joined: new Map() };
    fanouts.set(io, fanout);
  }
  return fanout;
}

function hasWaiting(fanout: Fanout): boolean {
  return fanout.next < fanout.queue.length;
}

/** The queue has been walked to its end: start it afresh (whatever was flushed ahead of its turn was written too). */
function resetIfDone(fanout: Fanout): void {
  if (hasWaiting(fanout)) {
    // A process that never quite catches up never reaches the end: drop the entries already walked now and then.
    if (fanout.next >= fanoutQueue.compactAfter && fanout.next * 2 >= fanout.queue.length) {
      fanout.queue = fanout.queue.slice(fanout.next);
      fanout.next = 0;
      fanout.bySocket.clear();
      for (const waiting of fanout.queue) if (!waiting.written) fanout.bySocket.set(waiting.socketId, waiting);
    }
    return;
  }
  fanout.queue = [];
  fanout.next = 0;
  fanout.bySocket.clear();
  fanout.joined.clear();
}
export const fanoutQueue = {
  /** How many walked entries the queue may hold before they are dropped (see `resetIfDone`). */
  compactAfter: 16_384,
};

/**
 * How long one slice of a fan-out may hold the event loop before it yields
 * (to HTTP requests, PostgreSQL notifications, pings and the next commit,
 * which then joins the sockets still waiting). A fan-out that fits in one
 * slice is written entirely within the publishing turn, as before.
 */
export const fanoutSlice = {
  ms: 8,
  /** The clock is read once per this many sockets written. */
  socketsPerCheck: 64,
};
/** A commit with more events than this is encoded in several groups (each socket's set of events is a bit mask). */
const eventsPerGroup = 30;

function encode(io: RealtimeServer, message: RealtimeMessage): Encoded {
  const [packet] = io.encoder.encode({ type: socketIoEvent, nsp: "/", data: [message.type, message] }) as string[];
  const text = packet ?? "";
  return { text, frame: textFrame(Buffer.from(engineMessage + text)) };
}

/** Queues one group of a commit's events for the sockets in their rooms. */
function enqueue(io: RealtimeServer, fanout: Fanout, events: readonly RoomEvent[]): void {
  const roomMembers = io.of("/").adapter.rooms;
  const stamp = ++fanout.stamp;
  const { bySocket, queue } = fanout;
  // The sockets this group reaches, in the order first met; each with its bit mask of the events it gets (once each,
  // however many of an event's rooms the socket is in).
  const reached: Waiting[] = [];
  for (const [index, event] of events.entries()) {
    const bit = 1 << index;
    for (const room of event.rooms) {
      const members = roomMembers.get(room);
      if (!members) continue;
      for (const socketId of members) {
        let waiting = bySocket.get(socketId);
        if (waiting === undefined || waiting.written) {
          waiting = { socketId, chunks: null, written: false, mask: bit, stamp };
          bySocket.set(socketId, waiting);
          queue.push(waiting);
          reached.push(waiting);
        } else if (waiting.stamp !== stamp) {
          waiting.stamp = stamp;
          waiting.mask = bit;
          reached.push(waiting);
        } else {
          waiting.mask |= bit;
        }
      }
    }
  }
  if (reached.length === 0) return;
  const encoded = events.map(({ message }) => encode(io, message));
  // Every socket with the same events shares one chunk.
  const chunkFor = new Map<number, Chunk>();
  for (const waiting of reached) {
    const { mask } = waiting;
    let chunk = chunkFor.get(mask);
    if (!chunk) {
      const mine = encoded.filter((_, i) => (mask & (1 << i)) !== 0);
      const first = mine[0];
      chunk = { id: fanout.nextChunkId++, bytes: mine.length === 1 && first ? first.frame : Buffer.concat(mine.map((e) => e.frame)), events: mine };
      chunkFor.set(mask, chunk);
    }
    const before = waiting.chunks;
    if (before === null) waiting.chunks = chunk;
    else if (Array.isArray(before)) before.push(chunk);
    else waiting.chunks = [before, chunk];
  }
}

function bytesOf(fanout: Fanout, chunks: Chunk[]): Buffer {
  const key = chunks.map((c) => c.id).join(",");
  let bytes = fanout.joined.get(key);
  if (!bytes) {
    bytes = Buffer.concat(chunks.map((c) => c.bytes));
    // A process that never quite catches up never empties the queue: keep only recent concatenations.
    if (fanout.joined.size >= 64) fanout.joined.clear();
    fanout.joined.set(key, bytes);
  }
  return bytes;
}

/** Counted for the bench (socket writes against events delivered shows how much the fan-out coalesces). */
export const fanoutStats = { socketWrites: 0 };

type NamespaceSockets = ReturnType<RealtimeServer["of"]>["sockets"];

/** Writes what waits for one socket: directly in one write when nothing of its own is queued, else through engine.io, in order. */
function writeTo(sockets: NamespaceSockets, fanout: Fanout, waiting: Waiting): void {
  const { chunks } = waiting;
  waiting.written = true;
  waiting.chunks = null;
  if (chunks === null) return;
  // Sockets still in their handshake are in rooms but not yet among the namespace's: as with Socket.IO, they get nothing.
  // A socket that disconnected meanwhile is gone from there too.
  const socket = sockets.get(waiting.socketId);
  if (!socket) return;
  fanoutStats.socketWrites += 1;
  const tcp = directStream(socket.conn as unknown as EngineConnection);
  if (tcp) {
    tcp.write(Array.isArray(chunks) ? bytesOf(fanout, chunks) : chunks.bytes);
    return;
  }
  const client = socket.client as unknown as SocketClient;
  for (const chunk of Array.isArray(chunks) ? chunks : [chunks]) {
    for (const event of chunk.events) client.writeToEngine([event.text], { preEncoded: true, wsPreEncodedFrame: [event.frame] });
  }
}

/** Writes waiting sockets, oldest first, for at most one slice; schedules the next slice if some still wait. */
function drain(io: RealtimeServer, fanout: Fanout): void {
  const { ms, socketsPerCheck } = fanoutSlice;
  const until = performance.now() + ms;
  const sockets = io.of("/").sockets;
  let written = 0;
  try {
    while (fanout.next < fanout.queue.length) {
      const waiting = fanout.queue[fanout.next++];
      if (waiting === undefined || waiting.written) continue;
      writeTo(sockets, fanout, waiting);
      written += 1;
      if (written % socketsPerCheck === 0 && performance.now() >= until) break;
    }
  } finally {
    // Even if one socket's write threw, the others still get theirs.
    resetIfDone(fanout);
    if (hasWaiting(fanout) && !fanout.scheduled) {
      fanout.scheduled = true;
      setImmediate(() => {
        fanout.scheduled = false;
        drain(io, fanout);
      });
    }
  }
}

/**
 * Sends each event to this process's sockets in its rooms (a socket in
 * several of an event's rooms gets it once). The audience is taken now, at
 * publishing; the writes start now too, and a large fan-out goes on in
 * slices (see `fanoutSlice`), sockets in the order their events came.
 */
export function broadcastCommit(io: RealtimeServer, events: readonly RoomEvent[]): void {
  if (events.length === 0) return;
  const fanout = fanoutOf(io);
  for (let start = 0; start < events.length; start += eventsPerGroup) enqueue(io, fanout, events.slice(start, start + eventsPerGroup));
  if (hasWaiting(fanout) && !fanout.scheduled) drain(io, fanout);
}

/**
 * Writes now whatever still waits for these sockets, before their rooms
 * change or they are disconnected: what was published before such a change
 * reaches the socket before it, as when every fan-out finished in its own
 * turn, and nothing published earlier is held back to after.
 */
export function flushSockets(io: RealtimeServer, socketIds: Iterable<string>): void {
  const fanout = fanouts.get(io);
  if (!fanout || !hasWaiting(fanout)) return;
  const sockets = io.of("/").sockets;
  for (const socketId of socketIds) {
    const waiting = fanout.bySocket.get(socketId);
    if (waiting === undefined || waiting.written) continue;
    writeTo(sockets, fanout, waiting);
  }
}
