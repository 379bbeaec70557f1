/**
 * A light bench client: one plain TCP connection speaking just enough of
 * WebSocket (RFC 6455), engine.io 4 and Socket.IO 5 to sign in with a real
 * session cookie and receive events, so that at 10,000 sockets on a 2-core
 * machine the bench measures the server more than its own clients. Every
 * event is still parsed (JSON) as a browser would. Tests keep the real
 * socket.io-client (tests/helpers/sockets.ts).
 */
import { randomBytes } from "node:crypto";
import net from "node:net";

/** Every socket's reads land here in turn (a read's callback runs to completion before the next read). */
const sharedReadBuffer = Buffer.allocUnsafe(256 * 1024);

export interface WireSocket {
  close(): void;
}

/** A masked client text frame (a client must mask); only short control packets are sent. */
function clientTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  if (payload.length >= 126) throw new Error("the light client only sends short packets");
  const mask = randomBytes(4);
  const frame = Buffer.allocUnsafe(6 + payload.length);
  frame[0] = 0x81;
  frame[1] = 0x80 | payload.length;
  mask.copy(frame, 2);
  for (let i = 0; i < payload.length; i++) frame[6 + i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return frame;
}

/** Opens a signed-in connection; resolves once Socket.IO has accepted it (its middleware ran), rejects with the server's reason. */
export function openWireSocket(url: string, origin: string, cookie: string, onEvent: (type: string, message: unknown) => void, timeoutMs = 20_000): Promise<WireSocket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let onData: (chunk: Buffer, end: number) => void = () => undefined;
    // Read straight into one buffer shared by every socket of this process (no Buffer and no stream
    // 'data' event per read); whatever must outlive the callback is copied out of it.
    const tcp = net.connect({
      host: hostname,
      port: Number(port),
      onread: {
        buffer: sharedReadBuffer,
        callback: (bytes: number) => {
          onData(sharedReadBuffer, bytes);
          return true;
        },
      },
    });
    tcp.setNoDelay(true);
    const timer = setTimeout(() => fail(new Error("timed out connecting")), timeoutMs);
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      tcp.destroy();
      reject(error);
    };
    const socket: WireSocket = { close: () => tcp.end() };
    const send = (text: string) => tcp.write(clientTextFrame(text));

    /** An engine.io packet other than an event (the events are handled where the frame is read, without copying). */
    const onControl = (text: string) => {
      const kind = text.charCodeAt(0);
      if (kind === 0x32 /* "2": engine.io ping */) {
        send("3");
      } else if (kind === 0x30 /* "0": engine.io open */) {
        send("40");
      } else if (text.startsWith("40")) {
        settled = true;
        clearTimeout(timer);
        resolve(socket);
      } else if (text.startsWith("44")) {
        fail(new Error(`refused: ${text.slice(2)}`));
      }
    };

    tcp.write(
      `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\nOrigin: ${origin}\r\nCookie: ${cookie}\r\n\r\n`,
    );
    /** A frame (or the upgrade response) cut between two reads: copied out of the shared read buffer until the rest arrives. */
    let pending: Buffer | null = null;
    let upgraded = false;
    onData = (chunk: Buffer, end: number) => {
      let buffer = chunk;
      let at = 0;
      if (pending) {
        buffer = Buffer.concat([pending, chunk.subarray(0, end)]);
        end = buffer.length;
        pending = null;
      }
      if (!upgraded) {
        const headersEnd = buffer.indexOf("\r\n\r\n");
        if (headersEnd === -1 || headersEnd >= end) return void (pending = Buffer.from(buffer.subarray(0, end)));
        const status = buffer.toString("latin1", 0, buffer.indexOf("\r\n"));
        if (!status.includes(" 101 ")) return fail(new Error(`upgrade refused: ${status}`));
        upgraded = true;
        at = headersEnd + 4;
      }
      // Server frames: unmasked, and engine.io never fragments its packets.
      while (end - at >= 2) {
        const opcode = (buffer[at] ?? 0) & 0x0f;
        let length = (buffer[at + 1] ?? 0) & 0x7f;
        let offset = at + 2;
        if (length === 126) {
          if (end - at < 4) break;
          length = buffer.readUInt16BE(at + 2);
          offset = at + 4;
        } else if (length === 127) {
          if (end - at < 10) break;
          length = Number(buffer.readBigUInt64BE(at + 2));
          offset = at + 10;
        }
        if (end < offset + length) break;
        at = offset + length;
        if (opcode === 0x1) {
          // "42": a Socket.IO event in an engine.io message; parsed as JSON like any client would.
          if (length >= 2 && buffer[offset] === 0x34 && buffer[offset + 1] === 0x32) {
            const [type, message] = JSON.parse(buffer.toString("utf8", offset + 2, at)) as [string, unknown];
            onEvent(type, message);
          } else {
            onControl(buffer.toString("utf8", offset, at));
          }
        } else if (opcode === 0x8) tcp.end();
      }
      if (at < end) pending = Buffer.from(buffer.subarray(at, end));
    };
    tcp.on("error", (error) => fail(error));
    tcp.on("close", () => fail(new Error("connection closed")));
  });
}
