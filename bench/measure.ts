/** Timing helper for benchmarks: warm up, then repeat until enough runs and time; report the median. */
export interface Timing {
  medianMs: number;
  runs: number;
}

export async function measure(fn: () => void | Promise<void>, opts: { warmup?: number; minRuns?: number; minMs?: number; maxRuns?: number } = {}): Promise<Timing> {
  const { warmup = 1, minRuns = 3, minMs = 1500, maxRuns = 50 } = opts;
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || (performance.now() - start < minMs && times.length < maxRuns)) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], runs: times.length };
}

export function emit(record: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(record) + '\n');
}
