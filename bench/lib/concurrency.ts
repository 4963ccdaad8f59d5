import { performance } from 'node:perf_hooks';
import { summarise, type LatencySummary } from './stats';

/**
 * Runs `total` operations with `concurrency` of them in flight at any time (closed loop: each worker
 * starts its next as soon as its last finishes), timing each one. `task(i)` gets the operation's index.
 */
export async function runConcurrent(
  concurrency: number,
  total: number,
  task: (index: number) => Promise<unknown>,
): Promise<LatencySummary> {
  const latencies: number[] = new Array<number>(total);
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= total) return;
      const begin = performance.now();
      await task(index);
      latencies[index] = performance.now() - begin;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return summarise(latencies, performance.now() - started);
}

/** Runs a few operations first so connections, plans and caches are warm. */
export async function warmUp(count: number, task: (index: number) => Promise<unknown>): Promise<void> {
  for (let index = 0; index < count; index++) await task(index);
}
