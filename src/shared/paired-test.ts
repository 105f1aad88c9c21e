/**
 * A paired comparison of two methods over images (Wilcoxon signed-rank, src/shared/statistics.ts)
 * and the one way every front door words it (issue 15, item 5): a comparison with fewer pairs in the
 * test than images says why, and one with no test shows that reason instead of a p-value, never "p = 1".
 */

/**
 * Why a comparison has no test (no non-zero difference to rank):
 * - `no-pairs`: no images were compared at all;
 * - `all-maps-zero`: every image had an all-zero map under a or b, so the metric (a share of |S|) is undefined;
 * - `no-defined-pairs`: the metric was undefined on a or b for every image, for another reason;
 * - `all-differences-zero`: every defined pair had a − b exactly 0.
 */
export const NO_TEST_REASONS = ['no-pairs', 'all-maps-zero', 'no-defined-pairs', 'all-differences-zero'] as const;
export type NoTestReason = (typeof NO_TEST_REASONS)[number];

export interface PairedTest {
  a: string;
  b: string;
  /** Images compared; null in runs stored before issue 7, which did not record it (nor the next two). */
  pairs: number | null;
  /** Images left out because a value was undefined (e.g. an all-zero map has no box share). */
  undefinedPairs: number | null;
  /** Images with a zero difference, dropped before ranking (Wilcoxon's convention, scipy's 'wilcox'). */
  zeroDifferences: number | null;
  /** Images in the test: pairs − undefinedPairs − zeroDifferences. */
  n: number;
  wPlus: number;
  /** Null when there is no test (n = 0). */
  z: number | null;
  /** Two-sided p-value; null when there is no test (n = 0): see `reason`. */
  p: number | null;
  /** 'exact' null distribution for n ≤ 50, 'normal' approximation above, 'none' without a test; null: not recorded. */
  pMethod: 'exact' | 'normal' | 'none' | null;
  /** Why there is no test; null when there is one (or, in runs stored before issue 15, when it cannot be told). */
  reason: NoTestReason | null;
  /** Median of the defined differences a − b, zeros included (NaN when none is defined). */
  medianDifference: number;
  /** How many of the pairs have an all-zero map under a and under b; absent when the caller could not tell. */
  allZeroMaps?: { a: number; b: number };
}

/** The reason from the counts alone (the worker then tells all-zero maps apart, as it has the maps). */
export function noTestReason(c: { pairs: number; undefinedPairs: number; n: number }): NoTestReason | null {
  if (c.n > 0) return null;
  if (c.pairs === 0) return 'no-pairs';
  // Undefined pairs first: they are why there was nothing left to difference.
  return c.undefinedPairs === c.pairs ? 'no-defined-pairs' : 'all-differences-zero';
}

/** p-values as a reader expects them: exponent form when small, never a bare 0; null is no test. */
export function formatP(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return 'no p-value';
  if (p === 0) return 'p < 1e-300';
  return p < 1e-4 ? `p = ${p.toExponential(1)}` : `p = ${p.toFixed(4)}`;
}

/** One sentence: why there is no test, for `metric` (e.g. "box mass share"). */
export function noTestText(c: PairedTest, metric: string): string {
  const pairs = c.pairs ?? 0;
  const zeros = c.allZeroMaps === undefined ? '' : ` (all-zero maps: ${c.a} ${c.allZeroMaps.a}, ${c.b} ${c.allZeroMaps.b})`;
  switch (c.reason) {
    case 'no-pairs':
      return 'no test: there were no images to compare';
    case 'all-maps-zero':
      return `no test: each of the ${pairs} images has an all-zero map under ${c.a} or ${c.b}, so its ${metric} is undefined${zeros}`;
    case 'no-defined-pairs':
      return `no test: the ${metric} is undefined under ${c.a} or ${c.b} on each of the ${pairs} images${zeros}`;
    case 'all-differences-zero':
      return `no test: every one of the ${pairs - (c.undefinedPairs ?? 0)} images with a defined ${metric} has the same value under both (difference exactly 0)${c.undefinedPairs ? `; ${c.undefinedPairs} more had none${zeros}` : ''}`;
    default:
      return 'no test: no image had a non-zero difference (this run did not record why)';
  }
}

/**
 * Where the pairs went when fewer than the images are in the test, e.g. "n = 12 of 20 images (5 without a
 * defined value, 3 with zero difference left out)"; just "n = 20" when every image is in it.
 */
export function pairsText(c: PairedTest): string {
  if (c.pairs === null) return `n = ${c.n}`;
  const out: string[] = [];
  if (c.undefinedPairs) out.push(`${c.undefinedPairs} without a defined value${c.allZeroMaps !== undefined && c.allZeroMaps.a + c.allZeroMaps.b > 0 ? ` (all-zero maps: ${c.a} ${c.allZeroMaps.a}, ${c.b} ${c.allZeroMaps.b})` : ''}`);
  if (c.zeroDifferences) out.push(`${c.zeroDifferences} with zero difference left out`);
  return c.n === c.pairs ? `n = ${c.n}` : `n = ${c.n} of ${c.pairs} images${out.length > 0 ? ` (${out.join(', ')})` : ''}`;
}

/**
 * The whole comparison as plain text (the report escapes it, the app shows it): the test's numbers with
 * its n and p method, or the reason it has none. `diff` formats the median difference in the metric's unit.
 */
export function pairedTestText(c: PairedTest, metric: string, diff: (v: number) => string = (v) => (Number.isFinite(v) ? v.toFixed(3) : '–')): string {
  if (c.p === null || c.n === 0) return noTestText(c, metric);
  const method = c.pMethod === 'exact' ? ', exact' : c.pMethod === 'normal' ? ', normal approximation' : '';
  const z = c.z === null ? '' : `, z = ${c.z.toFixed(2)}`;
  return `${pairsText(c)}, median difference ${diff(c.medianDifference)} (${c.a} − ${c.b})${z}, ${formatP(c.p)} (two-sided${method})`;
}
