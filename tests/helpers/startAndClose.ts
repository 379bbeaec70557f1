/**
 * Run as a separate process by tests: starts the server from the
 * environment (as server/index.ts does, without pages), lets a signed-in
 * socket connect, closes the server, then prints what still holds the
 * event loop open and returns without process.exit: if anything was left
 * running (a timer, a connection), the process does not end by itself.
 */
import { io } from "socket.io-client";
import { startServer } from "../../server/app";
import { loadConfig } from "../../server/config";
import { createLogger } from "../../server/log";

const config = loadConfig();
const server = await startServer({ config, remixBuild: null, log: createLogger(config.logLevel) });
const cookie = process.env.TEST_SESSION_COOKIE;
if (cookie) {
  const socket = io(server.url, { transports: ["websocket"], extraHeaders: { origin: config.publicOrigin, cookie }, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  // Let the adapter's heartbeats and cleanup timers start.
  await new Promise((r) => setTimeout(r, 300));
  const closedByServer = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));
  await server.close();
  await closedByServer;
  socket.close();
} else {
  await server.close();
}
// pool.end() resolves once its connections are told to end; give their sockets a moment to finish closing.
await new Promise((r) => setTimeout(r, 200));
console.log(JSON.stringify({ closed: true, resources: process.getActiveResourcesInfo() }));
