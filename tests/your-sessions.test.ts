/**
 * Your sessions: a person sees only their own browsers, described in words,
 * this one marked; signing one out (or all the others) ends it at once, over
 * HTTP and on its open sockets, and ends a view-as in progress on it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, appCodeOf, createUser, createWorkspaceOwnedBy, httpClient, sessionIdOfCookie, type TestUser } from "./helpers/fixtures";
import { callerWithCookie } from "./helpers/owner";
import { type LiveSocket, connectKept } from "./helpers/sockets";
import { startTestServer, type TestServer } from "./helpers/server";

const laptop = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
const phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";

let server: TestServer;
const open: LiveSocket[] = [];
beforeAll(async () => {
  server = await startTestServer({ env: { TRUST_PROXY_HOPS: 1 } });
});
afterAll(async () => {
  for (const socket of open) socket.close();
  await server?.stop();
});

/** Signs in over HTTP as a browser would: its own user agent and address. */
async function signInFrom(user: TestUser, userAgent: string, ip: string): Promise<string> {
  const response = await fetch(`${server.url}/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.origin, "user-agent": userAgent, "x-forwarded-for": ip },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

const socketFor = (cookie: string) => connectKept(open, server, { cookie });

describe("the list", () => {
  it("shows my sessions only, in words, with address and times, this one first and marked", async () => {
    const me = await createUser(server.deps);
    const someoneElse = await createUser(server.deps);
    const onLaptop = await signInFrom(me, laptop, "203.0.113.5");
    await signInFrom(me, phone, "198.51.100.9");
    await signInFrom(someoneElse, laptop, "192.0.2.1");

    const sessions = await httpClient(server, onLaptop).sessions.list.query();
    expect(sessions).toHaveLength(2);
    expect(sessions[0]).toMatchObject({ current: true, ip: "203.0.113.5", device: { summary: "Chrome 120 on macOS", kind: "computer" } });
    expect(sessions[0]?.id).toBe(sessionIdOfCookie(onLaptop));
    expect(sessions[1]).toMatchObject({ current: false, ip: "198.51.100.9", device: { summary: "Safari 17 on iPhone (iOS 17.1)", kind: "phone" } });
    for (const s of sessions) {
      expect(Number.isNaN(Date.parse(s.signedInAt))).toBe(false);
      expect(Number.isNaN(Date.parse(s.lastSeenAt))).toBe(false);
    }
  });

  it("is for signed-in people only", async () => {
    expect(await appCodeOf(httpClient(server, null).sessions.list.query())).toBe("NOT_SIGNED_IN");
  });
});

describe("signing out another browser", () => {
  it("ends that session at once: its cookie stops working and its sockets close; this browser stays", async () => {
    const me = await createUser(server.deps);
    const here = await signInFrom(me, laptop, "203.0.113.5");
    const there = await signInFrom(me, phone, "198.51.100.9");
    const hereSocket = await socketFor(here);
    const thereSocket = await socketFor(there);

    expect(await httpClient(server, here).sessions.signOut.mutate({ sessionId: sessionIdOfCookie(there) })).toEqual({ thisBrowser: false });
    await expect(thereSocket.waitForDisconnect(2_000)).resolves.toBe("io server disconnect");
    expect(await appCodeOf(httpClient(server, there).workspaces.mine.query())).toBe("NOT_SIGNED_IN");
    expect(await httpClient(server, there).auth.me.query()).toBeNull();
    expect(hereSocket.socket.connected).toBe(true);
    expect(await httpClient(server, here).auth.me.query()).toMatchObject({ email: me.email });
    // Already gone: said so.
    expect(await appCodeOf(httpClient(server, here).sessions.signOut.mutate({ sessionId: sessionIdOfCookie(there) }))).toBe("NOT_FOUND");
  });

  it("can't touch anyone else's session", async () => {
    const me = await createUser(server.deps);
    const stranger = await createUser(server.deps);
    const mine = await signInFrom(me, laptop, "203.0.113.5");
    const theirs = await signInFrom(stranger, laptop, "192.0.2.7");
    expect(await appCodeOf(httpClient(server, mine).sessions.signOut.mutate({ sessionId: sessionIdOfCookie(theirs) }))).toBe("NOT_FOUND");
    expect(await httpClient(server, theirs).auth.me.query()).toMatchObject({ email: stranger.email });
  });

  it("signing out this browser from the list clears its cookie", async () => {
    const me = await createUser(server.deps);
    const here = await signInFrom(me, laptop, "203.0.113.5");
    const response = await fetch(`${server.url}/trpc/sessions.signOut`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.origin, cookie: here },
      body: JSON.stringify({ sessionId: sessionIdOfCookie(here) }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(/^ta_session=;.*Max-Age=0/);
    expect(await httpClient(server, here).auth.me.query()).toBeNull();
  });
});

describe("signing out all other browsers", () => {
  it("ends every other session and its sockets; this one stays", async () => {
    const me = await createUser(server.deps);
    const here = await signInFrom(me, laptop, "203.0.113.5");
    const others = [await signInFrom(me, phone, "198.51.100.9"), await signInFrom(me, laptop, "198.51.100.10")];
    const otherSockets = await Promise.all(others.map(socketFor));
    const hereSocket = await socketFor(here);

    expect(await httpClient(server, here).sessions.signOutOthers.mutate()).toEqual({ signedOut: 2 });
    for (const socket of otherSockets) await expect(socket.waitForDisconnect(2_000)).resolves.toBe("io server disconnect");
    for (const cookie of others) expect(await httpClient(server, cookie).auth.me.query()).toBeNull();
    expect(hereSocket.socket.connected).toBe(true);
    expect(await httpClient(server, here).sessions.list.query()).toHaveLength(1);
    expect(await httpClient(server, here).sessions.signOutOthers.mutate()).toEqual({ signedOut: 0 });
  });

  it("ends an owner's view-as in progress on a signed-out browser, and records it", async () => {
    const owner = await createUser(server.deps);
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "View Co");
    const member = await createUser(server.deps);
    const membershipId = await addMember(server.deps, ws.id, member, ["member"]);
    const viewing = await signInFrom(owner, laptop, "203.0.113.5");
    const elsewhere = await signInFrom(owner, phone, "198.51.100.9");
    await callerWithCookie(server.deps, viewing).impersonation.start({ workspaceSlug: ws.slug, membershipId, password: owner.password });

    await httpClient(server, elsewhere).sessions.signOutOthers.mutate();

    const impersonation = await server.deps.db.selectFrom("impersonations").select(["ended_at", "end_reason"]).where("owner_user_id", "=", owner.id).executeTakeFirstOrThrow();
    expect(impersonation.end_reason).toBe("stopped");
    expect(impersonation.ended_at).not.toBeNull();
    const audit = await server.deps.db.selectFrom("audit_events").select("action").where("workspace_id", "=", ws.id).where("action", "=", "impersonation.ended").execute();
    expect(audit).toHaveLength(1);
  });
});
