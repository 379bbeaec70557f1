/**
 * Form pages answer in one shape (decision 40), over HTTP as the browser
 * posts them: `{ ok: false, error: { code, message, fields?, retryAfter? } }`
 * with the status /trpc would answer, and on the page an alert that carries
 * the stable code. Before, each page built its own answer: the password
 * form `{ changed, formError, appCode, fieldErrors }`, the sessions page
 * `{ ok, message }` without a code, sign-in `{ formError, appCode }`.
 */
import { describe, expect, it } from "vitest";
import { createUser, createWorkspaceOwnedBy, sessionCookie } from "./helpers/fixtures";
import { type TestServer, serverForTests } from "./helpers/server";

let server: TestServer;
serverForTests((started) => (server = started), { pages: true });

/** A form posted as the browser posts it: the page (HTML), or with `routeId` its action's answer as data (what Remix's client fetches). */
function post(path: string, fields: Record<string, string>, options: { cookie?: string; routeId?: string } = {}) {
  const url = `${server.url}${path}${options.routeId ? `?_data=${encodeURIComponent(options.routeId)}` : ""}`;
  return fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { origin: server.origin, "content-type": "application/x-www-form-urlencoded", ...(options.cookie ? { cookie: options.cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

describe("a refused form answers in the shared shape", () => {
  const mismatch = "The two new passwords don't match.";
  const wrongCurrent = "That isn't your current password. Please try again.";
  it.each([
    {
      story: "two new passwords that differ: a field error with a code, 400",
      fields: (password: string) => ({ currentPassword: password, newPassword: "one new passphrase", confirmPassword: "another passphrase" }),
      status: 400,
      error: { code: "INVALID_INPUT", message: mismatch, fields: { confirmPassword: [mismatch] } },
    },
    {
      story: "a wrong current password: the service's code, its words on the field",
      fields: () => ({ currentPassword: "not my password", newPassword: "one new passphrase", confirmPassword: "one new passphrase" }),
      status: 403,
      error: { code: "PASSWORD_INCORRECT", message: wrongCurrent, fields: { currentPassword: [wrongCurrent] } },
    },
  ])("$story", async ({ fields, status, error }) => {
    const person = await createUser(server.deps);
    const cookie = await sessionCookie(server.deps, person);
    const answer = await post("/account/password", fields(person.password), { cookie, routeId: "routes/account.password" });
    expect(answer.status).toBe(status);
    expect(await answer.json()).toEqual({ ok: false, error });
  });

  it("signing out a session that isn't there: a code, not only words", async () => {
    const person = await createUser(server.deps);
    const cookie = await sessionCookie(server.deps, person);
    const answer = await post("/account/sessions", { intent: "sign-out", sessionId: "0".repeat(64), device: "Old laptop" }, { cookie, routeId: "routes/account.sessions" });
    const body = (await answer.json()) as { ok: boolean; error?: { code: string; message: string } };
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(body.ok).toBe(false);
    expect(body.error?.code).toMatch(/^[A-Z_]+$/);
    expect(body.error?.message).toBeTruthy();
  });

  it("a done form answers { ok: true, … }", async () => {
    const person = await createUser(server.deps);
    const cookie = await sessionCookie(server.deps, person);
    const answer = await post("/account/sessions", { intent: "sign-out-others" }, { cookie, routeId: "routes/account.sessions" });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ ok: true, message: "You were not signed in anywhere else." });
  });

  it("the workspace's name typed wrong before deleting: on its field, with the code", async () => {
    const owner = await createUser(server.deps);
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Keep Me Co");
    const cookie = await sessionCookie(server.deps, owner);
    const answer = await post(`/w/${ws.slug}/settings/billing`, { intent: "delete", confirmName: "Not The Name", password: owner.password }, { cookie, routeId: "routes/w.$slug.settings.billing" });
    const body = (await answer.json()) as { ok: boolean; intent: string; error: { code: string; fields?: Record<string, string[]> } };
    expect(body).toMatchObject({ ok: false, intent: "delete", error: { code: "WORKSPACE_NAME_MISMATCH" } });
    expect(Object.keys(body.error.fields ?? {})).toEqual(["confirmName"]);
  });

  it("the page shows the refusal in words with its stable code", async () => {
    const person = await createUser(server.deps);
    const page = await post("/sign-in", { email: person.email, password: "not the password", redirectTo: "" });
    expect(page.status).toBe(401);
    const html = await page.text();
    expect(html).toMatch(/data-testid="form-refusal" data-code="INVALID_CREDENTIALS"/);
    expect(html).toContain("That email and password don&#x27;t match. Please try again.");
  });
});
