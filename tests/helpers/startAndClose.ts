/**
 * Run as a separate process by tests: starts the server from the
 * environment (as server/index.ts does, without pages), lets a signed-in
 * socket connect, closes the server, then prints what still holds the
 * event loop open and returns without process.exit: if anything was left
 * running (a timer, a connection), the process does not end by itself.
 */
import { io } from "socket.io-client";
import { startServer } from "#server/app";
import { loadConfig } from "#server/config";
import { createLogger } from "#server/log";

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
// pool.end() resolves once its connections are told to end; their sockets finish closing a little later
// (later still on a busy machine). Wait until only stdout/stderr remain, or report what is left after 5 s.
const others = () => process.getActiveResourcesInfo().filter((r) => r !== "PipeWrap" && r !== "TTYWrap" && r !== "Timeout");
for (let waited = 0; waited < 5_000 && others().length > 0; waited += 50) await new Promise((r) => setTimeout(r, 50));
console.log(JSON.stringify({ closed: true, resources: process.getActiveResourcesInfo() }));
