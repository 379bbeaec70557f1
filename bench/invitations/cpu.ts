/**
 * `npm run bench:invitations`: how fast the invitation paths answer on a
 * real server over HTTP.
 *   - time to answer one batch of 100 addresses (emails are queued, not sent)
 *   - accepting: 20 people at a time accept their invitations; per-accept
 *     time and accepts per second.
 *   - a CSV import of 500 people: checking the file (one call, nothing sent),
 *     sending it (one call: 500 invitations and their outbox emails in one
 *     transaction), and the email worker delivering those 500 emails.
 * On DATABASE_URL's server (a throwaway database) or a throwaway embedded
 * PostgreSQL. The last line is one JSON object with figures and targets.
 */
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { startServer } from "#server/app";
import { loadConfig } from "#server/config";
import { createLogger } from "#server/log";
import type { AppDeps } from "#server/deps";
import { createWorkspace } from "#server/services/workspaces/workspaces";
import type { AppRouter } from "#server/router";
import { freePort } from "#db/embedded";
import { openThrowawayDatabase } from "../throwawayDatabase";

const batchRuns = Number(process.env.BENCH_BATCH_RUNS ?? 20);
const acceptTotal = Number(process.env.BENCH_ACCEPTS ?? 300);
const acceptConcurrency = 20;
const csvRuns = Number(process.env.BENCH_CSV_RUNS ?? 5);
const csvPeople = 500;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}
const round = (n: number) => Math.round(n * 10) / 10;

async function person(deps: AppDeps, email: string, name: string): Promise<{ id: string; cookie: string }> {
  const user = await deps.db.insertInto("users").values({ email, name, email_verified_at: new Date() }).returning("id").executeTakeFirstOrThrow();
  const { token } = await deps.auth.createSession(user.id, { ip: "127.0.0.1", userAgent: "bench" });
  return { id: user.id, cookie: `${deps.auth.sessionCookieName}=${token}` };
}

function client(url: string, origin: string, cookie: string) {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${url}/trpc`, headers: () => ({ origin, cookie }) })],
  });
}

async function enterpriseWorkspace(deps: AppDeps, ownerId: string, name: string) {
  const ws = await createWorkspace(deps, { userId: ownerId, impersonatorUserId: null }, { name });
  await deps.db
    .updateTable("workspaces")
    .set({ plan: "enterprise", trial_ends_at: new Date(Date.now() - 1000) })
    .where("id", "=", ws.id)
    .execute();
  const member = await deps.db.selectFrom("roles").select("id").where("workspace_id", "=", ws.id).where("builtin_key", "=", "member").executeTakeFirstOrThrow();
  return { ...ws, memberRoleId: member.id };
}

import pgm from "pg"; let qn = 0; const qs: number[] = []; const origQ = pgm.Client.prototype.query; (pgm.Client.prototype as any).query = function (...a: any[]) { qn++; return (origQ as any).apply(this, a); };
async function main(): Promise<void> {
  const database = await openThrowawayDatabase("ta_bench_inv");
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const config = loadConfig({}, { NODE_ENV: "test", PORT: port, HOST: "127.0.0.1", APP_ORIGIN: origin, DATABASE_URL: database.url, LOG_LEVEL: "silent" });
  const server = await startServer({ config, remixBuild: null, log: createLogger("silent") });
  const deps = server.deps;
  try {
    // 1. One batch of 100 addresses, answered over HTTP (a fresh inviter each time: the hourly limit is per person).
    const batchMs: number[] = []; const cpuMs: number[] = [];
    for (let run = 0; run < batchRuns + 2; run += 1) {
      const owner = await person(deps, `owner${run}@bench.example`, `Owner ${run}`);
      const ws = await enterpriseWorkspace(deps, owner.id, `Batch ${run}`);
      const emails = Array.from({ length: 100 }, (_, i) => `b${run}-${i}@bench.example`);
      const api = client(server.url, origin, owner.cookie);
      const started = performance.now(); const cpu0 = process.cpuUsage(); const q0 = qn;
      const answer = await api.invitations.invite.mutate({ workspaceSlug: ws.slug, emails, roleIds: [ws.memberRoleId], primaryRoleId: ws.memberRoleId });
      const elapsed = performance.now() - started; const c = process.cpuUsage(cpu0); if (run >= 2) qs.push(qn - q0); if (run >= 2) cpuMs.push((c.user + c.system) / 1000);
      if (answer.invited !== 100) throw new Error(`Expected 100 invited, got ${answer.invited}`);
      if (run >= 2) batchMs.push(elapsed); // the first two warm up connections and JIT
      await server.emailWorker?.drain();
    }
    batchMs.sort((a, b) => a - b); cpuMs.sort((a, b) => a - b); console.log('QUERIES', qs.slice(0,5)); console.log('BATCHCPU median', round(percentile(cpuMs,50)), 'p90', round(percentile(cpuMs,90)), 'wall median', round(percentile(batchMs,50))); if (process.env.ONLY_BATCH) process.exit(0);
    console.log(`invite batch of 100: median ${round(percentile(batchMs, 50))} ms, p99 ${round(percentile(batchMs, 99))} ms over ${batchMs.length} runs`);

    // 2. Accepting: invitations for people who already have accounts, accepted 20 at a time.
    const inviter = await person(deps, "inviter@bench.example", "Inviter");
    const invitees: Array<{ cookie: string; token: string; slug: string }> = [];
    const perWorkspace = 100;
    for (let w = 0; w * perWorkspace < acceptTotal; w += 1) {
      const ws = await enterpriseWorkspace(deps, inviter.id, `Accept ${w}`);
      const emails = Array.from({ length: Math.min(perWorkspace, acceptTotal - w * perWorkspace) }, (_, i) => `a${w}-${i}@bench.example`);
      const api = client(server.url, origin, inviter.cookie);
      await api.invitations.invite.mutate({ workspaceSlug: ws.slug, emails, roleIds: [ws.memberRoleId], primaryRoleId: ws.memberRoleId });
      // Tokens exist only in the emails.
      const mails = await deps.db.selectFrom("email_outbox").select(["to_address", "text_body"]).where("workspace_id", "=", ws.id).where("kind", "=", "invitation").execute();
      for (const mail of mails) {
        const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text_body)?.[1];
        if (!token) throw new Error("invitation email without a link");
        const invitee = await person(deps, mail.to_address, `Invitee ${invitees.length}`);
        invitees.push({ cookie: invitee.cookie, token, slug: ws.slug });
      }
      // The inviter's hourly allowance is spent after a couple of workspaces; a bench is not a spammer.
      await deps.db
        .updateTable("invitations")
        .set({ created_at: new Date(Date.now() - 2 * 3_600_000) })
        .where("invited_by", "=", inviter.id)
        .execute();
    }
    await server.emailWorker?.drain();

    const acceptMs: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: acceptConcurrency }, async () => {
        for (;;) {
          const invitee = invitees[next++];
          if (!invitee) return;
          const api = client(server.url, origin, invitee.cookie);
          const t0 = performance.now();
          const joined = await api.invitations.accept.mutate({ token: invitee.token });
          acceptMs.push(performance.now() - t0);
          if (joined.workspaceSlug !== invitee.slug || !joined.joined) throw new Error("accept did not join");
        }
      }),
    );
    const totalSeconds = (performance.now() - started) / 1000;
    acceptMs.sort((a, b) => a - b);
    const perSecond = invitees.length / totalSeconds;
    console.log(
      `accepting with ${acceptConcurrency} at a time: ${round(perSecond)} accepted/s; each accept median ${round(percentile(acceptMs, 50))} ms, p99 ${round(percentile(acceptMs, 99))} ms (${invitees.length} accepts)`,
    );

    // 3. A CSV import of 500 people: the check (one round trip), the send (one round trip), then the outbox worker.
    const checkMs: number[] = [];
    const importMs: number[] = [];
    const drainMs: number[] = [];
    const importCpuMs: number[] = [];
    for (let run = 0; run < csvRuns + 1; run += 1) {
      const owner = await person(deps, `csv-owner${run}@bench.example`, `CSV Owner ${run}`);
      const ws = await enterpriseWorkspace(deps, owner.id, `CSV ${run}`);
      const csv = [
        "email,roles,department,manager",
        ...Array.from({ length: csvPeople }, (_, i) => `c${run}-${i}@bench.example,${i % 10 === 0 ? "Manager;Member" : "Member"},,${i % 10 === 0 ? `csv-owner${run}@bench.example` : ""}`),
      ].join("\r\n");
      const api = client(server.url, origin, owner.cookie);
      const t0 = performance.now();
      const check = await api.invitations.checkCsv.mutate({ workspaceSlug: ws.slug, csv });
      const t1 = performance.now();
      if (!check.ok) throw new Error(`CSV check found problems: ${check.problems[0]?.message}`);
      const cpu0 = process.cpuUsage();
      const sent = await api.invitations.importCsv.mutate({ workspaceSlug: ws.slug, csv });
      const cpu = process.cpuUsage(cpu0);
      const t2 = performance.now();
      if (sent.sent !== csvPeople) throw new Error(`Expected ${csvPeople} sent, got ${sent.sent}`);
      await server.emailWorker?.drain();
      const t3 = performance.now();
      if (run >= 1) {
        checkMs.push(t1 - t0);
        importMs.push(t2 - t1);
        drainMs.push(t3 - t2);
        importCpuMs.push((cpu.user + cpu.system) / 1000);
      }
    }
    for (const list of [checkMs, importMs, drainMs, importCpuMs]) list.sort((a, b) => a - b);
    console.log(
      `CSV import of ${csvPeople}: check median ${round(percentile(checkMs, 50))} ms, send median ${round(percentile(importMs, 50))} ms (CPU ${round(percentile(importCpuMs, 50))} ms, max ${round(percentile(importMs, 100))} ms), outbox delivers the ${csvPeople} emails in ${round(percentile(drainMs, 50))} ms (median of ${checkMs.length} runs)`,
    );

    console.log(
      JSON.stringify({
        figures: {
          invite_batch_100_median_ms: round(percentile(batchMs, 50)),
          invite_batch_100_p99_ms: round(percentile(batchMs, 99)),
          accepts_per_second_20_concurrent: round(perSecond),
          accept_median_ms: round(percentile(acceptMs, 50)),
          accept_p99_ms: round(percentile(acceptMs, 99)),
          csv_500_check_median_ms: round(percentile(checkMs, 50)),
          csv_500_import_median_ms: round(percentile(importMs, 50)),
          csv_500_import_max_ms: round(percentile(importMs, 100)),
          csv_500_import_cpu_median_ms: round(percentile(importCpuMs, 50)),
          csv_500_outbox_drain_median_ms: round(percentile(drainMs, 50)),
        },
        targets: { invite_batch_100_p99_ms: { max: 1000 }, csv_500_check_median_ms: { max: 1500 }, csv_500_import_median_ms: { max: 4000 } },
      }),
    );
  } finally {
    await server.close();
    await database.release();
  }
}

await main();
