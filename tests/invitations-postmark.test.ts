/**
 * Invitation emails through Postmark, with Postmark's HTTP API faked by msw
 * at the network boundary: the exact request the app sends, and what each
 * documented answer does to the invitation.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { callerAs, createUser, createWorkspaceOwnedBy, uniqueEmail } from "./helpers/fixtures";
import { roleIdsByKey } from "./helpers/invitations";
import { fakePostmark, type PostmarkAnswer, postmarkEmailEndpoint } from "./helpers/postmark";
import { startTestServer, type TestServer } from "./helpers/server";

const postmark = fakePostmark();
let server: TestServer;

beforeAll(async () => {
  postmark.server.listen({ onUnhandledRequest: "bypass" });
  server = await startTestServer({
    env: { POSTMARK_SERVER_TOKEN: "server-token-for-tests", POSTMARK_MESSAGE_STREAM: "outbound", EMAIL_FROM: "Northwind Invites <invites@northwind.example>" },
    // Retries come quickly in tests; the real backoff is seconds to minutes.
    emailWorker: { backoffMs: () => 20, pollIntervalMs: 25 },
  });
});
afterEach(() => postmark.server.resetHandlers());
afterAll(async () => {
  await server.stop();
  postmark.server.close();
});

async function inviteOne(email: string) {
  const owner = await createUser(server.deps, { name: "Olivia Owner" });
  const ws = await createWorkspaceOwnedBy(server.deps, owner, "Northwind");
  const roles = await roleIdsByKey(server.deps, ws.id);
  const { results } = await (
    await callerAs(server.deps, owner)
  ).invitations.invite({
    workspaceSlug: ws.slug,
    emails: [email],
    roleIds: [roles.manager!],
    primaryRoleId: roles.manager!,
    message: "See you Monday.",
  });
  return { owner, ws, invitationId: results[0]!.invitationId! };
}

async function invitationRow(id: string) {
  return server.deps.db.selectFrom("invitations").select(["status", "delivery_status", "delivery_error", "outbox_id"]).where("id", "=", id).executeTakeFirstOrThrow();
}

async function outboxRow(id: string | null) {
  return server.deps.db
    .selectFrom("email_outbox")
    .select(["status", "attempts", "provider_message_id", "last_error"])
    .where("id", "=", id ?? "")
    .executeTakeFirstOrThrow();
}

describe("sending an invitation through Postmark", () => {
  it("sends exactly Postmark's documented request and marks the invitation sent", async () => {
    const email = uniqueEmail("ok");
    const { owner, invitationId } = await inviteOne(email);
    await expect.poll(async () => (await invitationRow(invitationId)).delivery_status).toBe("sent");

    const [request, ...more] = postmark.requestsTo(email);
    expect(more).toEqual([]);
    expect(request?.url).toBe(postmarkEmailEndpoint);
    expect(request?.method).toBe("POST");
    expect(request?.headers).toMatchObject({
      accept: "application/json",
      "content-type": "application/json",
      "x-postmark-server-token": "server-token-for-tests",
    });
    expect(request?.body).toMatchObject({
      From: "Northwind Invites <invites@northwind.example>",
      To: email,
      Subject: "You've been invited to Northwind",
      MessageStream: "outbound",
    });
    const html = String(request?.body.HtmlBody);
    const text = String(request?.body.TextBody);
    for (const body of [html, text]) {
      expect(body).toContain("Olivia Owner");
      expect(body).toContain(owner.email);
      expect(body).toContain("Manager");
      expect(body).toContain("See you Monday.");
      expect(body).toContain("Accept Invitation");
      expect(body).toMatch(/\/invite\/[A-Za-z0-9_-]{43}/);
      expect(body).toMatch(/expires on/);
    }

    const row = await invitationRow(invitationId);
    expect(row).toMatchObject({ status: "pending", delivery_status: "sent", delivery_error: null });
    const outbox = await outboxRow(row.outbox_id);
    expect(outbox).toMatchObject({ status: "sent", attempts: 1 });
    expect(outbox.provider_message_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ["invalid-address-300", /Invalid 'To' address/],
    ["inactive-recipient-406", /marked as inactive/],
  ] as Array<[PostmarkAnswer, RegExp]>)("marks the invitation undeliverable on %s, with Postmark's reason, and does not retry", async (answer, reason) => {
    const email = uniqueEmail("bounce");
    postmark.script(email, answer);
    const { invitationId, ws } = await inviteOne(email);
    await expect.poll(async () => (await invitationRow(invitationId)).delivery_status).toBe("undeliverable");
    const row = await invitationRow(invitationId);
    expect(row.delivery_error).toMatch(reason);
    expect(row.status).toBe("pending");
    // Give the worker time to (wrongly) retry, then check it did not.
    await new Promise((r) => setTimeout(r, 200));
    expect(postmark.requestsTo(email)).toHaveLength(1);
    expect(await outboxRow(row.outbox_id)).toMatchObject({ status: "undeliverable", attempts: 1 });
    const audit = await server.deps.db.selectFrom("audit_events").select("action").where("workspace_id", "=", ws.id).where("action", "=", "invitation.undeliverable").execute();
    expect(audit).toHaveLength(1);
  });

  it.each(["rate-limited-429", "server-error-500", "network-failure"] as PostmarkAnswer[])("retries with backoff after %s and then delivers", async (answer) => {
    const email = uniqueEmail("retry");
    postmark.script(email, answer, answer);
    const { invitationId } = await inviteOne(email);
    await expect.poll(async () => (await invitationRow(invitationId)).delivery_status, { timeout: 5_000 }).toBe("sent");
    expect(postmark.requestsTo(email)).toHaveLength(3);
    const row = await invitationRow(invitationId);
    expect(row.delivery_error).toBeNull();
    expect(await outboxRow(row.outbox_id)).toMatchObject({ status: "sent", attempts: 3 });
  });

  it("keeps the invitation queued with the last problem while retries continue", async () => {
    const email = uniqueEmail("slow");
    postmark.script(email, "server-error-500", "server-error-500", "server-error-500", "server-error-500", "server-error-500", "server-error-500");
    const { invitationId } = await inviteOne(email);
    await expect.poll(() => postmark.requestsTo(email).length).toBeGreaterThanOrEqual(2);
    const row = await invitationRow(invitationId);
    expect(row.delivery_status).toBe("queued");
    expect(row.delivery_error).toMatch(/^Retrying: /);
    await expect.poll(async () => (await invitationRow(invitationId)).delivery_status, { timeout: 5_000 }).toBe("sent");
  });
});
