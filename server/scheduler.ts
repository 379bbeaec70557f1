/**
 * One scheduler for the periodic work of a server process (expiring
 * invitations and requests, checking sockets' sessions, polling the email
 * outbox, retention sweeps), instead of a hand-rolled timer loop in each.
 *
 * Each job runs at most once at a time: the next run is timed from the end
 * of the last, so a slow run is never overlapped or piled up. `runNow`
 * starts a run at once, or, during one, asks for another right after it.
 * A failing run is logged and the job keeps its schedule. `stop` cancels
 * the timers and waits for the runs in progress.
 */
import type { Logger } from "./log";

export interface ScheduledJob {
  readonly name: string;
  /** Run now (or once more right after the run in progress); resolves when that run is over. */
  runNow(): Promise<void>;
  /** No more runs of this job; resolves when the run in progress (if any) is over. */
  stop(): Promise<void>;
}

export interface Scheduler {
  every(name: string, everyMs: number, run: () => Promise<unknown>, options?: { runAtStart?: boolean }): ScheduledJob;
  job(name: string): ScheduledJob | undefined;
  stop(): Promise<void>;
}

export function createScheduler(log: Logger): Scheduler {
  const jobs = new Map<string, ScheduledJob>();
  let stopped = false;

  function every(name: string, everyMs: number, run: () => Promise<unknown>, options: { runAtStart?: boolean } = {}): ScheduledJob {
    if (jobs.has(name)) throw new Error(`A job named "${name}" is already scheduled.`);
    let timer: NodeJS.Timeout | null = null;
    let running: Promise<void> | null = null;
    let again: Promise<void> | null = null;
    let ended = false;
    const active = () => !stopped && !ended;

    const schedule = () => {
      if (!active()) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void start(), everyMs);
      // A scheduled job never keeps the process alive by itself.
      timer.unref();
    };

    const start = (): Promise<void> => {
      if (!active()) return Promise.resolve();
      if (timer) clearTimeout(timer);
      timer = null;
      running = run()
        .then(() => undefined)
        .catch((error: unknown) => log.warn(`${name} failed`, { job: name, error }))
        .finally(() => {
          running = null;
          schedule();
        });
      return running;
    };

    const job = {
      name,
      runNow(): Promise<void> {
        if (!active()) return Promise.resolve();
        if (!running) return start();
        // One more run after the current one, shared by everyone who asks meanwhile.
        again ??= running.then(() => {
          again = null;
          return start();
        });
        return again;
      },
      async stop() {
        ended = true;
        if (timer) clearTimeout(timer);
        timer = null;
        await running;
      },
    };
    jobs.set(name, job);
    if (options.runAtStart) void start();
    else schedule();
    return job;
  }

  return {
    every,
    job: (name) => jobs.get(name),
    async stop() {
      stopped = true;
      await Promise.all([...jobs.values()].map((job) => job.stop()));
    },
  };
}
