/**
 * Invitations under faults, end to end through the API:
 * - Postmark down for a long while (retries compressed into seconds):
 *   invitations keep being created, the pending list shows each one's
 *   delivery state throughout, and every email goes out once when it is back.
 * - The server SIGKILLed in the middle of invitation batches and accepts,
 *   then started again: every batch wholly there or wholly absent, every
 *   accept whole (member and accepted invitation together), every invitation
 *   email sent, none twice.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "#db/client";
import { confirmAddressByLink } from "../helpers/accounts";
import { type TestDatabase, databaseForTests } from "../helpers/db";
import { createUser, createWorkspaceOwnedBy, sessionCookie } from "../helpers/fixtures";
import type { TestServer } from "../helpers/server";
import { integrityProblems } from "../hardening/integrity";
import { spawnServer, type ServerProcess, waitFor, killIfRunning } from "./processes";
import { fakePostmarkEnv, PostmarkFake } from "./postmarkFake";
import { serverWithFakePostmark } from "./fakePostmarkServer";

interface Target {
  url: string;
  origin: string;
}

async function trpc(target: Target, path: string, input: unknown, method: "GET" | "POST", cookie: string | null) {
  const query = method === "GET" ? `?input=${encodeURIComponent(JSON.stringify(input))}` : "";
  const response = await fetch(`${target.url}/trpc/${path}${query}`, {
    method,
    headers: { origin: target.origin, "content-type": "application/json", ...(cookie ? { cookie } : {}) },
    body: method === "POST" ? JSON.stringify(input) : undefined,
  });
  const body = (await response.json()) as { result?: { data: unknown }; error?: { data: { appCode: string } } };
  return { status: response.status, data: body.result?.data, appCode: body.error?.data.appCode ?? null };
}

interface ListedInvitation {
  id: string;
  email: string;
  delivery: string;
  deliveryError: string | null;
}

describe("Postmark down for a long while", () => {
  let server: TestServer;
  const postmark = serverWithFakePostmark((started) => (server = started), { pollIntervalMs: 100, backoffMs: () => 250, leaseSeconds: 2 });

  it("keeps inviting, shows delivery state throughout, and sends each email once when Postmark is back", async () => {
    const owner = await createUser(server.deps);
    const { slug, id: workspaceId } = await createWorkspaceOwnedBy(server.deps, owner);
    const cookie = await sessionCookie(server.deps, owner);
    const role = await server.deps.db.selectFrom("roles").select("id").where("workspace_id", "=", workspaceId).where("builtin_key", "=", "member").executeTakeFirstOrThrow();
    const list = async () => (await trpc(server, "invitations.list", { workspaceSlug: slug }, "GET", cookie)).data as ListedInvitation[];

    postmark.setMode({ down: true });
    for (let batch = 0; batch < 3; batch += 1) {
      const emails = Array.from({ length: 4 }, (_, i) => `outage.${batch}.${i}@example.com`);
      const answer = await trpc(server, "invitations.invite", { workspaceSlug: slug, emails, roleIds: [role.id], primaryRoleId: role.id }, "POST", cookie);
      expect(answer.status).toBe(200);
    }
    // Many failed rounds later, every invitation is listed as not yet delivered, with the reason.
    await waitFor("several failed rounds", async () => {
      const rows = await server.deps.db.selectFrom("email_outbox").select("attempts").where("kind", "=", "invitation").execute();
      return rows.length === 12 && rows.every((r) => r.attempts >= 4);
    });
    const during = await list();
    expect(during).toHaveLength(12);
    for (const invitation of during) {
      expect(invitation.delivery, invitation.email).toBe("queued");
      expect(invitation.deliveryError, invitation.email).toMatch(/Retrying/);
    }

    postmark.setMode({});
    await waitFor("all delivered", async () => (await list()).every((i) => i.delivery === "sent"), 30_000);
    const after = await list();
    expect(after.every((i) => i.deliveryError === null)).toBe(true);
    const outbox = await server.deps.db.selectFrom("email_outbox").select("id").where("kind", "=", "invitation").execute();
    const counts = postmark.acceptedCounts();
    for (const { id } of outbox) expect(counts.get(id), id).toBe(1);
  });
});

describe("the server killed in the middle of invitation batches and accepts", () => {
  const fakeDir = mkdtempSync(path.join(os.tmpdir(), "postmark-fake-"));
  const postmark = new PostmarkFake(fakeDir);
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let server: ServerProcess | null = null;
  const env = { ...fakePostmarkEnv, EMAIL_LEASE_SECONDS: "2", EMAIL_BACKOFF_MS: "300", EMAIL_POLL_MS: "100" };

  databaseForTests((startedHandle, startedDatabase) => ([handle, database] = [startedHandle, startedDatabase]), 2);
  afterAll(() => {
    killIfRunning(server);
    rmSync(fakeDir, { recursive: true, force: true });
  });

  it("leaves every batch whole or absent, every accept whole, and every email sent exactly once", async () => {
    server = await spawnServer({ databaseUrl: database.url, postmarkFakeDir: fakeDir, env });
    const first = server;
    const signUp = await fetch(`${first.url}/trpc/auth.signUp`, {
      method: "POST",
      headers: { origin: first.origin, "content-type": "application/json" },
      body: JSON.stringify({ name: "Olga Owner", email: "olga.owner@example.com", password: "a long enough password" }),
    });
    const cookie = (signUp.headers.get("set-cookie") ?? "").split(";")[0] as string;
    // Creating a workspace and inviting need a confirmed address.
    await confirmAddressByLink(first, handle.db, "olga.owner@example.com");
    const created = await trpc(first, "workspaces.create", { name: "Kill Test" }, "POST", cookie);
    const { slug, id: workspaceId } = created.data as { slug: string; id: string };
    const role = await handle.db.selectFrom("roles").select("id").where("workspace_id", "=", workspaceId).where("builtin_key", "=", "member").executeTakeFirstOrThrow();

    // Some invitations to accept while the kill lands.
    const warmup = Array.from({ length: 6 }, (_, i) => `accept.${i}@example.com`);
    expect((await trpc(first, "invitations.invite", { workspaceSlug: slug, emails: warmup, roleIds: [role.id], primaryRoleId: role.id }, "POST", cookie)).status).toBe(200);
    await waitFor("warm-up emails written", async () => (await handle.db.selectFrom("email_outbox").select("id").where("kind", "=", "invitation").execute()).length === 6);
    const tokens = (await handle.db.selectFrom("email_outbox").select("text_body").where("kind", "=", "invitation").execute()).map((row) => /\/invite\/([A-Za-z0-9_-]+)/.exec(row.text_body)?.[1] as string);

    // Postmark takes messages but the answers never come back before the kill.
    postmark.setMode({ acceptThenHang: true });
    const batches = Array.from({ length: 12 }, (_, b) => Array.from({ length: 5 }, (_, i) => `batch.${b}.${i}@example.com`));
    const work = [
      ...batches.map((emails) => trpc(first, "invitations.invite", { workspaceSlug: slug, emails, roleIds: [role.id], primaryRoleId: role.id }, "POST", cookie).catch(() => null)),
      ...tokens.map((token, i) => trpc(first, "invitations.acceptWithNewAccount", { token, name: `Accepter ${i}`, password: "a long enough password" }, "POST", null).catch(() => null)),
    ];
    await new Promise((r) => setTimeout(r, 250));
    first.child.kill("SIGKILL");
    const answers = await Promise.all(work);
    expect((await first.exited).signal).toBe("SIGKILL");

    postmark.setMode({});
    server = await spawnServer({ databaseUrl: database.url, postmarkFakeDir: fakeDir, env });

    // Batches: all five or none, and every batch the caller saw succeed is there.
    const invited = await handle.db.selectFrom("invitations").select(["email"]).where("workspace_id", "=", workspaceId).execute();
    const invitedEmails = new Set(invited.map((i) => i.email));
    batches.forEach((emails, b) => {
      const present = emails.filter((e) => invitedEmails.has(e)).length;
      expect([0, 5], `batch ${b}`).toContain(present);
      if (answers[b]?.status === 200) expect(present, `batch ${b} was answered`).toBe(5);
    });

    // Accepts: an accepted invitation has its member, and a member joined only by accepting.
    const accepted = await handle.db
      .selectFrom("invitations")
      .leftJoin("users", "users.email", "invitations.email")
      .leftJoin("memberships", (join) => join.onRef("memberships.user_id", "=", "users.id").on("memberships.workspace_id", "=", workspaceId))
      .select(["invitations.email", "invitations.status", "memberships.id as membershipId"])
      .where("invitations.email", "in", warmup)
      .execute();
    for (const row of accepted) {
      expect(row.status === "accepted", row.email).toBe(row.membershipId !== null);
    }
    expect(await integrityProblems(handle.db)).toEqual([]);

    // Every invitation email (and any other) sent, none twice.
    await waitFor("every email sent", async () => (await handle.db.selectFrom("email_outbox").select("status").execute()).every((row) => row.status === "sent"), 60_000, 200);
    const outbox = await handle.db.selectFrom("email_outbox").select(["id", "reference_id", "kind"]).execute();
    const counts = postmark.acceptedCounts();
    for (const row of outbox) expect(counts.get(row.id) ?? 0, `${row.kind} ${row.id}`).toBe(1);
    const pending = await handle.db.selectFrom("invitations").select(["id", "delivery_status"]).where("workspace_id", "=", workspaceId).where("status", "=", "pending").execute();
    await waitFor("pending invitations show delivered", async () => {
      const rows = await handle.db
        .selectFrom("invitations")
        .select("delivery_status")
        .where(
          "id",
          "in",
          pending.map((p) => p.id),
        )
        .execute();
      return rows.every((r) => r.delivery_status === "sent");
    });
  });
});
