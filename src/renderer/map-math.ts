/** Small pure computations on channel-summed maps used by the saliency view. */
export function differenceMap(a: readonly number[], b: readonly number[]): { values: number[]; maxAbs: number } {
  const values = a.map((v, i) => v - b[i]);
  return { values, maxAbs: values.reduce((m, v) => Math.max(m, Math.abs(v)), 0) };
}
