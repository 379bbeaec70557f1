/**
 * Run as a separate process by tests.
 *   embeddedChild <dataDir>        tries to start the embedded database, reports what happened, stops it
 *   embeddedChild <dataDir> hold   starts it, prints its URL and keeps running (to be killed)
 */
import { findRunningEmbeddedPostgres, startEmbeddedPostgres } from "#db/embedded";

const dataDir = process.argv[2];
const hold = process.argv[3] === "hold";
if (!dataDir) throw new Error("usage: embeddedChild <dataDir> [hold]");
const running = await findRunningEmbeddedPostgres(dataDir);
try {
  const embedded = await startEmbeddedPostgres({ dataDir });
  if (hold) {
    console.log(JSON.stringify({ started: true, url: embedded.url }));
    setInterval(() => {}, 1_000);
  } else {
    await embedded.stop();
    console.log(JSON.stringify({ started: true, running }));
  }
} catch (error) {
  console.log(JSON.stringify({ started: false, running, code: (error as { code?: string }).code, message: (error as Error).message }));
}
