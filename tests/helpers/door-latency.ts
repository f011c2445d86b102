import { performance } from 'node:perf_hooks';

/** Calls `probe` every 10 ms while `work` runs; the probe's durations, sorted, and the work's result. */
export async function probeWhile<T>(work: Promise<T>, probe: () => Promise<unknown>) {
  const durations: number[] = [];
  let done = false;
  const probing = (async () => {
    while (!done) {
      const start = performance.now();
      await probe();
      durations.push(performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const result = await work.finally(() => {
    done = true;
  });
  await probing;
  return { result, durations: durations.sort((a, b) => a - b) };
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] as number;

/** One line for the test's output: how many answers, their median, p99 and max. */
export const describeTimes = (sorted: number[]) =>
  `${sorted.length} answers, median ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${(sorted.at(-1) as number).toFixed(1)} ms`;
