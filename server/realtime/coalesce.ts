/**
 * One write per socket per turn of the event loop, however many events it is
 * sent in that turn.
 *
 * Socket.IO encodes a room broadcast once (and even pre-computes the
 * WebSocket frame), so what is left per socket is the system call that hands
 * the frame to the kernel, and on loopback or a LAN that call is most of the
 * cost (it was 53% of the server's CPU at 10,000 sockets). A commit usually
 * sends a socket several events at once (an accepted invitation: the
 * invitation and the new member), and engine.io writes each as soon as it is
 * asked to: one write per event per socket, and while the first is in
 * flight the second waits for its completion, then goes out on its own.
 *
 * Here each connection's `flush` (the engine.io step that hands buffered
 * packets to the transport) is deferred to the end of the current turn (a
 * microtask), and run with the TCP socket corked, so every frame queued in
 * that turn leaves in one `writev`. Nothing else changes: the packets, their
 * order, which socket gets what (rooms decide that before anything is
 * buffered), and engine.io's own flow control (a connection still writing
 * keeps buffering until its transport is ready, as before).
 *
 * engine.io has no public hook for this; the shapes used are checked, and a
 * connection that does not have them is left as it is.
 */

/** The parts of an engine.io connection (`socket.conn`) this touches. */
interface EngineConnection {
  flush(): void;
  transport?: { socket?: { _socket?: unknown } };
}

interface Corkable {
  cork(): void;
  uncork(): void;
}

const pending = new Set<EngineConnection>();
let scheduled = false;
/** engine.io's own `flush`, taken from the first connection seen (it lives on the class prototype). */
let engineFlush: ((this: EngineConnection) => void) | null = null;

function isCorkable(value: unknown): value is Corkable {
  return typeof value === "object" && value !== null && typeof (value as Partial<Corkable>).cork === "function" && typeof (value as Partial<Corkable>).uncork === "function";
}

function flushPending(): void {
  scheduled = false;
  const flush = engineFlush;
  if (!flush) return;
  for (const connection of pending) {
    pending.delete(connection);
    const tcp = connection.transport?.socket?._socket;
    if (isCorkable(tcp)) {
      tcp.cork();
      try {
        flush.call(connection);
      } finally {
        tcp.uncork();
      }
    } else {
      flush.call(connection);
    }
  }
}

/** Shared by every coalesced connection (no closure per socket). */
function deferredFlush(this: EngineConnection): void {
  pending.add(this);
  if (!scheduled) {
    scheduled = true;
    queueMicrotask(flushPending);
  }
}

/** From now on, what is written to this engine.io connection in one turn leaves in one write. */
export function coalesceWrites(connection: unknown): void {
  if (typeof connection !== "object" || connection === null) return;
  const prototypeFlush = (Object.getPrototypeOf(connection) as Partial<EngineConnection> | null)?.flush;
  if (typeof prototypeFlush !== "function") return;
  if (engineFlush !== null && engineFlush !== prototypeFlush) return; // another engine.io copy: leave it alone
  engineFlush = prototypeFlush;
  (connection as EngineConnection).flush = deferredFlush;
}
