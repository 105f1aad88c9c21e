/**
 * One set of per-image box metrics as the numbers a run reports (METHODS.md "Metrics"): their medians,
 * IQRs and the pointing game's hit rate. The worker summarises the run's own maps (compute-maps) and the
 * control maps (issue 18) with it, and the app summarises a group of the explained images with it
 * (issue 21, metric-groups.ts): one function, so every summary means exactly the same.
 */
import type { ImageMetricsRow } from './analysis.ts';
import type { MethodSummary } from './run.ts';
import { pointingGameRate, spread } from './statistics.ts';

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
