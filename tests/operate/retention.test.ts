import { createHash, randomBytes } from "node:crypto";
/**
 * Retention sweeps: each removes exactly what has been unneeded for longer
 * than its period, and nothing else. Checked as properties: random rows on
 * both sides of the cutoff (and on it), random periods, then every row's
 * fate compared with the rule.
 */
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountTokenEndReason, AccountTokenPurpose, EmailStatus, InvitationStatus } from "#db/schema";
import { loadConfig } from "#server/config";
import type { Logger } from "#server/log";
import { retentionRules, runRetentionSweeps } from "#server/retention/registry";
import {
  deleteEndedRateLimits,
  deleteExpiredAccountLinks,
  deleteExpiredSessions,
  deleteOldMailboxEntries,
  deleteSignInThrottles,
  removeDeliveredEmailBodies,
  removeExpiredInvitationTokens,
} from "#server/retention/sweeps";
import { newInvitationToken } from "#server/services/invitations/tokens";
import { createUser, createWorkspaceOwnedBy, type TestUser } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let user: TestUser;
let workspaceId: string;
beforeAll(async () => {
  // No email worker: it would deliver the queued rows these tests insert into the mailbox.
  server = await startTestServer({ env: { EMAIL_WORKER: "0" } });
  user = await createUser(server.deps);
  workspaceId = (await createWorkspaceOwnedBy(server.deps, user, "Retention Ltd")).id;
});
afterAll(async () => {
  await server.stop();
});

const now = new Date("2027-03-01T12:00:00Z");
const hour = 3_600_000;
const day = 24 * hour;
const periodArb = fc.constantFrom(0, hour, day, 7 * day, 30 * day);
/** Seconds from the cutoff: before it, on it, after it. */
const offsetArb = fc.oneof(fc.integer({ min: -5 * 86_400, max: 5 * 86_400 }), fc.constantFrom(-1, 0, 1));
const at = (period: number, offsetSeconds: number) => new Date(now.getTime() - period + offsetSeconds * 1000);
const runs = { numRuns: 12 };

describe("each sweep deletes exactly what is past its period", () => {
  it("email bodies: emptied once delivered (or given up) for longer than the period; the delivery record stays", async () => {
    const statusArb = fc.constantFrom<EmailStatus>("queued", "sending", "sent", "failed", "undeliverable");
    const rowArb = fc.record({ status: statusArb, offset: offsetArb, sentLater: fc.integer({ min: 0, max: 3_600 }), alreadyRemoved: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(periodArb, fc.array(rowArb, { minLength: 1, maxLength: 15 }), async (period, rows) => {
        await server.deps.db.deleteFrom("dev_mailbox").execute();
        await server.deps.db.deleteFrom("email_outbox").execute();
        const inserted = [];
        for (const [i, row] of rows.entries()) {
          const createdAt = at(period, row.offset);
          const sentAt = row.status === "sent" ? new Date(createdAt.getTime() + row.sentLater * 1000) : null;
          inserted.push(
            await server.deps.db
              .insertInto("email_outbox")
              .values({
                kind: "invitation",
                to_address: `person${i}@example.com`,
                from_address: "Team Access <invites@example.com>",
                subject: `Subject ${i}`,
                html_body: `<a href="https://app.example/invite/token${i}">join</a>`,
                text_body: `https://app.example/invite/token${i}`,
                status: row.status,
                provider_message_id: row.status === "sent" ? `pm-${i}` : null,
                created_at: createdAt,
                sent_at: sentAt,
                body_removed_at: row.alreadyRemoved ? createdAt : null,
              })
              .returningAll()
              .executeTakeFirstOrThrow(),
          );
        }
        const cutoff = now.getTime() - period;
        const due = inserted.filter((r) => r.body_removed_at === null && ["sent", "failed", "undeliverable"].includes(r.status) && (r.sent_at ?? r.created_at).getTime() < cutoff);
        expect(await removeDeliveredEmailBodies(server.deps.db, now, period)).toBe(due.length);
        const after = await server.deps.db.selectFrom("email_outbox").selectAll().execute();
        expect(after).toHaveLength(inserted.length);
        for (const before of inserted) {
          const row = after.find((r) => r.id === before.id);
          if (due.includes(before)) {
            expect(row).toEqual({ ...before, html_body: "", text_body: "", body_removed_at: now });
          } else {
            expect(row).toEqual(before);
          }
        }
      }),
      runs,
    );
  });

  it("development mailbox: entries older than the period", async () => {
    await fc.assert(
      fc.asyncProperty(periodArb, fc.array(offsetArb, { minLength: 1, maxLength: 15 }), async (period, offsets) => {
        await server.deps.db.deleteFrom("dev_mailbox").execute();
        const rows = [];
        for (const [i, offset] of offsets.entries()) {
          rows.push(
            await server.deps.db
              .insertInto("dev_mailbox")
              .values({ to_address: `p${i}@example.com`, from_address: "a@example.com", subject: "s", html_body: "h", text_body: "t", created_at: at(period, offset) })
              .returning(["id", "created_at"])
              .executeTakeFirstOrThrow(),
          );
        }
        const kept = rows
          .filter((r) => r.created_at.getTime() >= now.getTime() - period)
          .map((r) => r.id)
          .sort();
        expect(await deleteOldMailboxEntries(server.deps.db, now, period)).toBe(rows.length - kept.length);
        expect((await server.deps.db.selectFrom("dev_mailbox").select("id").execute()).map((r) => r.id).sort()).toEqual(kept);
      }),
      runs,
    );
  });

  it("sessions: expired for longer than the period", async () => {
    await fc.assert(
      fc.asyncProperty(periodArb, fc.array(offsetArb, { minLength: 1, maxLength: 15 }), async (period, offsets) => {
        await server.deps.db.deleteFrom("sessions").execute();
        const rows = offsets.map((offset, i) => ({ id: createHash("sha256").update(`session-${i}-${offset}`).digest("hex"), user_id: user.id, expires_at: at(period, offset) }));
        await server.deps.db.insertInto("sessions").values(rows).execute();
        const kept = rows
          .filter((r) => r.expires_at.getTime() >= now.getTime() - period)
          .map((r) => r.id)
          .sort();
        expect(await deleteExpiredSessions(server.deps.db, now, period)).toBe(rows.length - kept.length);
        expect((await server.deps.db.selectFrom("sessions").select("id").execute()).map((r) => r.id).sort()).toEqual(kept);
      }),
      runs,
    );
  });

  it("sign-in throttles: rows whose latest failure and lock both ended longer ago than the period", async () => {
    const rowArb = fc.record({ failure: offsetArb, lock: fc.option(offsetArb, { nil: null }) });
    await fc.assert(
      fc.asyncProperty(periodArb, fc.array(rowArb, { minLength: 1, maxLength: 15 }), async (period, specs) => {
        await server.deps.db.deleteFrom("sign_in_throttles").execute();
        const rows = specs.map((s, i) => ({
          key: `email:p${i}@example.com`,
          failures: 3,
          first_failure_at: at(period, s.failure),
          locked_until: s.lock === null ? null : at(period, s.lock),
        }));
        await server.deps.db.insertInto("sign_in_throttles").values(rows).execute();
        const last = (r: (typeof rows)[number]) => Math.max(r.first_failure_at.getTime(), r.locked_until?.getTime() ?? 0);
        const kept = rows
          .filter((r) => last(r) >= now.getTime() - period)
          .map((r) => r.key)
          .sort();
        expect(await deleteSignInThrottles(server.deps.db, now, period)).toBe(rows.length - kept.length);
        expect((await server.deps.db.selectFrom("sign_in_throttles").select("key").execute()).map((r) => r.key).sort()).toEqual(kept);
      }),
      runs,
    );
  });

  it("invitation tokens: forgotten once the invitation ended and expired longer ago than the period; pending ones always keep theirs", async () => {
    const rowArb = fc.record({ status: fc.constantFrom<InvitationStatus>("pending", "accepted", "cancelled", "expired", "voided"), offset: offsetArb });
    await fc.assert(
      fc.asyncProperty(periodArb, fc.array(rowArb, { minLength: 1, maxLength: 15 }), async (period, specs) => {
        await server.deps.db.deleteFrom("invitations").execute();
        const inserted = [];
        for (const [i, spec] of specs.entries()) {
          inserted.push(
            await server.deps.db
              .insertInto("invitations")
              .values({ workspace_id: workspaceId, email: `invitee${i}@example.com`, token_hash: newInvitationToken().hash, status: spec.status, expires_at: at(period, spec.offset) })
              .returningAll()
              .executeTakeFirstOrThrow(),
          );
        }
        const due = inserted.filter((r) => r.status !== "pending" && r.expires_at.getTime() < now.getTime() - period);
        expect(await removeExpiredInvitationTokens(server.deps.db, now, period)).toBe(due.length);
        const after = await server.deps.db.selectFrom("invitations").selectAll().execute();
        expect(after).toHaveLength(inserted.length);
        for (const before of inserted) {
          expect(after.find((r) => r.id === before.id)).toEqual(due.includes(before) ? { ...before, token_hash: null } : before);
        }
      }),
      runs,
    );
  });

  it("account links: deleted once expired longer ago than the period, whether used, replaced, cancelled or never opened", async () => {
    const rowArb = fc.record({
      purpose: fc.constantFrom<AccountTokenPurpose>("verify_email", "reset_password", "change_email"),
      ended: fc.option(fc.constantFrom<AccountTokenEndReason>("used", "replaced", "cancelled"), { nil: null }),
      offset: offsetArb,
    });
    await fc.assert(
      fc.asyncProperty(periodArb, fc.array(rowArb, { minLength: 1, maxLength: 15 }), async (period, specs) => {
        await server.deps.db.deleteFrom("account_tokens").execute();
        const rows = [];
        for (const spec of specs) {
          const expiresAt = at(period, spec.offset);
          rows.push(
            await server.deps.db
              .insertInto("account_tokens")
              .values({
                user_id: user.id,
                purpose: spec.purpose,
                token_hash: randomBytes(32),
                email: user.email,
                created_at: new Date(expiresAt.getTime() - hour),
                expires_at: expiresAt,
                ended_at: spec.ended ? new Date(expiresAt.getTime() - 60_000) : null,
                end_reason: spec.ended,
              })
              .returning(["id", "expires_at"])
              .executeTakeFirstOrThrow(),
          );
        }
        const kept = rows
          .filter((r) => r.expires_at.getTime() >= now.getTime() - period)
          .map((r) => r.id)
          .sort();
        expect(await deleteExpiredAccountLinks(server.deps.db, now, period)).toBe(rows.length - kept.length);
        expect((await server.deps.db.selectFrom("account_tokens").select("id").execute()).map((r) => r.id).sort()).toEqual(kept);
      }),
      runs,
    );
  });

  it("account rate limits: counters whose window ended longer ago than the period", async () => {
    const rowArb = fc.record({ hits: fc.integer({ min: 1, max: 50 }), offset: offsetArb });
    await fc.assert(
      fc.asyncProperty(periodArb, fc.array(rowArb, { minLength: 1, maxLength: 15 }), async (period, specs) => {
        await server.deps.db.deleteFrom("rate_limits").execute();
        const rows = specs.map((s, i) => ({ key: `password-reset:address:p${i}@example.com`, hits: s.hits, window_ends_at: at(period, s.offset) }));
        await server.deps.db.insertInto("rate_limits").values(rows).execute();
        const kept = rows
          .filter((r) => r.window_ends_at.getTime() >= now.getTime() - period)
          .map((r) => r.key)
          .sort();
        expect(await deleteEndedRateLimits(server.deps.db, now, period)).toBe(rows.length - kept.length);
        expect((await server.deps.db.selectFrom("rate_limits").select("key").execute()).map((r) => r.key).sort()).toEqual(kept);
      }),
      runs,
    );
  });

  it("works in batches: more than one batch of old rows all go, in one call", async () => {
    await server.deps.db.deleteFrom("dev_mailbox").execute();
    await sql`
      insert into dev_mailbox (to_address, from_address, subject, html_body, text_body, created_at)
      select 'bulk' || n || '@example.com', 'a@example.com', 's', 'h', 't', ${new Date(now.getTime() - 10 * day)}::timestamptz
      from generate_series(1, 2500) as n
    `.execute(server.deps.db);
    expect(await deleteOldMailboxEntries(server.deps.db, now, day)).toBe(2500);
    expect((await server.deps.db.selectFrom("dev_mailbox").select("id").execute()).length).toBe(0);
  });

  it("a pending invitation cannot lose its token (the database refuses it)", async () => {
    const invitation = await server.deps.db
      .insertInto("invitations")
      .values({ workspace_id: workspaceId, email: "still.pending@example.com", token_hash: newInvitationToken().hash, expires_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expect(server.deps.db.updateTable("invitations").set({ token_hash: null }).where("id", "=", invitation.id).execute()).rejects.toThrow(/invitations_pending_has_token/);
  });
});

describe("the retention job", () => {
  const quietLog: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

  it("has one rule per kind of data, each with its configured period (documented defaults)", () => {
    const config = loadConfig({ RETENTION_EMAIL_BODIES: "14d", RETENTION_EXPIRED_SESSIONS: "0s" });
    const rules = Object.fromEntries(retentionRules(config.retention).map((r) => [r.name, r.periodMs]));
    expect(rules).toEqual({
      "email bodies": 14 * day,
      "development mailbox": 7 * day,
      "expired sessions": 0,
      "sign-in throttles": day,
      "invitation tokens": 30 * day,
      "replaced invitation links": 30 * day,
      "account links": 7 * day,
      "invite link tokens": 30 * day,
      "domain verification links": 7 * day,
      "account rate limits": hour,
    });
    expect(loadConfig({}).retention.sweepEveryMs).toBe(hour);
    // A throttle row must outlive its counting window and lock.
    expect(() => loadConfig({ RETENTION_SIGN_IN_THROTTLES: "10m" })).toThrow(/RETENTION_SIGN_IN_THROTTLES: Must be at least 1h/);
    // Rate-limit windows end by the database's clock: a margin for the server's clock to differ.
    expect(() => loadConfig({ RETENTION_RATE_LIMITS: "0s" })).toThrow(/RETENTION_RATE_LIMITS: Must be at least 1m/);
    expect(loadConfig({ RETENTION_ACCOUNT_LINKS: "2d" }).retention.accountLinks).toBe(2 * day);
  });

  it("runs every rule even when one fails, and reports what each removed", async () => {
    await server.deps.db.deleteFrom("dev_mailbox").execute();
    await server.deps.db
      .insertInto("dev_mailbox")
      .values({ to_address: "old@example.com", from_address: "a@example.com", subject: "s", html_body: "h", text_body: "t", created_at: new Date(Date.now() - 30 * day) })
      .execute();
    const failing = { name: "broken", periodMs: 0, sweep: async () => Promise.reject(new Error("nope")) };
    const counts = await runRetentionSweeps(server.deps.db, [failing, ...retentionRules(server.deps.config.retention)], quietLog);
    expect(counts["development mailbox"]).toBe(1);
    expect(counts.broken).toBeUndefined();
  });

  it("is on the server's scheduler", async () => {
    await server.deps.db
      .insertInto("dev_mailbox")
      .values({ to_address: "older@example.com", from_address: "a@example.com", subject: "s", html_body: "h", text_body: "t", created_at: new Date(Date.now() - 30 * day) })
      .execute();
    await server.scheduler.job("retention sweeps")?.runNow();
    expect(await server.deps.db.selectFrom("dev_mailbox").select("id").where("to_address", "=", "older@example.com").execute()).toEqual([]);
  });
});
