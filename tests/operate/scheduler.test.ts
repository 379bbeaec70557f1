/** The one scheduler for periodic work: no overlap, wake-ups coalesce, failures are logged and survived, stop waits. */
import { describe, expect, it } from "vitest";
import type { Logger } from "#server/log";
import { createScheduler } from "#server/scheduler";

function recordingLog(): Logger & { warnings: Array<{ message: string; fields?: Record<string, unknown> }> } {
  const warnings: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  return { debug: () => {}, info: () => {}, warn: (message, fields) => void warnings.push({ message, fields }), error: () => {}, warnings };
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("the scheduler", () => {
  it("runs a job again and again, never two runs of it at once, even when a run outlasts the interval", async () => {
    const scheduler = createScheduler(recordingLog());
    let running = 0;
    let most = 0;
    let runs = 0;
    scheduler.every("slow", 5, async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 20));
      running -= 1;
      runs += 1;
    });
    await expect.poll(() => runs).toBeGreaterThanOrEqual(3);
    await scheduler.stop();
    expect(most).toBe(1);
  });

  it("runNow during a run asks for exactly one more run right after it, however often it is asked", async () => {
    const scheduler = createScheduler(recordingLog());
    const first = gate();
    let runs = 0;
    const job = scheduler.every(
      "wakeable",
      60_000,
      async () => {
        runs += 1;
        if (runs === 1) await first.opened;
      },
      { runAtStart: true },
    );
    await expect.poll(() => runs).toBe(1);
    const asked = [job.runNow(), job.runNow(), job.runNow()];
    first.open();
    await Promise.all(asked);
    expect(runs).toBe(2);
    await job.runNow();
    expect(runs).toBe(3);
    await scheduler.stop();
  });

  it("logs a failing run and keeps the job on its schedule", async () => {
    const log = recordingLog();
    const scheduler = createScheduler(log);
    let runs = 0;
    scheduler.every("flaky", 5, async () => {
      runs += 1;
      if (runs === 1) throw new Error("database briefly away");
    });
    await expect.poll(() => runs).toBeGreaterThanOrEqual(2);
    await scheduler.stop();
    expect(log.warnings[0]).toMatchObject({ message: "flaky failed", fields: { job: "flaky" } });
    expect(String((log.warnings[0]?.fields?.error as Error).message)).toBe("database briefly away");
  });

  it("stop waits for the run in progress, and nothing runs after it", async () => {
    const scheduler = createScheduler(recordingLog());
    const release = gate();
    let finished = false;
    let runs = 0;
    const job = scheduler.every(
      "long",
      5,
      async () => {
        runs += 1;
        await release.opened;
        finished = true;
      },
      { runAtStart: true },
    );
    await expect.poll(() => runs).toBe(1);
    const stopped = scheduler.stop();
    let stopDone = false;
    void stopped.then(() => (stopDone = true));
    await Promise.resolve();
    expect(stopDone).toBe(false);
    release.open();
    await stopped;
    expect(finished).toBe(true);
    await job.runNow();
    expect(runs).toBe(1);
  });

  it("refuses two jobs with one name (each job is one thing to find in the log)", () => {
    const scheduler = createScheduler(recordingLog());
    scheduler.every("once", 1_000, async () => {});
    expect(() => scheduler.every("once", 1_000, async () => {})).toThrow(/already scheduled/);
    void scheduler.stop();
  });
});
