/**
 * Times right for each person, below the pages: the formatting module, the
 * client hints read from a request (forged values fall back safely), audit
 * days in the reader's zone, and emails that name their zone (the person's,
 * when their browser told us at sign-in).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatDate, formatEmailTime, formatNumber, isLocale, isTimeZone, nextDay, rememberedDateTexts, rememberedHintChecks, startOfDay, zoneLabel } from "#shared/time/format";
import { readTimeHints } from "#shared/time/hints";
import { addMember, appCodeOf, callerAs, createUser, createWorkspaceOwnedBy, defaultPassword } from "../helpers/fixtures";
import { roleIdsByKey } from "../helpers/invitations";
import { type TestServer, serverForTests } from "../helpers/server";

describe("the formatting module", () => {
  it("formats in the person's zone and locale", () => {
    const at = new Date("2026-11-02T23:30:00Z");
    expect(formatDate(at, { timeZone: "America/Los_Angeles", locale: "de-DE" }, "dateTime")).toBe("2. Nov. 2026, 15:30");
    expect(formatDate(at, { timeZone: "Asia/Kolkata", locale: "en-IN" }, "dateTime")).toBe("3 Nov 2026, 5:00 am");
    expect(formatDate(at, { timeZone: "UTC", locale: "en-US" }, "date")).toBe("Nov 2, 2026");
    expect(formatNumber(1234567, { locale: "de-DE" })).toBe("1.234.567");
    expect(formatNumber(1234567, { locale: "en-IN" })).toBe("12,34,567");
    expect(formatDate("not a date", { timeZone: "UTC", locale: "en-US" })).toBe("—");
  });

  it("finds where a calendar day starts in a zone, across daylight saving changes", () => {
    expect(startOfDay("2026-11-03", "Asia/Kolkata").toISOString()).toBe("2026-11-02T18:30:00.000Z");
    expect(startOfDay("2026-03-08", "America/Los_Angeles").toISOString()).toBe("2026-03-08T08:00:00.000Z"); // the day DST starts: midnight is still PST
    expect(startOfDay("2026-03-09", "America/Los_Angeles").toISOString()).toBe("2026-03-09T07:00:00.000Z");
    expect(startOfDay("2026-11-01", "America/Los_Angeles").toISOString()).toBe("2026-11-01T07:00:00.000Z"); // the day DST ends: midnight is still PDT
    expect(startOfDay("2026-01-01", "Pacific/Chatham").toISOString()).toBe("2025-12-31T10:15:00.000Z");
    expect(startOfDay("2026-06-15", "UTC").toISOString()).toBe("2026-06-15T00:00:00.000Z");
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
    expect(nextDay("2028-02-28")).toBe("2028-02-29");
  });

  it("names the zone in emails", () => {
    const at = new Date("2026-11-24T14:05:00Z");
    expect(formatEmailTime(at)).toBe("24 November 2026 at 14:05 UTC");
    expect(formatEmailTime(at, "America/Los_Angeles")).toBe("24 November 2026 at 06:05 (America/Los Angeles, GMT-08:00)");
    expect(formatEmailTime(at, "Asia/Calcutta")).toBe("24 November 2026 at 19:35 (Asia/Kolkata, GMT+05:30)");
    expect(zoneLabel("Etc/UTC")).toBe("UTC");
  });

  it("knows which zones and locales are real", () => {
    expect(isTimeZone("America/Los_Angeles")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isTimeZone("../../etc/passwd")).toBe(false);
    expect(isTimeZone("")).toBe(false);
    expect(isLocale("de-DE")).toBe(true);
    expect(isLocale("not a locale")).toBe(false);
  });

  it("keeps one formatter per zone and locale: two people's pages in one process, interleaved, each get their own text", () => {
    const at = new Date("2026-11-02T23:30:00Z");
    const berlin = { timeZone: "Europe/Berlin", locale: "de-DE" };
    const tokyo = { timeZone: "Asia/Tokyo", locale: "en-GB" };
    for (let round = 0; round < 3; round += 1) {
      expect(formatDate(at, berlin, "dayTime")).toBe("3. Nov., 0:30");
      expect(formatDate(at, tokyo, "dayTime")).toBe("3 Nov, 8:30");
      expect(formatDate(at, berlin, "date")).toBe("3. Nov. 2026");
      expect(formatDate(at, { ...berlin, locale: "en-US" }, "date")).toBe("Nov 3, 2026");
      expect(formatNumber(1234.5, berlin)).toBe("1.234,5");
      expect(formatNumber(1234.5, tokyo)).toBe("1,234.5");
      // The same instant given as a string, a Date or a number reads the same.
      expect(formatDate(at.toISOString(), tokyo, "dayTime")).toBe("3 Nov, 8:30");
      expect(formatDate(at.getTime(), berlin, "dayTime")).toBe("3. Nov., 0:30");
    }
    // The remembered texts stay bounded however many instants and counts are shown.
    for (let i = 0; i < 6000; i += 1) {
      formatDate(at.getTime() + i * 60_000, tokyo, "time");
      formatNumber(i * 1000, berlin);
    }
    expect(rememberedDateTexts()).toBeLessThanOrEqual(5000);
    expect(formatDate(at, tokyo, "time")).toBe("8:30");
    expect(formatDate(at, berlin, "dayTime")).toBe("3. Nov., 0:30");
    expect(formatNumber(1234.5, berlin)).toBe("1.234,5");
    expect(formatNumber(1234.5, tokyo)).toBe("1,234.5");
    expect(formatNumber(1234567, { locale: "en-IN" })).toBe("12,34,567");
  });

  it("remembers which zones and locales are real (each request's cookies repeat them), and forged ones can't grow that memory", () => {
    for (let round = 0; round < 2; round += 1) {
      expect(isTimeZone("Europe/Berlin")).toBe(true);
      expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
      expect(isLocale("fr-CA")).toBe(true);
      expect(isLocale("de-DE-x-")).toBe(false);
    }
    for (let i = 0; i < 3000; i += 1) {
      expect(isTimeZone(`Forged/Zone_${i}`)).toBe(false);
      isLocale(`en-x-forged${i}`);
    }
    expect(rememberedHintChecks()).toBeLessThanOrEqual(1000);
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isLocale("fr-CA")).toBe(true);
    expect(isLocale("de-DE-x-")).toBe(false);
  });

  it("is the only place the pages format dates and numbers (no ad-hoc toLocaleString in app/)", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(name)) files.push(full);
      }
    };
    walk("app");
    walk("emails");
    const adHoc = files.filter((file) => /toLocale(Date|Time)?String\(|new Intl\.(DateTimeFormat|NumberFormat)/.test(readFileSync(file, "utf8")));
    expect(adHoc).toEqual([]);
  });
});

describe("client hints from a request", () => {
  const read = (cookie: string | null, acceptLanguage: string | null = null) => readTimeHints({ cookie, acceptLanguage });

  it("reads the zone and locale the browser reported", () => {
    expect(read("ta_session=x; ta_tz=America%2FLos_Angeles; ta_locale=de-DE")).toEqual({ timeZone: "America/Los_Angeles", locale: "de-DE", reported: true });
  });

  it("falls back safely on forged or broken values, and to Accept-Language for the locale", () => {
    expect(read("ta_tz=Mars%2FBase; ta_locale=%E0%A4%A")).toEqual({ timeZone: "UTC", locale: "en-US", reported: false });
    expect(read("ta_tz=%3Cscript%3E", "fr-CA,fr;q=0.9")).toEqual({ timeZone: "UTC", locale: "fr-CA", reported: false });
    expect(read(null, "*")).toEqual({ timeZone: "UTC", locale: "en-US", reported: false });
    expect(read(`ta_tz=${"A".repeat(5000)}`).timeZone).toBe("UTC");
  });
});

describe("with a server", () => {
  let server: TestServer;
  serverForTests((started) => (server = started));

  it("the audit log's date filters mean the reader's days, in the zone they name", async () => {
    const owner = await createUser(server.deps);
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Days Ltd");
    await server.deps.db
      .insertInto("audit_events")
      .values([
        { workspace_id: ws.id, action: "settings.changed", target_type: "workspace", target_label: "Late", created_at: new Date("2026-11-02T23:30:00Z") },
        { workspace_id: ws.id, action: "settings.changed", target_type: "workspace", target_label: "Early", created_at: new Date("2026-11-02T01:00:00Z") },
      ])
      .execute();
    const caller = await callerAs(server.deps, owner);
    const labels = async (day: string, timeZone?: string) => (await caller.auditLog.list({ workspaceSlug: ws.slug, filters: { from: day, to: day, target: "a", timeZone } })).entries.map((e) => e.targetLabel).sort();
    expect(await labels("2026-11-02")).toEqual(["Early", "Late"]);
    expect(await labels("2026-11-02", "Asia/Kolkata")).toEqual(["Early"]);
    expect(await labels("2026-11-03", "Asia/Kolkata")).toEqual(["Late"]);
    expect(await labels("2026-11-01", "America/Los_Angeles")).toEqual(["Early"]);
    expect(await appCodeOf(caller.auditLog.list({ workspaceSlug: ws.slug, filters: { timeZone: "Mars/Base" } }))).toBe("INVALID_INPUT");
  });

  async function signInWithZone(email: string, zone: string): Promise<number> {
    const response = await fetch(`${server.url}/trpc/auth.signIn`, {
      method: "POST",
      headers: { origin: server.origin, "content-type": "application/json", cookie: `ta_tz=${encodeURIComponent(zone)}; ta_locale=en-US` },
      body: JSON.stringify({ email, password: defaultPassword }),
    });
    return response.status;
  }
  const storedZone = async (userId: string) => (await server.deps.db.selectFrom("users").select("time_zone").where("id", "=", userId).executeTakeFirstOrThrow()).time_zone;

  it("remembers the zone a person's browser reported when they sign in (a forged one is not stored)", async () => {
    const person = await createUser(server.deps);
    expect(await signInWithZone(person.email, "Mars/Base")).toBe(200);
    expect(await storedZone(person.id)).toBeNull();
    expect(await signInWithZone(person.email, "Asia/Kolkata")).toBe(200);
    expect(await storedZone(person.id)).toBe("Asia/Kolkata");
  });

  it("emails give times in the recipient's zone when known, else in UTC, and always name it", async () => {
    const owner = await createUser(server.deps);
    const ws = await createWorkspaceOwnedBy(server.deps, owner, "Mail Zones");
    const roles = await roleIdsByKey(server.deps, ws.id);
    const known = await createUser(server.deps);
    expect(await signInWithZone(known.email, "America/Los_Angeles")).toBe(200);
    const ownerCaller = await callerAs(server.deps, owner);
    await ownerCaller.invitations.invite({ workspaceSlug: ws.slug, emails: [known.email, "stranger@example.com"], roleIds: [roles.member!], primaryRoleId: roles.member! });
    const textTo = async (to: string, kind: string) => (await server.deps.db.selectFrom("email_outbox").select("text_body").where("to_address", "=", to).where("kind", "=", kind).executeTakeFirstOrThrow()).text_body;
    expect(await textTo(known.email, "invitation")).toMatch(/expires on \d+ \w+ \d{4} at \d\d:\d\d \(America\/Los Angeles, GMT-0[78]:00\)/);
    expect(await textTo("stranger@example.com", "invitation")).toMatch(/expires on \d+ \w+ \d{4} at \d\d:\d\d UTC/);

    // A decided request: "until" in the requester's zone.
    const member = await createUser(server.deps);
    await addMember(server.deps, ws.id, member, ["member"]);
    expect(await signInWithZone(member.email, "Asia/Kolkata")).toBe(200);
    const request = await (await callerAs(server.deps, member)).requests.create({ workspaceSlug: ws.slug, permission: "crm.contacts.export", scope: "own", reason: "Report", duration: "1d" });
    await ownerCaller.requests.approve({ workspaceSlug: ws.slug, requestId: request.id });
    expect(await textTo(member.email, "request_decided")).toMatch(/for 1 day \(until \d+ \w+ \d{4} at \d\d:\d\d \(Asia\/Kolkata, GMT\+05:30\)\)/);
  });
});
