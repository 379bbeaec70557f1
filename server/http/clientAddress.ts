/**
 * The client's address exactly as Express's `req.ip` gives it with `trust
 * proxy` set to a number of hops (proxy-addr and forwarded): the socket's
 * peer, or behind `hops` trusted proxies the address that many entries
 * from the right end of X-Forwarded-For (the leftmost when there are fewer).
 * For the API door (server/http/apiDoor.ts), which does without Express.
 */
import type { IncomingMessage } from "node:http";

/** X-Forwarded-For's entries, right to left, empty ones skipped (forwarded's parse). */
function forwardedRightToLeft(header: string): string[] {
  const list: string[] = [];
  let end = header.length;
  let start = header.length;
  for (let i = header.length - 1; i >= 0; i -= 1) {
    const code = header.charCodeAt(i);
    if (code === 0x20) {
      if (start === end) start = end = i;
    } else if (code === 0x2c) {
      if (start !== end) list.push(header.substring(start, end));
      start = end = i;
    } else {
      start = i;
    }
  }
  if (start !== end) list.push(header.substring(start, end));
  return list;
}

export function clientAddress(req: IncomingMessage, hops: number): string | undefined {
  const peer = req.socket.remoteAddress;
  if (hops <= 0) return peer;
  const header = req.headers["x-forwarded-for"];
  const chain = [peer, ...forwardedRightToLeft((Array.isArray(header) ? header.join(",") : header) ?? "")];
  return chain[Math.min(hops, chain.length - 1)];
}
