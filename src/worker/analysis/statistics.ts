/** Summary statistics used by the metrics: quantiles, AUROC, Spearman ρ, Wilcoxon signed-rank. */
import type { Spread } from '../../shared/run.ts';
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

export function spread(values: readonly number[]): Spread {
  return { median: quantile(values, 0.5), q1: quantile(values, 0.25), q3: quantile(values, 0.75) };
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

/** Spearman's ρ: Pearson correlation of average ranks. NaN when either side is constant. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
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

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

export interface WilcoxonResult {
  /** Pairs with a non-zero difference. */
  n: number;
  /** Sum of ranks of positive differences (a > b). */
  wPlus: number;
  z: number;
  /** Two-sided p-value, normal approximation with tie and continuity corrections. */
  p: number;
  medianDifference: number;
}

/** Wilcoxon signed-rank test for paired samples a, b (zero differences dropped, Wilcoxon's convention). */
export function wilcoxonSignedRank(a: readonly number[], b: readonly number[]): WilcoxonResult {
  const diffs = a.map((v, i) => v - b[i]).filter((d) => Number.isFinite(d));
  const nonZero = diffs.filter((d) => d !== 0);
  const n = nonZero.length;
  const medianDifference = quantile(diffs, 0.5);
  if (n === 0) return { n, wPlus: 0, z: 0, p: 1, medianDifference };
  const ranks = averageRanks(nonZero.map(Math.abs));
  let wPlus = 0;
  nonZero.forEach((d, i) => {
    if (d > 0) wPlus += ranks[i];
  });
  const mean = (n * (n + 1)) / 4;
  const ties = tieGroups(nonZero.map(Math.abs)).reduce((s, t) => s + (t ** 3 - t), 0);
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - ties / 48;
  const diff = wPlus - mean;
  const z = variance > 0 ? (diff - Math.sign(diff) * 0.5) / Math.sqrt(variance) : 0;
  return { n, wPlus, z, p: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))), medianDifference };
}
