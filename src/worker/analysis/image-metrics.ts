/**
 * One set of maps as per-image box metrics (METHODS.md "Metrics"); their summary over images is
 * src/shared/method-summary.ts, which the app uses too. The run's own maps (compute-maps) and the control
 * maps (issue 18) go through these rows, so a control's numbers mean exactly what a method's do.
 */
import type { ImageMetricsRow } from '../../shared/analysis.ts';
import { boxMetrics, channelSum, inputMagnitude } from './box-metrics.ts';

/**
 * Box metrics of each image's map. `maps` is [N, H·W, mapChannels] (a map may have one channel, like
 * occlusion's, or the input's three), `x` the model-space input [N, H·W, 3] whose magnitude the intensity
 * metrics use, `masks` each image's box [H·W].
 */
export function imageMetricsRows(maps: Float32Array, mapChannels: number, x: Float32Array, masks: readonly Uint8Array[], indices: readonly number[]): ImageMetricsRow[] {
  const pixels = masks[0]?.length ?? 0;
  return indices.map((index, n) => {
    const s = channelSum(maps, pixels, mapChannels, n * pixels * mapChannels);
    return { index, ...boxMetrics(s, masks[n], inputMagnitude(x, pixels, 3, n * pixels * 3)) };
  });
}
