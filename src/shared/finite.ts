/**
 * The first value of an array that is not a finite number (issue 16): weights with NaN or ±Inf are
 * refused at import, and a map holding one yields no statistic. Named by what it is, so one-line errors
 * can say "holds NaN" or "holds -Infinity".
 *
 * @example firstNonFinite(new Float32Array([1, NaN])) // { index: 1, value: 'NaN' }
 */
export function firstNonFinite(values: ArrayLike<number>, from = 0, to = values.length): { index: number; value: 'NaN' | 'Infinity' | '-Infinity' } | null {
  for (let i = from; i < to; i++) {
    const v = values[i];
    // v − v is 0 for every finite v and NaN otherwise: one comparison per value on the hot path.
    if (v - v !== 0) return { index: i, value: Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' };
  }
  return null;
}
