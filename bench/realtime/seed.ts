/** One workspace with many Admins, each with a session, inserted in bulk. */
import { randomBytes } from "node:crypto";
import type { AppDeps } from "#server/deps";
import { sessionIdOf } from "#server/auth/sessions";
import { createWorkspace } from "#server/services/workspaces/workspaces";

export interface BenchWorkspace {
  id: string;
  slug: string;
  ownerId: string;
  /** One Cookie header per Admin (`ta_session=…`). */
  adminCookies: string[];
}

export async function seedAdmins(deps: AppDeps, admins: number): Promise<BenchWorkspace> {
  const run = randomBytes(3).toString("hex");
  const owner = await deps.db
    .insertInto("users")
    .values({ email: `owner.${run}@bench.example`, name: "Bench Owner", email_verified_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  const workspace = await createWorkspace(deps, { userId: owner.id, impersonatorUserId: null }, { name: `Bench ${run}` });
  const adminRole = await deps.db.selectFrom("roles").select("id").where("workspace_id", "=", workspace.id).where("builtin_key", "=", "admin").executeTakeFirstOrThrow();

  const cookies: string[] = [];
  for (let start = 0; start < admins; start += 500) {
    const count = Math.min(500, admins - start);
    const users = await deps.db
      .insertInto("users")
      .values(Array.from({ length: count }, (_, i) => ({ email: `admin.${start + i}.${run}@bench.example`, name: `Admin ${start + i}` })))
      .returning("id")
      .execute();
    const memberships = await deps.db
      .insertInto("memberships")
      .values(users.map((u) => ({ workspace_id: workspace.id, user_id: u.id })))
      .returning("id")
      .execute();
    await deps.db
      .insertInto("membership_roles")
      .values(memberships.map((m) => ({ workspace_id: workspace.id, membership_id: m.id, role_id: adminRole.id, is_primary: true })))
      .execute();
    // The cookie carries the token; the row only its hash.
    const tokens = users.map(() => randomBytes(32).toString("base64url"));
    const sessions = users.map((u, i) => ({ id: sessionIdOf(tokens[i] ?? ""), user_id: u.id, expires_at: new Date(Date.now() + 3_600_000) }));
    await deps.db.insertInto("sessions").values(sessions).execute();
    cookies.push(...tokens.map((token) => `${deps.auth.sessionCookieName}=${token}`));
  }
  return { id: workspace.id, slug: workspace.slug, ownerId: owner.id, adminCookies: cookies };
}
