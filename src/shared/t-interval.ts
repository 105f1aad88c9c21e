/**
 * The Student t confidence interval of a mean and the paired t-test (issue 18, METHODS.md "Seeds": k
 * seeds, k − 1 degrees of freedom), on the exact t distribution (t-distribution.ts). Where a number
 * cannot be had (fewer than 2 values, or no spread to scale a t statistic by) it is null with the
 * reason, never a made-up value.
 */
import { studentTQuantile, studentTTwoSidedP } from './t-distribution.ts';

export interface TInterval {
  n: number;
  /** Null with no values. */
  mean: number | null;
  /** Sample standard deviation (n − 1 denominator); null below 2 values. */
  sd: number | null;
  /** mean ± t_{(1+level)/2, n−1} · sd / √n; null below 2 values. */
  ci: [number, number] | null;
  /** Why `ci` (or a test's p) is null; null when there is nothing to say. */
  reason: string | null;
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

export function sampleSd(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null || values.length < 2) return null;
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
}

export function tInterval(values: readonly number[], level = 0.95): TInterval {
  const n = values.length;
  const m = mean(values);
  const sd = sampleSd(values);
  if (m === null || sd === null) return { n, mean: m, sd, ci: null, reason: n === 0 ? 'no values' : 'one value: a spread needs at least 2' };
  const half = (studentTQuantile((1 + level) / 2, n - 1) * sd) / Math.sqrt(n);
  return { n, mean: m, sd, ci: [m - half, m + half], reason: null };
}

export interface PairedTTest extends TInterval {
  /** mean / (sd / √n); null when it is undefined (below 2 pairs, or every difference the same). */
  t: number | null;
  /** Two-sided p of t with n − 1 degrees of freedom; null when t is. */
  p: number | null;
}

/** The paired t-test of differences a − b (one per seed) against 0, with the t interval of their mean. */
export function pairedTTest(differences: readonly number[], level = 0.95): PairedTTest {
  const iv = tInterval(differences, level);
  if (iv.ci === null || iv.sd === null || iv.mean === null) return { ...iv, t: null, p: null };
  // Equal differences have sd 0: t is ±∞ (or 0/0), a p of 0 would claim more than k values can.
  if (iv.sd === 0) return { ...iv, t: null, p: null, reason: `every difference is ${iv.mean}: no spread, so no t statistic` };
  const t = iv.mean / (iv.sd / Math.sqrt(iv.n));
  return { ...iv, t, p: studentTTwoSidedP(t, iv.n - 1) };
}
