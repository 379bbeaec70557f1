/**
 * The server SIGKILLed in the middle of work, then started again:
 * - every multi-row change is wholly there or wholly absent (workspaces are
 *   created with their roles and owner in one transaction; the integrity
 *   check finds any half), and every change whose caller got an answer is there;
 * - every queued email is sent, and none twice, even those Postmark took just
 *   before the kill (the restarted worker asks Postmark before resending).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "#db/client";
import { confirmAddressByLink } from "../helpers/accounts";
import { type TestDatabase, databaseForTests } from "../helpers/db";
import { integrityProblems } from "../hardening/integrity";
import { spawnServer, type ServerProcess, waitFor, killIfRunning } from "./processes";
import { fakePostmarkEnv, PostmarkFake } from "./postmarkFake";

const fakeDir = mkdtempSync(path.join(os.tmpdir(), "postmark-fake-"));
const postmark = new PostmarkFake(fakeDir);
const workerEnv = { ...fakePostmarkEnv, EMAIL_LEASE_SECONDS: "2", EMAIL_BACKOFF_MS: "300", EMAIL_POLL_MS: "100" };

let database: TestDatabase;
let handle: DatabaseHandle;
let server: ServerProcess | null = null;
databaseForTests((startedHandle, startedDatabase) => ([handle, database] = [startedHandle, startedDatabase]), 2);
afterAll(() => {
  killIfRunning(server);
  rmSync(fakeDir, { recursive: true, force: true });
});

function start() {
  return spawnServer({ databaseUrl: database.url, postmarkFakeDir: fakeDir, env: workerEnv });
}

async function signUp(s: ServerProcess, email: string): Promise<string> {
  const response = await fetch(`${s.url}/trpc/auth.signUp`, {
    method: "POST",
    headers: { origin: s.origin, "content-type": "application/json" },
    body: JSON.stringify({ name: "Kai Killed", email, password: "a long enough password" }),
  });
  expect(response.status).toBe(200);
  // Creating workspaces needs a confirmed address.
  await confirmAddressByLink(s, handle.db, email);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] as string;
}

describe("a server killed mid-work", () => {
  it("leaves every change whole or absent, and sends every email exactly once after restart", async () => {
    server = await start();
    const cookie = await signUp(server, "kai.killed@example.com");

    // Mail Postmark will take but never answer: the kill lands between "accepted" and "recorded".
    postmark.setMode({ acceptThenHang: true });
    const queued = await handle.db
      .insertInto("email_outbox")
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          workspace_id: null,
          kind: "chaos",
          reference_id: null,
          to_address: `killed.${i}@example.com`,
          from_address: "Team Access <invites@example.com>",
          subject: `Killed ${i}`,
          html_body: "<p>Hi</p>",
          text_body: "Hi",
        })),
      )
      .returning("id")
      .execute();
    const queuedIds = queued.map((row) => row.id);
    await waitFor("Postmark took some", async () => postmark.accepted().length >= 5);

    // Multi-row changes in flight.
    const running = server;
    const answered: string[] = [];
    const creations = Array.from({ length: 40 }, async (_, i) => {
      try {
        const response = await fetch(`${running.url}/trpc/workspaces.create`, {
          method: "POST",
          headers: { origin: running.origin, "content-type": "application/json", cookie },
          body: JSON.stringify({ name: `Killed Co ${i}`, slug: `killed-co-${i}` }),
        });
        if (response.status === 200) answered.push(`killed-co-${i}`);
      } catch {
        // The connection died with the process: the outcome is unknown to the caller.
      }
    });
    await new Promise((r) => setTimeout(r, 120));
    server.child.kill("SIGKILL");
    await Promise.all(creations);
    expect((await server.exited).signal).toBe("SIGKILL");

    postmark.setMode({});
    server = await start();

    expect(await integrityProblems(handle.db)).toEqual([]);
    const present = await handle.db.selectFrom("workspaces").select("slug").where("slug", "like", "killed-co-%").execute();
    for (const slug of answered) expect(present.map((w) => w.slug)).toContain(slug);

    await waitFor(
      "every queued email sent",
      async () => {
        const rows = await handle.db.selectFrom("email_outbox").select("status").where("id", "in", queuedIds).execute();
        return rows.every((row) => row.status === "sent");
      },
      60_000,
      200,
    );
    const counts = postmark.acceptedCounts();
    for (const id of queuedIds) expect(counts.get(id), id).toBe(1);
  });
});
