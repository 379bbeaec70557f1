/**
 * Work started by a request but finished after its answer has gone out, so
 * the answer cannot depend on it (the forgot-password answer must not take
 * longer when the address has an account). Failures are logged; the server
 * waits for what is in flight before it closes, and tests can wait too.
 */
import type { Logger } from "./log";

export interface BackgroundTasks {
  /** `log`: where its failure is written (a request's logger, so the line names the request that started it). */
  run(name: string, work: () => Promise<unknown>, log?: Logger): void;
  /** Resolves once nothing started so far is still running. */
  idle(): Promise<void>;
}

export function createBackgroundTasks(log: Logger): BackgroundTasks {
  const running = new Set<Promise<void>>();
  return {
    run(name, work, taskLog = log) {
      const task: Promise<void> = Promise.resolve()
        .then(work)
        .then(
          () => undefined,
          (error: unknown) => taskLog.warn("background task failed", { task: name, error }),
        )
        .finally(() => running.delete(task));
      running.add(task);
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
