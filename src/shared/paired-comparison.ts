/**
 * The paired test of two methods over the same images, with the maps at hand to say why it may have
 * no test: a share of |S| is undefined for an all-zero map, and "every map was zero" is a finding of its
 * own (RectGrad on a black box), not a missing number (issue 15, item 5). The worker compares a run's maps
 * with it, and the app a group of the explained images (issue 21, metric-groups.ts): one function.
 */
import type { PairedTest } from './paired-test.ts';
import { wilcoxonSignedRank } from './statistics.ts';

export interface MethodValues {
  method: string;
  /** The metric per image (NaN where undefined). */
  values: readonly number[];
  /**
   * Per image: is the map all zero? Same order as `values`. Absent when the caller cannot tell (its maps
   * could not be read): the comparison then has no all-zero counts and names no all-zero reason.
   */
  allZero?: readonly boolean[];
}

/** Per image of a stacked [N, …] map: true when every entry is exactly 0. */
export function allZeroMaps(map: Float32Array, count: number): boolean[] {
  const per = count > 0 ? map.length / count : 0;
  return Array.from({ length: count }, (_, i) => map.subarray(i * per, (i + 1) * per).every((v) => v === 0));
}

/** Wilcoxon signed-rank of a − b, with all-zero maps counted and named as the reason where they are it. */
export function compareMethods(a: MethodValues, b: MethodValues): PairedTest {
  if ((a.allZero !== undefined && a.allZero.length !== a.values.length) || (b.allZero !== undefined && b.allZero.length !== b.values.length)) throw new Error('one all-zero flag per value');
  const w = wilcoxonSignedRank(a.values, b.values);
  if (a.allZero === undefined || b.allZero === undefined) return { a: a.method, b: b.method, ...w };
  const bZero = b.allZero;
  const allZeroMaps = { a: a.allZero.filter(Boolean).length, b: bZero.filter(Boolean).length };
  const everyPairHasZeroMap = a.allZero.every((z, i) => z || bZero[i]);
  const reason = w.reason === 'no-defined-pairs' && everyPairHasZeroMap ? 'all-maps-zero' : w.reason;
  return { a: a.method, b: b.method, ...w, reason, allZeroMaps };
}
