/** What the benches that start the compiled product share: build it when the sources are newer, and round figures. */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createDatabase } from "#db/client";
import { sessionIdOf } from "#server/auth/sessions";
import { migrateToLatest } from "#db/migrator";
import type { Db } from "#server/services/transaction";
import { buildNeeded } from "#server/buildFreshness.mjs";
import { syncBuiltInRoles } from "#server/services/roles/builtin";
import { seedDemoWorkspace } from "../seeds/demo";
import { seedDemoInvitations } from "../seeds/invitations";
import { seedDemoModules } from "../seeds/modules";
import { seedDemoRequests } from "../seeds/requests";

export function buildIfNeeded(): void {
  const reason = buildNeeded();
  if (!reason) return;
  console.log(`Building the app (${reason})…`);
  const built = spawnSync(process.execPath, [process.env.npm_execpath ?? "", "run", "build"], { stdio: "inherit" });
  if (built.status !== 0) throw new Error("the build failed");
}

export const round1 = (n: number) => Math.round(n * 10) / 10;
export const round2 = (n: number) => Math.round(n * 100) / 100;

/** The demo workspace on a fresh database, as `npm run seed` makes it. */
export async function seedDemoDatabase(db: Db) {
  await migrateToLatest(db);
  await syncBuiltInRoles(db);
  const seeded = await seedDemoWorkspace(db);
  await seedDemoModules(db, seeded);
  await seedDemoInvitations(db, seeded);
  await seedDemoRequests(db, seeded);
  return seeded;
}

/** What a compiled product started by a bench gets in its environment (production, on 127.0.0.1, no email worker). */
export function productEnv(port: number, databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    PORT: String(port),
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    EMAIL_WORKER: "0",
    SHUTDOWN_DRAIN: "0s",
    APP_ORIGIN: `http://127.0.0.1:${port}`,
    ...extra,
  };
}

/**
 * The demo workspace on the database at `url` and a signed-in session of its
 * Owner: the cookie (it carries the token; the row holds its hash) and the
 * built-in roles' ids by key.
 */
export async function seedDemoWithOwnerSession(url: string) {
  const handle = createDatabase(url, { max: 4 });
  try {
    const seeded = await seedDemoDatabase(handle.db);
    const token = randomBytes(32).toString("base64url");
    await handle.db
      .insertInto("sessions")
      .values({ id: sessionIdOf(token), user_id: seeded.userIds.olivia as string, expires_at: new Date(Date.now() + 3_600_000), ip: "127.0.0.1", user_agent: "bench" })
      .execute();
    const roles = await handle.db.selectFrom("roles").select(["id", "builtin_key"]).where("workspace_id", "=", seeded.workspaceId).execute();
    const roleId = (key: string) => roles.find((r) => r.builtin_key === key)?.id as string;
    return { seeded, cookie: `ta_session=${token}`, roleId };
  } finally {
    await handle.close();
  }
}
