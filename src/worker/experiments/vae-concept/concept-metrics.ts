/**
 * Per-image numbers of issue 8 for a map of the concept score, from the map S summed over channels and
 * the eye-region mask: eye-region mass share, exact-zero fraction of the map where the input is exactly
 * 0, dark suppression ratio and intensity–saliency Spearman (the experiment-1 helpers, with the eye
 * region in place of the box).
 */
import type { ConceptImageMetrics, ConceptMethodSummary, EyeglassesStyle } from '../../../shared/faces.ts';
import { boxMetrics, channelSum, inputMagnitude } from '../../analysis/box-metrics.ts';
import { spread } from '../../../shared/statistics.ts';

/** Among entries whose input is exactly 0, the fraction whose map value is exactly 0 (NaN if none). */
export function zeroFractionAtZeroInput(map: Float32Array, x: Float32Array, offset: number, length: number): number {
  let zeros = 0;
  let hits = 0;
  for (let i = offset; i < offset + length; i++) {
    if (x[i] === 0) {
      zeros++;
      if (map[i] === 0) hits++;
    }
  }
  return zeros > 0 ? hits / zeros : NaN;
}

export function conceptImageMetrics(map: Float32Array, x: Float32Array, n: number, pixels: number, eyeMask: Uint8Array, index: number, group: EyeglassesStyle): ConceptImageMetrics {
  const offset = n * pixels * 3;
  const s = channelSum(map, pixels, 3, offset);
  const m = boxMetrics(s, eyeMask, inputMagnitude(x, pixels, 3, offset));
  return {
    index,
    group,
    eyeRegionShare: m.boxMassShare,
    zeroFractionAtZeroInput: zeroFractionAtZeroInput(map, x, offset, pixels * 3),
    darkSuppressionRatio: m.darkSuppressionRatio,
    intensitySpearman: m.intensitySpearman,
  };
}

export function summariseConceptMetrics(rows: readonly ConceptImageMetrics[]): ConceptMethodSummary {
  const col = (key: keyof ConceptImageMetrics, group?: EyeglassesStyle) => rows.filter((r) => group === undefined || r.group === group).map((r) => r[key] as number);
  return {
    eyeRegionShareDark: spread(col('eyeRegionShare', 'dark')),
    eyeRegionShareClear: spread(col('eyeRegionShare', 'clear')),
    eyeRegionShareNone: spread(col('eyeRegionShare', 'none')),
    zeroFractionAtZeroInput: spread(col('zeroFractionAtZeroInput')),
    darkSuppressionRatio: spread(col('darkSuppressionRatio')),
    intensitySpearman: spread(col('intensitySpearman')),
  };
}
