/**
 * The development mailbox holds every invitation link, so it is never open to
 * the world (decision 15): only at the secret address the server prints at
 * start. Without the key, the page and the `dev.mailbox` procedure answer
 * exactly as an address or procedure that does not exist. With Postmark
 * configured there is no mailbox at all. Those who invite are told that email
 * is not being sent.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { announceDevMailbox } from "#server/app";
import { ConfigError, loadConfig } from "#server/config";
import type { Logger } from "#server/log";
import { addMember, createUser, createWorkspaceOwnedBy, sessionCookie } from "./helpers/fixtures";
import { mailboxKey, mailboxPath } from "./helpers/mailbox";
import { type TestServer, serverForTests } from "./helpers/server";

const secretLink = "http://localhost/invite/the-secret-invitation-token";

/** The words a person sees on a page (scripts and tags removed). */
async function visibleText(response: Response): Promise<string> {
  const html = await response.text();
  return html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

async function procedure(server: TestServer, input: unknown, path = "dev.mailbox") {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(`${server.url}/trpc/${path}${query}`);
  const body = (await response.json()) as { error?: { message: string; data: { appCode: string; httpStatus: number } }; result?: { data: unknown } };
  return { status: response.status, error: body.error ? { message: body.error.message, appCode: body.error.data.appCode } : null, data: body.result?.data };
}

describe("without Postmark, as npm start runs it (production)", () => {
  let server: TestServer;
  serverForTests((started) => (server = started), { pages: true, env: { NODE_ENV: "production" } });
  beforeAll(async () => {
    await server.deps.db
      .insertInto("dev_mailbox")
      .values({ to_address: "new.hire@example.com", from_address: "invites@example.com", subject: "You've been invited", html_body: "", text_body: `Accept Invitation: ${secretLink}` })
      .execute();
  });

  it("serves the mailbox page only at its secret address", async () => {
    const page = await fetch(`${server.url}${mailboxPath(server)}`);
    expect(page.status).toBe(200);
    const text = await visibleText(page);
    expect(text).toContain("Development mailbox");
    expect(text).toContain(secretLink);
    expect(mailboxKey(server)).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it("answers any other address as if there were no mailbox: the same 404 page as an address nobody serves", async () => {
    // Every error page quotes its own request id; the rest must be the same.
    const withoutReference = (text: string) => text.replace(/quote this reference: [0-9a-f-]{36}/, "quote this reference: …");
    const nowhere = withoutReference(await visibleText(await fetch(`${server.url}/dev/nothing-here`)));
    const key = mailboxKey(server);
    for (const path of ["/dev/mailbox", "/dev/mailbox/", "/dev/mailbox/wrong-key", `/dev/mailbox/${key.slice(0, -1)}`, `/dev/mailbox/${key}x`, `/dev/mailbox?key=${key}`]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      const text = await visibleText(response);
      expect(text, path).not.toContain(secretLink);
      expect(text, path).not.toContain("mailbox");
      expect(withoutReference(text), path).toBe(nowhere);
    }
  });

  it("refuses the dev.mailbox procedure without the key, as if it did not exist", async () => {
    const unknown = await procedure(server, {}, "dev.noSuchProcedure");
    for (const input of [undefined, {}, { key: "" }, { key: "wrong" }, { key: mailboxKey(server).toUpperCase() }, { to: "new.hire@example.com" }]) {
      const answer = await procedure(server, input);
      expect(answer.status, JSON.stringify(input)).toBe(404);
      expect(answer.error, JSON.stringify(input)).toEqual(unknown.error);
      expect(JSON.stringify(answer)).not.toContain(secretLink);
    }
    const opened = await procedure(server, { key: mailboxKey(server), to: "new.hire@example.com" });
    expect(opened.status).toBe(200);
    expect(JSON.stringify(opened.data)).toContain(secretLink);
  });

  it("tells Owners and Admins on their pages that email is not being sent, and not the mailbox's address", async () => {
    const owner = await createUser(server.deps);
    const workspace = await createWorkspaceOwnedBy(server.deps, owner);
    const admin = await createUser(server.deps);
    const member = await createUser(server.deps);
    await addMember(server.deps, workspace.id, admin, ["admin"]);
    await addMember(server.deps, workspace.id, member, ["member"]);
    for (const person of [owner, admin]) {
      const response = await fetch(`${server.url}/w/${workspace.slug}/members`, { headers: { cookie: await sessionCookie(server.deps, person) } });
      expect(response.status).toBe(200);
      const text = await visibleText(response);
      expect(text).toContain("Email is not being sent.");
      expect(text).toContain("Invitations are not being emailed");
      expect(text).not.toContain(mailboxKey(server));
    }
    const asMember = await visibleText(await fetch(`${server.url}/w/${workspace.slug}/members`, { headers: { cookie: await sessionCookie(server.deps, member) } }));
    expect(asMember).not.toContain("Email is not being sent.");
  });

  it("prints the address at start", () => {
    const lines: string[] = [];
    const log: Logger = { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (m) => void lines.push(m) };
    announceDevMailbox(log, "http://localhost:3000", server.deps.devMailbox);
    expect(lines.join("\n")).toContain(`http://localhost:3000/dev/mailbox/${mailboxKey(server)}`);
  });
});

describe("with Postmark configured", () => {
  let server: TestServer;
  serverForTests((started) => (server = started), { pages: true, env: { NODE_ENV: "production", POSTMARK_SERVER_TOKEN: "server-token", EMAIL_WORKER: "0" } });

  it("has no mailbox at any address, and no banner", async () => {
    expect(server.deps.devMailbox).toBeNull();
    expect((await fetch(`${server.url}/dev/mailbox/anything-at-all-anything-at-all-1234`)).status).toBe(404);
    expect((await procedure(server, { key: "anything-at-all-anything-at-all-1234" })).status).toBe(404);
    const owner = await createUser(server.deps);
    const workspace = await createWorkspaceOwnedBy(server.deps, owner);
    const text = await visibleText(await fetch(`${server.url}/w/${workspace.slug}/members`, { headers: { cookie: await sessionCookie(server.deps, owner) } }));
    expect(text).not.toContain("Email is not being sent.");
  });
});

describe("DEV_MAILBOX_KEY", () => {
  it("is used as the key when set (several processes sharing one mailbox), and must be long", () => {
    expect(loadConfig({}, { DEV_MAILBOX_KEY: "a".repeat(40) }).devMailboxKey).toBe("a".repeat(40));
    expect(() => loadConfig({}, { DEV_MAILBOX_KEY: "short" })).toThrow(ConfigError);
  });
});
