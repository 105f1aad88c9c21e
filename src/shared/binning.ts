/**
 * The one binning rule for "mean |S| by input value" (METHODS.md): the suppressed-point sweep bins each
 * element's raw value, experiment 3 its distance to the zero point; both lie in [0, 1] and both are binned
 * here, so "bin", "its count" and "the lowest bin" mean the same thing in every curve, table and report.
 *
 * - Bins: B equal bins of [0, 1], bin k = [k/B, (k + 1)/B), the last closed at 1; a value outside [0, 1]
 *   goes to the end bin on its side. Centres (k + 0.5)/B. An odd B puts mid-grey (0.5) at a centre.
 * - Level of a bin: mean |S| of the elements (pixel channels) in it; null when it holds none, a gap in
 *   every chart, never 0.
 * - Lowest bin: the bin with the lowest level among those holding at least `minCount` elements. A bin of
 *   a handful of elements (the far tail of the distances, a rare colour) has a level that is noise, and it
 *   would otherwise decide the headline. Null when no bin holds enough.
 *
 * Pure: shared by the worker (which bins), the host (reports, CLI) and the renderer (charts).
 */

/** Bins below this many elements take no part in "lowest" unless a run says otherwise. */
export const DEFAULT_MIN_BIN_COUNT = 100;

/** One line that states the rule, for tooltips, report notes and CLI text. */
export function binRuleText(binCount: number, minCount: number): string {
  return `${binCount} equal bins of [0, 1]; "lowest" only among bins with ≥ ${minCount.toLocaleString('en')} elements`;
}

export function checkBinCount(binCount: number): void {
  if (!(Number.isInteger(binCount) && binCount >= 1)) throw new RangeError(`bins: expected an integer ≥ 1, got ${binCount}`);
}

/** Edges 0, 1/B, …, 1 (B + 1 of them). */
export function binEdges(binCount: number): number[] {
  checkBinCount(binCount);
  return Array.from({ length: binCount + 1 }, (_, k) => k / binCount);
}

/** Centres (k + 0.5)/B. */
export function binCentres(binCount: number): number[] {
  checkBinCount(binCount);
  return Array.from({ length: binCount }, (_, k) => (k + 0.5) / binCount);
}

/** The bin of a value: floor(v · B), clamped to the end bins (1 itself is in the last bin). */
export function binIndex(value: number, binCount: number): number {
  return Math.min(binCount - 1, Math.max(0, Math.floor(value * binCount)));
}

/**
 * Edges of bins given only by their centres: midway between neighbours, the ends clipped to [0, 1]. Exact
 * for this rule and for files written before it (bins of width 1/(B − 1) centred at 0 … 1, half-width at
 * the ends), so old sweep files still shade the right range.
 */
export function edgesFromCentres(centres: readonly number[]): number[] {
  const n = centres.length;
  if (n === 0) return [];
  if (n === 1) return [0, 1];
  const out = [Math.max(0, centres[0] - (centres[1] - centres[0]) / 2)];
  for (let k = 1; k < n; k++) out.push((centres[k - 1] + centres[k]) / 2);
  out.push(Math.min(1, centres[n - 1] + (centres[n - 1] - centres[n - 2]) / 2));
  return out;
}

/**
 * The bin with the lowest level among bins with ≥ minCount elements; null when none qualifies.
 * `levels` may be any per-bin quantity (mean |S|, or a ratio of two methods' levels); null levels skip.
 */
export function lowestBinIndex(levels: ReadonlyArray<number | null>, counts: readonly number[], minCount: number): number | null {
  let lowest: number | null = null;
  for (let k = 0; k < levels.length; k++) {
    const v = levels[k];
    if (v === null || !Number.isFinite(v) || !((counts[k] ?? 0) >= minCount)) continue;
    if (lowest === null || v < (levels[lowest] as number)) lowest = k;
  }
  return lowest;
}

export interface BinnedMeanAbs {
  edges: number[];
  centres: number[];
  /** Elements per bin. */
  counts: number[];
  /** Mean |S| per bin; null where the bin is empty. */
  meanAbsS: Array<number | null>;
  /** Mean |S| over every element added (NaN when none was). */
  meanAbsSAll: number;
}

/** Accumulates (value, S) pairs element by element; `result()` gives the bins. */
export class MeanAbsBins {
  private readonly sums: Float64Array;
  private readonly counts: number[];
  private total = 0;
  private n = 0;

  constructor(readonly binCount: number) {
    checkBinCount(binCount);
    this.sums = new Float64Array(binCount);
    this.counts = new Array<number>(binCount).fill(0);
  }

  add(value: number, s: number): void {
    const k = binIndex(value, this.binCount);
    const a = Math.abs(s);
    this.sums[k] += a;
    this.counts[k]++;
    this.total += a;
    this.n++;
  }

  result(): BinnedMeanAbs {
    return {
      edges: binEdges(this.binCount),
      centres: binCentres(this.binCount),
      counts: [...this.counts],
      meanAbsS: this.counts.map((c, k) => (c > 0 ? this.sums[k] / c : null)),
      meanAbsSAll: this.n > 0 ? this.total / this.n : NaN,
    };
  }
}
