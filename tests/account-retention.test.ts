/**
 * Retention of account data: emailed links and rate-limit counters are
 * deleted by plain exported functions once they carry nothing useful; the
 * server's sweep keeps expired links a week so they still read "expired".
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteExpiredAccountTokens, issueAccountToken } from "../server/auth/accountTokens";
import { consumeRateLimit } from "../server/auth/rateLimit";
import { expiredLinkRetentionMs, sweepAccountData } from "../server/services/account/sweeper";
import { createUser } from "./helpers/fixtures";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const ago = (ms: number) => new Date(Date.now() - ms);

describe("account data retention", () => {
  it("deletes links expired before the cutoff and keeps the rest", async () => {
    const person = await createUser(server.deps);
    const old = await issueAccountToken(server.deps.db, { userId: person.id, purpose: "reset_password", email: person.email });
    const recent = await issueAccountToken(server.deps.db, { userId: person.id, purpose: "verify_email", email: person.email });
    const open = await issueAccountToken(server.deps.db, { userId: person.id, purpose: "change_email", email: "next@example.com" });
    await server.deps.db.updateTable("account_tokens").set({ expires_at: ago(expiredLinkRetentionMs + 60_000) }).where("id", "=", old.id).execute();
    await server.deps.db.updateTable("account_tokens").set({ expires_at: ago(60_000) }).where("id", "=", recent.id).execute();

    const swept = await sweepAccountData(server.deps);
    expect(swept.links).toBe(1);
    const left = await server.deps.db.selectFrom("account_tokens").select("id").where("user_id", "=", person.id).orderBy("created_at").execute();
    expect(left.map((r) => r.id).sort()).toEqual([recent.id, open.id].sort());

    expect(await deleteExpiredAccountTokens(server.deps.db, new Date())).toBe(1);
    expect((await server.deps.db.selectFrom("account_tokens").select("id").where("user_id", "=", person.id).execute()).map((r) => r.id)).toEqual([open.id]);
  });

  it("deletes rate-limit counters whose window has ended", async () => {
    await consumeRateLimit(server.deps.db, [
      { key: "retention:ended", limit: 1, windowSeconds: 60 },
      { key: "retention:open", limit: 1, windowSeconds: 60 },
    ]);
    await sql`update rate_limits set window_ends_at = now() - interval '1 second' where key = 'retention:ended'`.execute(server.deps.db);
    expect((await sweepAccountData(server.deps)).rateLimits).toBeGreaterThanOrEqual(1);
    const keys = (await server.deps.db.selectFrom("rate_limits").select("key").where("key", "like", "retention:%").execute()).map((r) => r.key);
    expect(keys).toEqual(["retention:open"]);
  });
});
