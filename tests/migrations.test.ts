/**
 * The latest migrations go down and up again on a database with data in
 * it, and a database migrated before a branch's migration landed (a later
 * name already applied) still takes it: main's accounts (200) after
 * operate's 401, and the access rails (301) after main's 100, 200 and 401.
 */
import { type Kysely, Migrator, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type DatabaseHandle } from "#db/client";
import { migrations } from "#db/migrations";
import { migrateDown, migrateToLatest } from "#db/migrator";
import type { Database } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

const latest = [
  "2026_11_26_100_hashed_sessions",
  "2026_11_26_200_accounts",
  "2026_11_26_301_access_rails",
  "2026_11_26_401_retention_and_time_zones",
  "2026_11_27_501_companies",
  "2026_11_27_700_invitations_per_person",
  "2026_11_27_801_invite_links_and_domains",
];

let testDatabase: TestDatabase;
let handle: DatabaseHandle;
let db: Kysely<Database>;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
  handle = createDatabase(testDatabase.url, { max: 2 });
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
  await testDatabase?.drop();
});

async function columns(table: string): Promise<string[]> {
  const rows = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_name = ${table}`.execute(db);
  return rows.rows.map((r) => r.column_name);
}

async function tableExists(table: string): Promise<boolean> {
  const rows = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name = ${table}`.execute(db);
  return (rows.rows[0]?.n ?? 0) > 0;
}

async function downThroughLatest(): Promise<string[]> {
  const reverted: string[] = [];
  for (let i = 0; i < latest.length; i += 1) reverted.push(...(await migrateDown(db)));
  return reverted;
}

describe("migrations", () => {
  it("the latest ones go down and up again with data in their tables", async () => {
    const user = await db.insertInto("users").values({ email: "migrating@example.com", name: "Migrating Person", email_verified_at: new Date(), time_zone: "Asia/Kolkata" }).returning("id").executeTakeFirstOrThrow();
    await sql`insert into account_tokens (user_id, purpose, token_hash, email, expires_at) values (${user.id}, 'reset_password', sha256('x'::bytea), 'migrating@example.com', now())`.execute(db);
    await sql`insert into rate_limits (key, hits, window_ends_at) values ('sign-up:client:127.0.0.1', 1, now())`.execute(db);

    expect(await downThroughLatest()).toEqual(latest.map((name) => `reverted ${name}`).reverse());
    expect(await tableExists("account_tokens")).toBe(false);
    expect(await tableExists("rate_limits")).toBe(false);
    expect(await tableExists("invitation_replaced_tokens")).toBe(false);
    expect(await columns("invitations")).not.toEqual(expect.arrayContaining(["department_id"]));
    expect(await tableExists("invite_links")).toBe(false);
    expect(await columns("users")).not.toEqual(expect.arrayContaining(["email_verified_at"]));
    expect(await columns("users")).not.toEqual(expect.arrayContaining(["time_zone"]));
    expect(await columns("sessions")).not.toEqual(expect.arrayContaining(["last_seen_at"]));

    expect(await migrateToLatest(db)).toEqual(latest.map((name) => `applied ${name}`));
    expect(await columns("users")).toEqual(expect.arrayContaining(["email_verified_at", "time_zone"]));
    expect(await tableExists("account_tokens")).toBe(true);
    expect(await tableExists("invitation_replaced_tokens")).toBe(true);
    expect(await columns("invitations")).toEqual(expect.arrayContaining(["department_id", "manager_id"]));
    expect(await tableExists("invite_links")).toBe(true);
    // The person who joined nothing starts unconfirmed again after the round trip (decision 17).
    const after = await db.selectFrom("users").select("email_verified_at").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(after.email_verified_at).toBeNull();
  });

  it("the access rails take owner power out of custom roles, workspace.transfer included, and voided invitations survive the token sweep's schema", async () => {
    const owner = await db.insertInto("users").values({ email: "rails.owner@example.com", name: "Rails Owner", email_verified_at: new Date() }).returning("id").executeTakeFirstOrThrow();
    const ws = await db.insertInto("workspaces").values({ name: "Rails Migrating", slug: "rails-migrating", trial_ends_at: new Date() }).returning("id").executeTakeFirstOrThrow();
    const custom = await db.insertInto("roles").values({ workspace_id: ws.id, name: "Heir", description: "" }).returning("id").executeTakeFirstOrThrow();
    // As on a server that ran main (100, 200, 401) before the rails landed: a custom role could carry any
    // owner-only permission, main's workspace.transfer among them.
    await downThroughLatest();
    const without301 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name !== "2026_11_26_301_access_rails"));
    await new Migrator({ db, provider: { getMigrations: async () => without301 }, migrationTableName: "kysely_migration", migrationLockTableName: "kysely_migration_lock" }).migrateToLatest();
    await db
      .insertInto("role_permissions")
      .values(["workspace.transfer", "billing.manage", "members.view"].map((permission) => ({ role_id: custom.id, permission, scope: "all" as const })))
      .execute();

    expect(await migrateToLatest(db)).toEqual(["applied 2026_11_26_301_access_rails"]);
    const kept = await db.selectFrom("role_permissions").select("permission").where("role_id", "=", custom.id).execute();
    expect(kept.map((p) => p.permission)).toEqual(["members.view"]);

    // A voided invitation ends like any other: after the sweep's period its token may go (pending ones never).
    const voided = await sql<{ id: string }>`
      insert into invitations (workspace_id, email, token_hash, status, invited_by, sent_by, expires_at, voided_at, void_reason)
      values (${ws.id}, 'voided@example.com', sha256('voided'::bytea), 'voided', ${owner.id}, ${owner.id}, now(), now(), 'Withdrawn.')
      returning id`.execute(db);
    const id = voided.rows[0]?.id ?? "";
    await db.updateTable("invitations").set({ token_hash: null }).where("id", "=", id).execute();
    // Down and up again: the voided one becomes cancelled (the status 301 added goes with it), the token stays gone.
    expect(await migrateDown(db)).toEqual(["reverted 2026_11_26_301_access_rails"]);
    const down = await db.selectFrom("invitations").select(["status", "token_hash"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(down).toEqual({ status: "cancelled", token_hash: null });
    expect(await migrateToLatest(db)).toEqual(["applied 2026_11_26_301_access_rails"]);
  });

  it("a database that took main's migrations before the accounts one landed still takes it, and all go down again", async () => {
    await downThroughLatest();
    // As on a server that ran a build without 200: 100, 301 and 401 applied.
    const without200 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name !== "2026_11_26_200_accounts"));
    const earlier = new Migrator({
      db,
      provider: { getMigrations: async () => without200 },
      migrationTableName: "kysely_migration",
      migrationLockTableName: "kysely_migration_lock",
    });
    const first = await earlier.migrateToLatest();
    expect(first.error).toBeUndefined();
    expect(first.results?.map((r) => r.migrationName)).toEqual([
      "2026_11_26_100_hashed_sessions",
      "2026_11_26_301_access_rails",
      "2026_11_26_401_retention_and_time_zones",
      "2026_11_27_501_companies",
      "2026_11_27_700_invitations_per_person",
      "2026_11_27_801_invite_links_and_domains",
    ]);

    expect(await migrateToLatest(db)).toEqual(["applied 2026_11_26_200_accounts"]);
    expect(await tableExists("account_tokens")).toBe(true);
    // Down goes in the order they ran: 200, then 801, 700, 501, 401, 301, then 100.
    expect(await downThroughLatest()).toEqual([
      "reverted 2026_11_26_200_accounts",
      "reverted 2026_11_27_801_invite_links_and_domains",
      "reverted 2026_11_27_700_invitations_per_person",
      "reverted 2026_11_27_501_companies",
      "reverted 2026_11_26_401_retention_and_time_zones",
      "reverted 2026_11_26_301_access_rails",
      "reverted 2026_11_26_100_hashed_sessions",
    ]);
    expect(await migrateToLatest(db)).toEqual(latest.map((name) => `applied ${name}`));
  });
});
