/**
 * The requester hears of the decision by email, through Postmark: a real
 * server with a Postmark token, the durable outbox and its worker, and msw
 * standing in for https://api.postmarkapp.com/email (tests/helpers/postmark.ts:
 * request and answer as Postmark documents them).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { callerAs } from "./helpers/fixtures";
import { fakePostmark } from "./helpers/postmark";
import { startTestServer, type TestServer } from "./helpers/server";
import { buildChain } from "./requests/chain";

const token = "server-token-for-tests";
const postmark = fakePostmark();

interface PostmarkEmail {
  From: string;
  To: string;
  Subject: string;
  HtmlBody: string;
  TextBody: string;
  MessageStream: string;
}

/** What reached Postmark for this recipient, with the token it was sent with. */
const deliveredTo = (to: string) => postmark.requestsTo(to).map((r) => ({ token: r.headers["x-postmark-server-token"] ?? null, body: r.body as unknown as PostmarkEmail }));

let server: TestServer;
beforeAll(async () => {
  postmark.server.listen({ onUnhandledRequest: "bypass" });
  server = await startTestServer({ env: { POSTMARK_SERVER_TOKEN: token, EMAIL_FROM: "Team Access <access@example.com>" } });
});
afterAll(async () => {
  await server?.stop();
  postmark.server.close();
});

it("emails the requester through Postmark when their request is approved, and when one is denied", async () => {
  const chain = await buildChain(server.deps, "Mail");
  const rep = await callerAs(server.deps, chain.rep);
  const teamLead = await callerAs(server.deps, chain.teamLead);
  const slug = chain.workspace.slug;

  const first = await rep.requests.create({ workspaceSlug: slug, permission: "crm.contacts.export", scope: "own", reason: "Board pack", duration: "1d" });
  await teamLead.requests.approve({ workspaceSlug: slug, requestId: first.id, note: "Go ahead." });

  await expect.poll(() => deliveredTo(chain.rep.email).length, { timeout: 10_000 }).toBe(1);
  expect(deliveredTo(chain.rep.email)[0]?.token).toBe(token);
  const approved = deliveredTo(chain.rep.email)[0]?.body;
  expect(approved).toMatchObject({
    From: "Team Access <access@example.com>",
    To: chain.rep.email,
    Subject: "Approved: Export Contacts (CRM) on own records in Mail Works",
    MessageStream: "outbound",
  });
  expect(approved?.TextBody).toContain(`${chain.teamLead.name} approved your request for Export Contacts (CRM) on own records, for 1 day (until`);
  expect(approved?.TextBody).toContain("Go ahead.");
  expect(approved?.TextBody).toContain(`/w/${slug}/requests`);
  expect(approved?.HtmlBody).toContain("Your access request was approved");

  const second = await rep.requests.create({ workspaceSlug: slug, permission: "crm.contacts.delete", scope: "own", reason: "<b>Cleanup</b>", duration: "7d" });
  await teamLead.requests.deny({ workspaceSlug: slug, requestId: second.id, note: "Ask <Sam> instead." });
  await expect.poll(() => deliveredTo(chain.rep.email).length, { timeout: 10_000 }).toBe(2);
  const denied = deliveredTo(chain.rep.email)[1]?.body;
  expect(denied?.Subject).toBe("Not approved: Delete Contacts (CRM) on own records in Mail Works");
  // The note is the decider's text: escaped in HTML.
  expect(denied?.HtmlBody).toContain("Ask &lt;Sam&gt; instead.");
  expect(denied?.HtmlBody).not.toContain("<Sam>");

  // The outbox records the delivery with Postmark's message id.
  const outbox = () => server.deps.db.selectFrom("email_outbox").select(["status", "provider_message_id", "kind"]).where("workspace_id", "=", chain.workspace.id).execute();
  await expect.poll(async () => (await outbox()).map((r) => r.status)).toEqual(["sent", "sent"]);
  const rows = await outbox();
  for (const row of rows) {
    expect(row.kind).toBe("request_decided");
    expect(row.status).toBe("sent");
    expect(row.provider_message_id).toMatch(/^[0-9a-f-]{36}$/);
  }
});
