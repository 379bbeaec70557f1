/** An in-process server whose Postmark is the fake (answered by msw), for the tests of a file or a `describe`. */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setupServer } from "msw/node";
import { afterAll, beforeAll } from "vitest";
import type { WorkerOptions } from "#emails/worker";
import { startTestServer, type TestServer } from "../helpers/server";
import { fakePostmarkEnv, PostmarkFake } from "./postmarkFake";

/** Starts the fake and the server before the tests (handing the server to `started`); stops both and removes the fake's folder after them. */
export function serverWithFakePostmark(started: (server: TestServer) => void, emailWorker: WorkerOptions): PostmarkFake {
  const fakeDir = mkdtempSync(path.join(os.tmpdir(), "postmark-fake-"));
  const postmark = new PostmarkFake(fakeDir);
  const mockServer = setupServer(...postmark.handlers());
  let server: TestServer | undefined;
  beforeAll(async () => {
    mockServer.listen({ onUnhandledRequest: "bypass" });
    server = await startTestServer({ env: fakePostmarkEnv, emailWorker });
    started(server);
  });
  afterAll(async () => {
    await server?.stop();
    mockServer.close();
    rmSync(fakeDir, { recursive: true, force: true });
  });
  return postmark;
}
