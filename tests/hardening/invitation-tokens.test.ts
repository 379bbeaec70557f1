/**
 * Tampered invitation links: every variation of a real token (one character
 * changed, cut short, lengthened, case changed, another workspace's token
 * with a character changed, junk) is refused in plain words with a stable
 * code, joins nobody, creates no account; the real token still works.
 * The invitation page itself tells the visitor, and keeps the link out of
 * any Referer.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, createWorkspaceOwnedBy, sessionCookie, type TestUser } from "../helpers/fixtures";
import { type TestServer, serverForTests } from "../helpers/server";

let server: TestServer;
let owner: TestUser;
let slug: string;
let workspaceId: string;
let ownerCookie: string;

serverForTests((started) => (server = started), { pages: true });
beforeAll(async () => {
  owner = await createUser(server.deps);
  ({ slug, id: workspaceId } = await createWorkspaceOwnedBy(server.deps, owner));
  ownerCookie = await sessionCookie(server.deps, owner);
});

async function trpc(path: string, input: unknown, method: "GET" | "POST", cookie: string | null = null) {
  const query = method === "GET" ? `?input=${encodeURIComponent(JSON.stringify(input))}` : "";
  const response = await fetch(`${server.url}/trpc/${path}${query}`, {
    method,
    headers: { origin: server.origin, "content-type": "application/json", ...(cookie ? { cookie } : {}) },
    body: method === "POST" ? JSON.stringify(input) : undefined,
  });
  const body = (await response.json()) as { result?: { data: unknown }; error?: { message: string; data: { appCode: string } } };
  return { status: response.status, data: body.result?.data, appCode: body.error?.data.appCode ?? null, message: body.error?.message ?? null };
}

/** Invites an address and reads the token from the email, as the invitee would. */
async function inviteAndReadToken(email: string): Promise<string> {
  const role = await server.deps.db.selectFrom("roles").select("id").where("workspace_id", "=", workspaceId).where("builtin_key", "=", "member").executeTakeFirstOrThrow();
  const answer = await trpc("invitations.invite", { workspaceSlug: slug, emails: [email], roleIds: [role.id], primaryRoleId: role.id }, "POST", ownerCookie);
  expect(answer.status).toBe(200);
  const mail = await server.deps.db.selectFrom("email_outbox").select("text_body").where("to_address", "=", email).where("kind", "=", "invitation").executeTakeFirstOrThrow();
  const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text_body)?.[1];
  expect(token).toBeDefined();
  return token as string;
}

function flip(token: string, at: number): string {
  const c = token[at] ?? "A";
  return `${token.slice(0, at)}${c === "A" ? "B" : "A"}${token.slice(at + 1)}`;
}

describe("tampered invitation tokens", () => {
  it("refuses every variation, joins nobody, creates no account; the real link still works", async () => {
    const email = "tamper.target@example.com";
    const token = await inviteAndReadToken(email);
    const variations = [
      flip(token, 0),
      flip(token, token.length - 1),
      flip(token, 20),
      token.slice(0, -1),
      `${token}A`,
      token.toUpperCase(),
      token.toLowerCase(),
      `${token.slice(0, 10)}`,
      "x".repeat(200),
      "名前🙂".repeat(10),
      "../../etc/passwd",
      "' or 1=1 --",
    ].filter((v) => v !== token);

    const intruder = await createUser(server.deps, { email: "intruder@example.com" });
    const intruderCookie = await sessionCookie(server.deps, intruder);
    for (const tampered of variations) {
      const preview = await trpc("invitations.preview", { token: tampered }, "GET");
      expect(preview.status, tampered).toBe(200);
      expect(preview.data, tampered).toEqual({ state: "invalid" });

      const accept = await trpc("invitations.accept", { token: tampered }, "POST", intruderCookie);
      expect(accept.status, tampered).toBeGreaterThanOrEqual(400);
      expect(accept.status, tampered).toBeLessThan(500);
      expect(accept.appCode, tampered).toBe("INVITATION_INVALID");
      expect(accept.message).toBeTruthy();

      const newAccount = await trpc("invitations.acceptWithNewAccount", { token: tampered, name: "Mallory", password: "a long enough password" }, "POST");
      expect(newAccount.appCode, tampered).toBe("INVITATION_INVALID");
    }
    const memberships = await server.deps.db.selectFrom("memberships").select("id").where("workspace_id", "=", workspaceId).where("user_id", "=", intruder.id).execute();
    expect(memberships).toHaveLength(0);
    expect(await server.deps.db.selectFrom("users").select("id").where("name", "=", "Mallory").execute()).toHaveLength(0);

    // The real link still works for its invitee.
    const joined = await trpc("invitations.acceptWithNewAccount", { token, name: "Tamper Target", password: "a long enough password" }, "POST");
    expect(joined.status).toBe(200);
  });

  it("shows a clear page for a tampered link, and keeps the link out of Referer", async () => {
    const token = await inviteAndReadToken("page.tamper@example.com");
    const response = await fetch(`${server.url}/invite/${flip(token, 5)}`);
    expect(response.status).toBeLessThan(500);
    const html = await response.text();
    expect(html).toMatch(/invalid|no longer|not valid|can.?t be used/i);
    expect(["same-origin", "no-referrer"]).toContain(response.headers.get("referrer-policy"));
    const real = await fetch(`${server.url}/invite/${token}`);
    expect(real.status).toBe(200);
    expect(["same-origin", "no-referrer"]).toContain(real.headers.get("referrer-policy"));
  });
});
