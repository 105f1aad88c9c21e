/**
 * Worker handler: maps of the "box" logit for the test images with a box, with every requested
 * method, plus per-image metrics, summaries, Fig. 1c histograms and the paired RectGrad comparison.
 */
import type { MapsResult, MethodMaps, PairedComparison } from '../../../shared/analysis.ts';
import type { MapsJob } from '../../../shared/experiments/blackbox.ts';
import type { ProgressEvent } from '../../../shared/progress.ts';
import { explainEach } from '../../saliency/explain.ts';
import { channelSum } from '../../analysis/box-metrics.ts';
import { methodSummary } from '../../../shared/method-summary.ts';
import { imageMetricsRows } from '../../analysis/image-metrics.ts';
import { HISTOGRAM_EDGES, addInto, emptyHistogram, imageHistogram } from '../../analysis/histograms.ts';
import { allZeroMaps, compareMethods } from '../../../shared/paired-comparison.ts';
import { explainedImages } from './explained-images.ts';
import { BOX_LOGIT, loadRunModel } from './run-model.ts';

export async function computeMaps(job: MapsJob, emit: (e: ProgressEvent) => void, isCancelled: () => boolean): Promise<MapsResult> {
  // The model-space input (issue 9): maps are of what the model saw (explained-images.ts).
  const { indices, size, x, shape, masks } = explainedImages(job);
  const pixels = size * size;
  const adapter = await loadRunModel(job.runDir);
  const methods: MethodMaps[] = [];
  try {
    const explained = explainEach(adapter, x, shape, {
      methods: job.methods,
      options: job.options,
      target: BOX_LOGIT,
      isCancelled,
      onProgress: (done, total, method) => emit({ type: 'progress', done, total, stage: `maps: ${method}` }),
    });
    for (const { method, result, seconds } of explained) {
      const gaps = result.completeness?.map((c) => c.gap);
      const perImage = imageMetricsRows(result.map, 3, x, masks, indices).map((row, n) => (gaps === undefined ? row : { ...row, completenessGap: gaps[n] }));
      const pooled = emptyHistogram();
      const perImageHistograms = indices.map((_, n) => {
        const h = imageHistogram(channelSum(result.map, pixels, 3, n * pixels * 3), masks[n]);
        addInto(pooled, h);
        return h;
      });
      methods.push({
        method,
        timesInput: result.timesInput,
        seconds,
        maps: result.map,
        perImage,
        allZero: allZeroMaps(result.map, indices.length),
        histogram: pooled,
        perImageHistograms,
        summary: methodSummary(perImage, gaps),
      });
    }
  } finally {
    adapter.dispose?.();
  }
  const comparisons: PairedComparison[] = [];
  const byId = new Map(methods.map((m) => [m.method, m]));
  const a = byId.get('nobias-rectgrad');
  const b = byId.get('rectgrad');
  if (a !== undefined && b !== undefined) {
    const values = (m: MethodMaps) => ({ method: m.method, values: m.perImage.map((r) => r.boxMassShare), allZero: m.allZero });
    comparisons.push({ ...compareMethods(values(a), values(b)), metric: 'boxMassShare' });
  }
  return { indices, shape, target: BOX_LOGIT, edges: HISTOGRAM_EDGES, methods, comparisons };
}
