/** Times `work` over `runs` calls after `warmup` untimed ones: the durations in milliseconds, shortest first. */
export async function sortedSamples(runs: number, warmup: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < warmup; i += 1) await work(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await work(i);
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}
