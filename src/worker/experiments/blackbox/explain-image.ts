/**
 * Worker handler (issue 21, the gallery's "Explain this"): the maps of the "box" logit for one dataset
 * image, any of them (train or test, with a box or without), with the methods asked for, the model's
 * logits for it, and the box metrics when it has a box. It writes nothing: the run's saved maps stay.
 */
import { EXPLAIN_MAX_PASSES, type ExplainImageJob, type ExplainImageResult, type ExplainedMethod } from '../../../shared/experiments/blackbox.ts';
import type { ProgressEvent } from '../../../shared/progress.ts';
import { LabError } from '../../../shared/result.ts';
import { tf } from '../../engine/tf.ts';
import { forwardScores } from '../../engine/modified-backprop.ts';
import { explainEach, explainSteps } from '../../saliency/explain.ts';
import { channelSum } from '../../analysis/box-metrics.ts';
import { imageMetricsRows } from '../../analysis/image-metrics.ts';
import { loadDatasetFiles } from '../../data/dataset-files.ts';
import { imagesAt, runTestIndices } from './explained-images.ts';
import { BOX_LOGIT, loadRunModel } from './run-model.ts';

export async function explainImage(job: ExplainImageJob, emit: (e: ProgressEvent) => void, isCancelled: () => boolean): Promise<ExplainImageResult> {
  const total = job.methods.reduce((sum, m) => sum + explainSteps(m, job.options, 1), 0);
  if (total > EXPLAIN_MAX_PASSES) {
    throw new LabError('bad-input', `explain: these methods and options take ${total} backward passes; one image explained on demand takes at most ${EXPLAIN_MAX_PASSES} (fewer IG steps or SmoothGrad samples)`);
  }
  const data = loadDatasetFiles(job.datasetDir, job.datasetSize);
  if (job.index >= data.items.length) throw new LabError('bad-input', `explain: index: image ${job.index} is out of range (the dataset has ${data.items.length} images, 0 to ${data.items.length - 1})`);
  const { indices, size, x, shape, masks } = imagesAt(data, [job.index], job.preprocessing);
  const pixels = size * size;
  const { label, box } = data.items[job.index];
  const adapter = await loadRunModel(job.runDir);
  try {
    const scores = tf.tidy(() => forwardScores(adapter, tf.tensor(x, shape)));
    const logits = Array.from(scores.dataSync());
    scores.dispose();
    const explained = explainEach(adapter, x, shape, {
      methods: job.methods,
      options: job.options,
      target: BOX_LOGIT,
      isCancelled,
      onProgress: (done, all, method) => emit({ type: 'progress', done, total: all, stage: `explain: ${method}` }),
    });
    const methods: ExplainedMethod[] = explained.map(({ method, result, seconds }) => ({
      method,
      timesInput: result.timesInput,
      seconds,
      map: channelSum(result.map, pixels, 3, 0),
      metrics: box !== null ? imageMetricsRows(result.map, 3, x, masks, indices)[0] : null,
      notHonoured: result.notHonoured,
    }));
    return {
      index: job.index,
      size,
      split: runTestIndices(data, job).includes(job.index) ? 'test' : 'train',
      label,
      box,
      target: BOX_LOGIT,
      logits,
      prediction: logits.indexOf(Math.max(...logits)),
      methods,
    };
  } finally {
    adapter.dispose?.();
  }
}
