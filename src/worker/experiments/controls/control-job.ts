/**
 * Worker handler: one control map (issue 18, analysis 2) for a trained black-box run's test images with
 * a box, the same images its own maps explain, and its medians of every analysis metric, computed by the
 * same code as the run's own methods' (image-metrics.ts, shared/method-summary.ts).
 */
import { metricMedians } from '../../../shared/experiments/analysis-common.ts';
import type { ControlMapsJob, ControlMapsResult } from '../../../shared/experiments/controls.ts';
import type { ProgressEvent } from '../../../shared/progress.ts';
import { LabError } from '../../../shared/result.ts';
import { methodSummary } from '../../../shared/method-summary.ts';
import { imageMetricsRows } from '../../analysis/image-metrics.ts';
import { explainedImages } from '../blackbox/explained-images.ts';
import { BOX_LOGIT, loadRunModel } from '../blackbox/run-model.ts';
import { type ControlMaps, modelFreeMaps } from './control-maps.ts';
import { occlusionFillColours } from './occlusion-fill.ts';
import { occlusionMaps } from './occlusion.ts';

export async function controlMaps(job: ControlMapsJob, emit: (e: ProgressEvent) => void, isCancelled: () => boolean): Promise<ControlMapsResult> {
  const { data, indices, size, x, masks } = explainedImages(job);
  if (indices.length === 0) throw new LabError('bad-input', `${job.runDir}: no test image with a box to explain`);
  const stage = `control: ${job.control}`;
  emit({ type: 'progress', done: 0, total: 1, stage });
  let maps: ControlMaps;
  let forwardPasses: number | undefined;
  if (job.control === 'occlusion') {
    const adapter = await loadRunModel(job.runDir);
    try {
      const r = occlusionMaps(adapter, x, indices.length, {
        size,
        patch: job.occlusion.patch,
        stride: job.occlusion.stride,
        fill: occlusionFillColours(data.pixels, indices, size, job.occlusion.fill, job.preprocessing),
        target: BOX_LOGIT,
        isCancelled,
        onProgress: (done, total) => emit({ type: 'progress', done, total, stage }),
      });
      maps = { maps: r.maps, channels: 1 };
      forwardPasses = r.forwardPasses;
    } finally {
      adapter.dispose?.();
    }
  } else {
    maps = modelFreeMaps(job.control, x, indices, size, job.randomSeed);
  }
  if (isCancelled()) throw new LabError('cancelled', `the ${job.control} control was cancelled`);
  const summary = methodSummary(imageMetricsRows(maps.maps, maps.channels, x, masks, indices));
  emit({ type: 'progress', done: 1, total: 1, stage });
  return { control: job.control, images: indices.length, medians: metricMedians(summary), ...(forwardPasses === undefined ? {} : { forwardPasses }) };
}
