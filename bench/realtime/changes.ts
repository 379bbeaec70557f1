/**
 * The changes whose events are timed: real invitation accepts. The owner
 * invites the people (through the same procedures the pages call), each
 * token is read back from the email outbox, and each timed change is one
 * person accepting through `invitations.accept`.
 */
import { randomBytes } from "node:crypto";
import type { AppDeps } from "#server/deps";
import { createContext } from "#server/trpc/context";
import { createCaller } from "#server/router";

export interface TimedChange {
  /** The key of the event whose arrival is timed (as bench/realtime/clients.ts computes it). */
  eventKey: string;
  run(): Promise<void>;
}

function callerFor(deps: AppDeps, cookieHeader: string) {
  return createCaller(() => createContext({ deps, request: { ip: "127.0.0.1", userAgent: "bench", cookieHeader }, response: { setCookie: () => undefined } }));
}

async function sessionCookieFor(deps: AppDeps, userId: string): Promise<string> {
  const { token } = await deps.auth.createSession(userId, { ip: "127.0.0.1", userAgent: "bench" });
  return `${deps.auth.sessionCookieName}=${token}`;
}

export async function prepareAccepts(deps: AppDeps, workspace: { id: string; slug: string; ownerId: string }, count: number): Promise<TimedChange[]> {
  const run = randomBytes(3).toString("hex");
  const people = await deps.db
    .insertInto("users")
    .values(Array.from({ length: count }, (_, i) => ({ email: `joiner.${i}.${run}@bench.example`, name: `Joiner ${i}` })))
    .returning(["id", "email"])
    .execute();
  const memberRole = await deps.db.selectFrom("roles").select("id").where("workspace_id", "=", workspace.id).where("builtin_key", "=", "member").executeTakeFirstOrThrow();

  const owner = callerFor(deps, await sessionCookieFor(deps, workspace.ownerId));
  const invitationIds = new Map<string, string>();
  for (let start = 0; start < people.length; start += 100) {
    const batch = people.slice(start, start + 100);
    const { results } = await owner.invitations.invite({
      workspaceSlug: workspace.slug,
      emails: batch.map((p) => p.email),
      roleIds: [memberRole.id],
      primaryRoleId: memberRole.id,
    });
    for (const result of results) {
      if (result.outcome !== "invited" || !result.invitationId || !result.email) throw new Error(`Could not invite ${result.email}: ${result.message}`);
      invitationIds.set(result.email, result.invitationId);
    }
    // Bench data only: age the invitations past the product's hourly sending limits, so both runs can invite.
    await deps.db
      .updateTable("invitations")
      .set({ created_at: new Date(Date.now() - 2 * 3_600_000) })
      .where("workspace_id", "=", workspace.id)
      .execute();
  }

  const mails = await deps.db
    .selectFrom("email_outbox")
    .select(["reference_id", "text_body"])
    .where("kind", "=", "invitation")
    .where("reference_id", "in", [...invitationIds.values()])
    .execute();
  const tokens = new Map(mails.map((m) => [m.reference_id, /\/invite\/([A-Za-z0-9_-]+)/.exec(m.text_body)?.[1]]));

  return Promise.all(
    people.map(async (person) => {
      const invitationId = invitationIds.get(person.email);
      const token = invitationId ? tokens.get(invitationId) : undefined;
      if (!invitationId || !token) throw new Error(`No invitation email for ${person.email}`);
      const caller = callerFor(deps, await sessionCookieFor(deps, person.id));
      return {
        eventKey: `invitation.changed:accepted:${invitationId}`,
        run: async () => {
          await caller.invitations.accept({ token });
        },
      };
    }),
  );
}
