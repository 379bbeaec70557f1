/** The bench-only SQL capture (decision 30): off unless asked for, refused in production, and it names each statement's request. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type DatabaseHandle } from "#db/client";
import { ConfigError, loadConfig } from "#server/config";
import { runWithRequestTrace } from "#server/logging/requestContext";
import { type CapturedStatement, installSqlCapture } from "#server/logging/sqlCapture";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

describe("SQL_CAPTURE_FILE", () => {
  it("is off by default and refused in production unless the bench also allows it", () => {
    expect(loadConfig({ NODE_ENV: "production" }).sqlCaptureFile).toBeUndefined();
    expect(() => loadConfig({ NODE_ENV: "production", SQL_CAPTURE_FILE: "/tmp/x.jsonl" })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: "production", SQL_CAPTURE_FILE: "/tmp/x.jsonl" })).toThrow(/for benches only/);
    expect(loadConfig({ NODE_ENV: "production", SQL_CAPTURE_FILE: "/tmp/x.jsonl", SQL_CAPTURE_ALLOW_PRODUCTION: "1" }).sqlCaptureFile).toBe("/tmp/x.jsonl");
    expect(loadConfig({ NODE_ENV: "test", SQL_CAPTURE_FILE: "/tmp/x.jsonl" }).sqlCaptureFile).toBe("/tmp/x.jsonl");
  });

  describe("capturing", () => {
    let database: TestDatabase;
    let handle: DatabaseHandle;
    let dir: string;
    beforeAll(async () => {
      database = await createTestDatabase();
      handle = createDatabase(database.url, { max: 2 });
      dir = mkdtempSync(path.join(os.tmpdir(), "ta-capture-"));
    });
    afterAll(async () => {
      await handle.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("writes each statement with its text, values, connection and the request it ran for", async () => {
      const file = path.join(dir, "statements.jsonl");
      installSqlCapture(handle.pool, file);
      await runWithRequestTrace({ requestId: "request-one" }, () => handle.db.selectFrom("users").select("id").where("email", "=", "a@example.com").execute());
      await handle.db.transaction().execute(async (tx) => {
        await tx.selectFrom("users").select("id").where("email", "=", "b@example.com").execute();
      });
      const lines = readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as CapturedStatement);
      const first = lines.find((l) => l.requestId === "request-one");
      expect(first).toMatchObject({ values: ["a@example.com"] });
      expect(first?.text).toMatch(/select "id" from "users" where "email" = \$1/);
      expect(first && first.endedMs >= first.startedMs).toBe(true);
      // The transaction's statements share one connection, begin to commit.
      const tx = lines.filter((l) => l.requestId === null);
      expect(tx.map((l) => l.text.trim().split(" ")[0]?.toLowerCase())).toEqual(["begin", "select", "commit"]);
      expect(new Set(tx.map((l) => l.client)).size).toBe(1);
    });
  });
});
