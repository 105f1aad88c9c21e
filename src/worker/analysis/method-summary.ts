/**
 * One set of maps as the numbers a run reports (METHODS.md "Metrics"): per-image box metrics, then their
 * medians, IQRs and the pointing game's hit rate. The run's own maps (compute-maps) and the control maps
 * (issue 18) go through this one function, so a control's numbers mean exactly what a method's do.
 */
import type { ImageMetricsRow } from '../../shared/analysis.ts';
import type { MethodSummary } from '../../shared/run.ts';
import { boxMetrics, channelSum, inputMagnitude } from './box-metrics.ts';
import { pointingGameRate, spread } from './statistics.ts';

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

/** Medians and IQRs over images (with their n), the pointing game as a hit rate; the completeness gap when given (IG). */
export function methodSummary(perImage: readonly ImageMetricsRow[], completenessGaps?: readonly number[]): MethodSummary {
  const col = (key: Exclude<keyof ImageMetricsRow, 'completenessGap'>) => perImage.map((r) => r[key]);
  return {
    images: perImage.length,
    boxMassShare: spread(col('boxMassShare')),
    enrichment: spread(col('enrichment')),
    zeroFractionInBox: spread(col('zeroFractionInBox')),
    // A hit rate, not a median: the mean of per-image hits (tied maxima share the credit), over the
    // images where it is defined (a map with NaN has none), with that n (issue 15).
    ...pointingGameRate(col('pointingGame')),
    auroc: spread(col('auroc')),
    topKIoU: spread(col('topKIoU')),
    intensitySpearman: spread(col('intensitySpearman')),
    darkSuppressionRatio: spread(col('darkSuppressionRatio')),
    ...(completenessGaps === undefined ? {} : { completenessGap: spread(completenessGaps) }),
  };
}
