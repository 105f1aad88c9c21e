/** Summary statistics used by the metrics: quantiles, AUROC, Spearman ρ, Wilcoxon signed-rank. */
import { firstNonFinite } from './finite.ts';
import type { Spread } from './run.ts';
import { type NoTestReason, noTestReason } from './paired-test.ts';
import { averageRanks, tieGroups } from './ranks.ts';

/** Quantile with linear interpolation (numpy's default). NaNs are ignored; all-NaN gives NaN. */
export function quantile(values: readonly number[], q: number): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const pos = (v.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

/** Median and IQR of the defined (non-NaN) values, with how many there were: none is dropped silently. */
export function spread(values: readonly number[]): Spread {
  const n = values.reduce((c, v) => c + (Number.isNaN(v) ? 0 : 1), 0);
  return { median: quantile(values, 0.5), q1: quantile(values, 0.25), q3: quantile(values, 0.75), n };
}

/**
 * The pointing game over images (METHODS.md): a hit rate, the mean of the per-image scores (1 or 0 for a
 * single maximum, the in-box share of the tied maxima otherwise), over the images where it is defined,
 * with that n. Not a median: half the images hitting gives 0.5 whatever their order.
 */
export function pointingGameRate(perImage: readonly number[]): { pointingGame: number; pointingGameN: number } {
  const defined = perImage.filter((v) => !Number.isNaN(v));
  return { pointingGame: defined.length > 0 ? defined.reduce((a, b) => a + b, 0) / defined.length : NaN, pointingGameN: defined.length };
}

/** AUROC of `scores` for the positives in `labels` (Mann–Whitney U with tied ranks). NaN if one class is empty. */
export function auroc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const ranks = averageRanks(scores);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]) {
      pos++;
      rankSum += ranks[i];
    }
  }
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Spearman's ρ: Pearson correlation of average ranks. NaN when either side is constant, or holds NaN or
 * ±Inf (ranks of a NaN are meaningless, and a ρ from them looked like a real number: issue 16).
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (firstNonFinite(a) !== null || firstNonFinite(b) !== null) return NaN;
  const ra = averageRanks(a);
  const rb = averageRanks(b);
  const n = ra.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += ra[i];
    mb += rb[i];
  }
  ma /= n;
  mb /= n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (ra[i] - ma) * (rb[i] - mb);
    va += (ra[i] - ma) ** 2;
    vb += (rb[i] - mb) ** 2;
  }
  return va === 0 || vb === 0 ? NaN : cov / Math.sqrt(va * vb);
}

/**
 * erfc(x), accurate to ~1e-14 relative over the whole line and far into the tail (erfc(10) ≈ 2.1e-45,
 * erfc(26) ≈ 5.7e-296), so tiny p-values stay representable instead of rounding to 0 (issue 7).
 * Below 2: erf by its all-positive series (no cancellation); from 2: the Laplace continued fraction
 * (modified Lentz), which converges fast there.
 *
 * @example erfc(0) === 1; erfc(3) ≈ 2.209049699858544e-5
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    // erf(x) = 2/√π · e^{−x²} · Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1))
    let term = x;
    let sum = x;
    for (let k = 1; k < 200 && term > 1e-17 * sum; k++) {
      term *= (2 * x * x) / (2 * k + 1);
      sum += term;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  if (x > 27.3) return 0; // below the smallest double
  // erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let j = 1; j < 500; j++) {
    const a = j / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Standard normal CDF via erfc, accurate in both tails. */
export function normalCdf(z: number): number {
  return z >= 0 ? 1 - 0.5 * erfc(z / Math.SQRT2) : 0.5 * erfc(-z / Math.SQRT2);
}

/** Above this many non-zero differences the normal approximation is used instead of the exact null. */
export const WILCOXON_EXACT_MAX_N = 50;

export interface WilcoxonResult {
  /** Pairs given. */
  pairs: number;
  /** Pairs left out because a value was undefined (NaN, e.g. the box share of an all-zero map) or infinite. */
  undefinedPairs: number;
  /** Pairs whose difference is exactly 0, dropped before ranking (Wilcoxon's convention). */
  zeroDifferences: number;
  /** Pairs in the test: a non-zero difference. */
  n: number;
  /** Sum of the (mid-)ranks of |d| over positive differences (a > b). */
  wPlus: number;
  /** Normal-approximation statistic (tie and continuity corrected), reported for both p methods; null without a test. */
  z: number | null;
  /**
   * Two-sided p-value: 2·min(P(W+ ≤ w), P(W+ ≥ w)) under the null, at most 1. Null when n = 0: with no
   * non-zero difference there is no test, and "p = 1" would read as a test that found nothing (issue 15).
   */
  p: number | null;
  /** 'exact' for 1 ≤ n ≤ 50 (permutation null of the observed ranks), 'normal' above, 'none' for n = 0. */
  pMethod: 'exact' | 'normal' | 'none';
  /** Why there is no test (n = 0), or null when there is one (src/shared/paired-test.ts). */
  reason: NoTestReason | null;
  /** Median of the defined differences a − b, zeros included. */
  medianDifference: number;
}

/**
 * Exact two-sided p of the signed-rank statistic under the sign-flip null, given the ranks of |d|
 * doubled so that mid-ranks of ties are integers. The null is the permutation distribution of the
 * observed (mid-)ranks, so it is exact with ties too: counts[s] = number of the 2ⁿ sign assignments
 * whose positive doubled ranks sum to s, by DP over ranks (each count ≤ 2⁵⁰ < 2⁵³: exact in a double).
 */
function exactSignedRankP(doubledRanks: readonly number[], doubledWPlus: number): number {
  const total = doubledRanks.reduce((a, b) => a + b, 0);
  const counts = new Float64Array(total + 1);
  counts[0] = 1;
  let reach = 0;
  for (const r of doubledRanks) {
    reach += r;
    for (let s = reach; s >= r; s--) counts[s] += counts[s - r];
  }
  let lower = 0;
  let upper = 0;
  for (let s = 0; s <= total; s++) {
    if (s <= doubledWPlus) lower += counts[s];
    if (s >= doubledWPlus) upper += counts[s];
  }
  return Math.min(1, (2 * Math.min(lower, upper)) / 2 ** doubledRanks.length);
}

/**
 * Wilcoxon signed-rank test of paired samples a, b (two-sided).
 *
 * Zero differences: dropped before ranking — Wilcoxon's original convention, scipy's default
 * `zero_method='wilcox'` — and counted in `zeroDifferences`. Pairs with a NaN or infinite value are left
 * out and counted in `undefinedPairs`. With no non-zero difference left there is no test: p and z are
 * null and `reason` says why. p is exact for n ≤ 50 (DP over doubled mid-ranks, so ties keep an exact null);
 * above, the normal approximation with tie correction (Σ(t³ − t)/48) and continuity correction 0.5,
 * its tail from an erfc that stays accurate far out (p = 1e-60 is 1e-60, not 0).
 *
 * @example wilcoxonSignedRank([2, 3, 4, 5, 6], [1, 1, 1, 1, 1]).p === 0.0625 // 2/2⁵
 */
export function wilcoxonSignedRank(a: readonly number[], b: readonly number[]): WilcoxonResult {
  if (a.length !== b.length) throw new Error(`paired samples of different lengths: ${a.length} and ${b.length}`);
  const pairs = a.length;
  const diffs = a.map((v, i) => v - b[i]).filter((d) => Number.isFinite(d));
  const nonZero = diffs.filter((d) => d !== 0);
  const n = nonZero.length;
  const base = { pairs, undefinedPairs: pairs - diffs.length, zeroDifferences: diffs.length - n, n, medianDifference: quantile(diffs, 0.5) };
  if (n === 0) return { ...base, wPlus: 0, z: null, p: null, pMethod: 'none', reason: noTestReason(base) };
  const abs = nonZero.map(Math.abs);
  const doubledRanks = Array.from(averageRanks(abs), (r) => Math.round(2 * r));
  let doubledWPlus = 0;
  nonZero.forEach((d, i) => {
    if (d > 0) doubledWPlus += doubledRanks[i];
  });
  const wPlus = doubledWPlus / 2;
  const mean = (n * (n + 1)) / 4;
  const ties = tieGroups(abs).reduce((s, t) => s + (t ** 3 - t), 0);
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - ties / 48;
  const diff = wPlus - mean;
  // Continuity correction towards the mean, never past it (|diff| can be 0.25 with ties).
  const z = variance > 0 ? (Math.sign(diff) * Math.max(0, Math.abs(diff) - 0.5)) / Math.sqrt(variance) : 0;
  if (n <= WILCOXON_EXACT_MAX_N) return { ...base, wPlus, z, p: exactSignedRankP(doubledRanks, doubledWPlus), pMethod: 'exact', reason: null };
  return { ...base, wPlus, z, p: Math.min(1, erfc(Math.abs(z) / Math.SQRT2)), pMethod: 'normal', reason: null };
}
