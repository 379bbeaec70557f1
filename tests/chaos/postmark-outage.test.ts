/**
 * Postmark down, slow, or losing its answers: mail keeps being queued,
 * goes out once Postmark is back, and never twice for one queued email.
 * Minutes of retries are compressed into seconds through the worker's
 * backoff option; Postmark's API is faked with msw.
 */

import { afterEach, describe, expect, it } from "vitest";
import { enqueueEmail } from "#emails/outbox";
import { inTransaction } from "#server/services/transaction";
import type { TestServer } from "../helpers/server";
import { waitFor } from "./processes";

import { serverWithFakePostmark } from "./fakePostmarkServer";

let server: TestServer;
const postmark = serverWithFakePostmark((started) => (server = started), { pollIntervalMs: 100, backoffMs: () => 300, leaseSeconds: 2 });
afterEach(() => postmark.setMode({}));

/** Queues `count` emails the way features do: in a transaction, with the change that needs them. */
async function queueEmails(count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    ids.push(
      await inTransaction(server.deps, (tx) =>
        enqueueEmail(tx, {
          workspaceId: null,
          kind: "chaos",
          referenceId: null,
          to: `${label}.${i}@example.com`,
          from: server.deps.config.email.from,
          message: { subject: `${label} ${i}`, html: "<p>Hello</p>", text: "Hello" },
        }),
      ),
    );
  }
  return ids;
}

async function statuses(ids: string[]) {
  return server.deps.db.selectFrom("email_outbox").select(["id", "status", "attempts", "last_error", "provider_message_id"]).where("id", "in", ids).execute();
}

describe("Postmark outages", () => {
  it("keeps mail queued while Postmark is down, and sends each once when it is back", async () => {
    postmark.setMode({ down: true });
    const ids = await queueEmails(15, "down");
    // Several retry rounds fail while it is down.
    await waitFor("retries during the outage", async () => (await statuses(ids)).every((row) => row.attempts >= 3));
    const during = await statuses(ids);
    expect(during.every((row) => row.status === "queued" || row.status === "sending")).toBe(true);
    expect(during.some((row) => row.last_error)).toBe(true);
    expect(postmark.accepted().filter((m) => ids.includes(m.outboxId ?? ""))).toHaveLength(0);

    postmark.setMode({});
    await waitFor("every email sent", async () => (await statuses(ids)).every((row) => row.status === "sent"));
    const counts = postmark.acceptedCounts();
    for (const id of ids) expect(counts.get(id), id).toBe(1);
    const after = await statuses(ids);
    expect(after.every((row) => row.last_error === null && row.provider_message_id)).toBe(true);
  });

  it("sends through a slow Postmark without doubles", async () => {
    postmark.setMode({ delayMs: 1_500 });
    const ids = await queueEmails(10, "slow");
    await waitFor("every email sent", async () => (await statuses(ids)).every((row) => row.status === "sent"), 60_000);
    const counts = postmark.acceptedCounts();
    for (const id of ids) expect(counts.get(id), id).toBe(1);
  });

  it("does not send twice when Postmark took a message but its answer was lost", async () => {
    postmark.setMode({ acceptThenFail: true });
    const ids = await queueEmails(5, "lost-answer");
    await waitFor("each accepted once", async () => ids.every((id) => postmark.acceptedCounts().get(id) === 1));
    // The worker saw failures; its retries must find the messages rather than send again.
    await waitFor("recorded as sent", async () => (await statuses(ids)).every((row) => row.status === "sent"));
    const counts = postmark.acceptedCounts();
    for (const id of ids) expect(counts.get(id), id).toBe(1);
    const rows = await statuses(ids);
    const accepted = new Map(postmark.accepted().map((m) => [m.outboxId, m.messageId]));
    for (const row of rows) expect(row.provider_message_id).toBe(accepted.get(row.id));
  });

  it("waits rather than risk a double when Postmark cannot say whether it already has a message", async () => {
    postmark.setMode({ acceptThenFail: true, searchDown: true });
    const ids = await queueEmails(3, "search-down");
    await waitFor("accepted once and retried", async () => (await statuses(ids)).every((row) => row.attempts >= 3));
    expect((await statuses(ids)).every((row) => row.status !== "sent")).toBe(true);
    for (const id of ids) expect(postmark.acceptedCounts().get(id), id).toBe(1);

    postmark.setMode({});
    await waitFor("recorded as sent", async () => (await statuses(ids)).every((row) => row.status === "sent"));
    for (const id of ids) expect(postmark.acceptedCounts().get(id), id).toBe(1);
  });
});
