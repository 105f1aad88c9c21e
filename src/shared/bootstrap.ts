/**
 * A seeded percentile bootstrap of the mean (Efron & Tibshirani 1993, §13.3), the second interval the
 * seeds analysis gives beside the t interval (issue 18, METHODS.md "Seeds"). Seeded so that the same
 * numbers give the same interval in the file, the report and a rerun. With few values it is too narrow
 * (3 seeds have only 10 distinct resamples): the report says so, and the t interval is the one it shows.
 */

/** mulberry32: the lab's seeded PRNG (src/worker/data/prng.ts), repeated because src/shared may not import the worker. */
function mulberry32(seed: number): () => number {
  let a = (seed >>> 0) ^ 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Linear interpolation between order statistics (Hyndman & Fan type 7, numpy's default) of sorted values. */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface BootstrapOptions {
  /** Resamples drawn (each as many values as given, with replacement). */
  resamples: number;
  seed: number;
  /** Coverage, e.g. 0.95. */
  level: number;
}

/**
 * The percentile interval of the mean: the (1 − level)/2 and (1 + level)/2 quantiles of the means of
 * `resamples` resamples. Null with fewer than 2 values: one value resamples to itself, an interval of
 * width 0 that would look like certainty.
 */
export function bootstrapMeanInterval(values: readonly number[], opts: BootstrapOptions): [number, number] | null {
  if (values.length < 2) return null;
  const rand = mulberry32(opts.seed);
  const means = new Float64Array(opts.resamples);
  for (let r = 0; r < opts.resamples; r++) {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[Math.floor(rand() * values.length)];
    means[r] = sum / values.length;
  }
  const sorted = Array.from(means).sort((a, b) => a - b);
  return [quantileSorted(sorted, (1 - opts.level) / 2), quantileSorted(sorted, (1 + opts.level) / 2)];
}
