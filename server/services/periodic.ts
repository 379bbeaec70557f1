/**
 * Work a server process repeats on a timer (sweeps): one run at a time,
 * failures logged, the timer never keeps the process alive, and stop()
 * waits for a run in progress.
 */
import type { Logger } from "../log";

export function runPeriodically(name: string, work: () => Promise<unknown>, intervalMs: number, log: Logger): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = work()
      .catch((error: unknown) => log.warn(`${name} failed`, { error }))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
