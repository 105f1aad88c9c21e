/**
 * Worker handler: maps of the "box" logit for the test images with a box, with every requested
 * method, plus per-image metrics, summaries, Fig. 1c histograms and the paired RectGrad comparison.
 */
import type { ImageMetricsRow, MapsResult, MethodMaps, PairedComparison } from '../../../shared/analysis.ts';
import type { MapsJob } from '../../../shared/experiments/blackbox.ts';
import type { ProgressEvent } from '../../../shared/progress.ts';
import { LabError } from '../../../shared/result.ts';
import { layersModelAdapter } from '../../engine/layers-model-adapter.ts';
import { loadLayersModelFromDisk } from '../../engine/model-io.ts';
import { loadDatasetFiles } from '../../data/dataset-files.ts';
import { toModelInput } from '../../training/model-input.ts';
import { boxMask } from '../../data/black-box.ts';
import { stratifiedSplit } from '../../training/split.ts';
import { checkpointsDir, readLatestCheckpoint } from '../../training/checkpoint.ts';
import { explain, explainSteps } from '../../saliency/explain.ts';
import { boxMetrics, channelSum, inputMagnitude } from '../../analysis/box-metrics.ts';
import { HISTOGRAM_EDGES, addInto, emptyHistogram, imageHistogram } from '../../analysis/histograms.ts';
import { pointingGameRate, spread } from '../../analysis/statistics.ts';
import { allZeroMaps, compareMethods } from '../../analysis/paired-comparison.ts';
import { join } from 'node:path';

const BOX_LOGIT = 1;

export async function computeMaps(job: MapsJob, emit: (e: ProgressEvent) => void, isCancelled: () => boolean): Promise<MapsResult> {
  const data = loadDatasetFiles(job.datasetDir, job.datasetSize);
  const ptr = readLatestCheckpoint(job.runDir);
  if (ptr === null) throw new LabError('not-found', `${job.runDir}: no trained checkpoint to explain (train first)`);
  const split = stratifiedSplit(data.items.map((i) => i.label), job.testFraction, job.seed);
  const indices = split.test.filter((i) => data.items[i].box !== null).slice(0, job.limit);
  const size = data.size;
  const pixels = size * size;
  // The model-space input (issue 9): maps are of what the model saw, and |x| there is the distance to the
  // preprocessing's zero point, which the intensity metrics use (METHODS.md "Metrics").
  const x = toModelInput(data.pixels, indices, size, job.preprocessing ?? 'unit');
  const shape = [indices.length, size, size, 3];
  const masks = indices.map((i) => boxMask(size, data.items[i].box));
  const adapter = layersModelAdapter(await loadLayersModelFromDisk(join(checkpointsDir(job.runDir), ptr.dir)));
  const methods: MethodMaps[] = [];
  // Progress in sample-steps over all methods (IG and SmoothGrad count each pass), so it moves inside
  // long methods too and never goes back between methods of different cost.
  const work = job.methods.map((m) => explainSteps(m, job.options, indices.length));
  const total = work.reduce((a, b) => a + b, 0);
  try {
    for (const [k, method] of job.methods.entries()) {
      const before = work.slice(0, k).reduce((a, b) => a + b, 0);
      const result = explain(adapter, x, shape, {
        method,
        options: job.options,
        target: BOX_LOGIT,
        isCancelled,
        onProgress: (done) => emit({ type: 'progress', done: before + done, total, stage: `maps: ${method}` }),
      });
      const perImage = indices.map((index, n) => {
        const s = channelSum(result.map, pixels, 3, n * pixels * 3);
        const gap = result.completeness?.[n].gap;
        return { index, ...boxMetrics(s, masks[n], inputMagnitude(x, pixels, 3, n * pixels * 3)), ...(gap === undefined ? {} : { completenessGap: gap }) };
      });
      const pooled = emptyHistogram();
      const perImageHistograms = indices.map((_, n) => {
        const h = imageHistogram(channelSum(result.map, pixels, 3, n * pixels * 3), masks[n]);
        addInto(pooled, h);
        return h;
      });
      const col = (key: Exclude<keyof ImageMetricsRow, 'completenessGap'>) => perImage.map((r) => r[key]);
      methods.push({
        method,
        timesInput: result.timesInput,
        maps: result.map,
        perImage,
        histogram: pooled,
        perImageHistograms,
        summary: {
          images: indices.length,
          boxMassShare: spread(col('boxMassShare')),
          enrichment: spread(col('enrichment')),
          zeroFractionInBox: spread(col('zeroFractionInBox')),
          // A hit rate, not a median: the mean of per-image hits (tied maxima share the credit), over
          // the images where it is defined (a map with NaN has none), with that n (issue 15).
          ...pointingGameRate(col('pointingGame')),
          auroc: spread(col('auroc')),
          topKIoU: spread(col('topKIoU')),
          intensitySpearman: spread(col('intensitySpearman')),
          darkSuppressionRatio: spread(col('darkSuppressionRatio')),
          ...(result.completeness === undefined ? {} : { completenessGap: spread(result.completeness.map((c) => c.gap)) }),
        },
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
    const values = (m: MethodMaps) => ({ method: m.method, values: m.perImage.map((r) => r.boxMassShare), allZero: allZeroMaps(m.maps, indices.length) });
    comparisons.push({ ...compareMethods(values(a), values(b)), metric: 'boxMassShare' });
  }
  return { indices, shape, target: BOX_LOGIT, edges: HISTOGRAM_EDGES, methods, comparisons };
}
