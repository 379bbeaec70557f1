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
    const tcp = net.connect({ host: hostname, port: Number(port) });
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

    const onText = (text: string) => {
      const kind = text.charCodeAt(0);
      if (text.startsWith("42")) {
        const [type, message] = JSON.parse(text.slice(2)) as [string, unknown];
        onEvent(type, message);
      } else if (kind === 0x32 /* "2": engine.io ping */) {
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
    let pending: Buffer | null = null;
    let upgraded = false;
    tcp.on("data", (chunk: Buffer) => {
      let buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
      pending = null;
      if (!upgraded) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end === -1) return void (pending = buffer);
        const status = buffer.subarray(0, buffer.indexOf("\r\n")).toString();
        if (!status.includes(" 101 ")) return fail(new Error(`upgrade refused: ${status}`));
        upgraded = true;
        buffer = buffer.subarray(end + 4);
      }
      // Server frames: unmasked, and engine.io never fragments its packets.
      while (buffer.length >= 2) {
        const opcode = (buffer[0] ?? 0) & 0x0f;
        let length = (buffer[1] ?? 0) & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) break;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) break;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + length) break;
        const payload = buffer.subarray(offset, offset + length);
        buffer = buffer.subarray(offset + length);
        if (opcode === 0x1) onText(payload.toString());
        else if (opcode === 0x8) tcp.end();
      }
      if (buffer.length > 0) pending = Buffer.from(buffer);
    });
    tcp.on("error", (error) => fail(error));
    tcp.on("close", () => fail(new Error("connection closed")));
  });
}
