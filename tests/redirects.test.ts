/**
 * Redirects after sign-in and sign-up go only to the app's own origin,
 * whatever the `redirectTo` says: a property test throws hostile targets at
 * the one function every such redirect uses, and HTTP tests reproduce the
 * reported hole (`/sign-in?redirectTo=/%09/evil.example`) on the real pages.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { safeRedirectTarget } from "#server/http/redirectTarget";
import { createUser, sessionCookie, type TestUser } from "./helpers/fixtures";
import { type TestServer, serverForTests } from "./helpers/server";

const origin = "http://localhost:3000";
const fallback = "/fallback";
const check = (target: unknown) => safeRedirectTarget(target, { origin, fallback });

/** What a browser does with a Location header: WHATWG URL parsing against the page it is on. */
function followedFrom(page: string, location: string): URL {
  return new URL(location, page);
}

function expectSafe(target: unknown, result: string) {
  const label = JSON.stringify(target);
  expect(result.startsWith("/"), label).toBe(true);
  expect(result.startsWith("//") || result.startsWith("/\\"), label).toBe(false);
  expect(/[\u0000-\u001F\u007F\\]/.test(result), label).toBe(false);
  for (const page of [`${origin}/sign-in?redirectTo=x`, `${origin}/w/acme/members`, `${origin}/`]) {
    expect(followedFrom(page, result).origin, `${label} from ${page}`).toBe(origin);
  }
  // Stable: checking the answer again changes nothing.
  expect(check(result), label).toBe(result);
}

// Pieces attackers combine: separators browsers rewrite, control characters
// they drop, encodings of both, schemes, userinfo, other hosts.
const hostilePiece = fc.constantFrom(
  "/",
  "//",
  "///",
  "\\",
  "/\\",
  "\\/",
  "\t",
  "\n",
  "\r",
  "\u0000",
  "\u001f",
  "\u007f",
  " ",
  "\u00a0",
  "\u3000",
  "\uff0f",
  "\u2215",
  "%09",
  "%0a",
  "%0D",
  "%00",
  "%5c",
  "%5C",
  "%2f",
  "%2F",
  "%252f",
  "%2509",
  "%255c",
  "%%",
  "%",
  "%e0%a4%a",
  ".",
  "..",
  "/./",
  "/../",
  "/.//",
  "?",
  "#",
  "@",
  ":",
  ";",
  "javascript:",
  "JavaScript:",
  "java\tscript:",
  "data:",
  "vbscript:",
  "http:",
  "https:",
  "http://",
  "https://",
  "ftp://",
  "evil.example",
  "//evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "user:pass@",
  "localhost:3000@",
  "@evil.example",
  "localhost:3000",
  "127.0.0.1",
  "[::1]",
  "%2f%2fevil.example",
  "/%09/evil.example",
  "/%5cevil.example",
  "alert(1)",
);
const hostileTarget = fc.oneof(
  fc.array(hostilePiece, { minLength: 1, maxLength: 8 }).map((pieces) => pieces.join("")),
  fc.tuple(fc.array(hostilePiece, { maxLength: 4 }), fc.string({ maxLength: 20 }), fc.array(hostilePiece, { maxLength: 4 })).map(([a, middle, b]) => `${a.join("")}${middle}${b.join("")}`),
  fc.string({ maxLength: 40 }),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
);

describe("safeRedirectTarget", () => {
  it("never sends anyone off the app's origin, whatever the target", () => {
    fc.assert(
      fc.property(hostileTarget, (target) => {
        expectSafe(target, check(target));
      }),
      { numRuns: 5_000 },
    );
  });

  it("refuses the known tricks, each going to the fallback", () => {
    for (const target of [
      "/\t/evil.example",
      "/%09/evil.example",
      "/%2509/evil.example",
      "/\n/evil.example",
      "/%0a/evil.example",
      "//evil.example",
      "/\\evil.example",
      "/%5cevil.example",
      "\\\\evil.example",
      "/.//evil.example",
      "/%2F/evil.example",
      "javascript:alert(1)",
      "java\tscript:alert(1)",
      "http://evil.example/",
      "https://evil.example/w/acme",
      "http://localhost:3000@evil.example/",
      "//localhost:3000@evil.example",
      "http:evil.example",
      `${origin}/w/acme`, // absolute addresses are not followed, even our own
      "w/acme",
      "",
      "/".padEnd(3_000, "a"),
      null,
      undefined,
      42,
    ]) {
      expect(check(target), JSON.stringify(target)).toBe(fallback);
    }
  });

  it("keeps ordinary paths on the site as they are", () => {
    const segment = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.option(fc.tuple(segment, segment)), (segments, query) => {
        const path = `/${segments.join("/")}${query ? `?${query[0]}=${query[1]}` : ""}`;
        expect(check(path)).toBe(path);
      }),
    );
    expect(check("/w/acme/members?page=2#row-4")).toBe("/w/acme/members?page=2#row-4");
    expect(check("/invite/AbC_12-xyz")).toBe("/invite/AbC_12-xyz");
    // Dot segments are resolved as the browser would.
    expect(check("/w/acme/../other")).toBe("/w/other");
  });
});

describe("over HTTP, on the sign-in and sign-up pages", () => {
  let server: TestServer;
  let user: TestUser;
  serverForTests((started) => (server = started), { pages: true });
  beforeAll(async () => {
    user = await createUser(server.deps);
  });

  function postForm(path: string, fields: Record<string, string>) {
    return fetch(`${server.url}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: server.origin, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  }

  function expectStaysHome(response: Response, expected: string) {
    expect(response.status).toBe(302);
    const location = response.headers.get("location") ?? "";
    expect(location).toBe(expected);
    expect(new URL(location, `${server.origin}/sign-in`).origin).toBe(server.origin);
  }

  it("GET /sign-in?redirectTo=/%09/evil.example, signed in, goes home, not to evil.example", async () => {
    const cookie = await sessionCookie(server.deps, user);
    const response = await fetch(`${server.url}/sign-in?redirectTo=/%09/evil.example`, { headers: { cookie }, redirect: "manual" });
    expectStaysHome(response, "/");
  });

  it("the sign-in form's redirectTo is checked the same way", async () => {
    for (const redirectTo of ["/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)"]) {
      expectStaysHome(await postForm("/sign-in", { email: user.email, password: user.password, redirectTo }), "/");
    }
    // And a real path on the site is followed.
    expectStaysHome(await postForm("/sign-in", { email: user.email, password: user.password, redirectTo: "/w/acme/members?page=2" }), "/w/acme/members?page=2");
  });

  it("the sign-up form's redirectTo too", async () => {
    const response = await postForm("/sign-up", { name: "Nina New", email: "nina.new@example.com", password: "a long password", redirectTo: "/\t/evil.example" });
    expectStaysHome(response, "/workspaces/new");
  });
});
