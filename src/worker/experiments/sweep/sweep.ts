/**
 * Worker handler: the suppressed-point sweep (issue 9) of a trained black-box run. The run's test images
 * with a box are explained (the "box" logit) with RectGrad, whose one pass gives both halves of the pair,
 * under the run's own preset and under each extra preset. For an extra preset the same model is fed
 * preprocess_preset(raw): it was trained on its own preset, so those panels show where the final
 * × input puts its blind spot, not what a model retrained on that preset would do.
 */
import type { SweepJob } from '../../../shared/experiments/sweep.ts';
import type { ProgressEvent } from '../../../shared/progress.ts';
import type { SweepPanel, SweepResult } from '../../../shared/sweep.ts';
import { LabError } from '../../../shared/result.ts';
import { TRAIN_PREPROCESSING_PRESET } from '../../../shared/run.ts';
import { layersModelAdapter } from '../../engine/layers-model-adapter.ts';
import { loadLayersModelFromDisk } from '../../engine/model-io.ts';
import { loadDatasetFiles, toUnitFloat } from '../../data/dataset-files.ts';
import { stratifiedSplit } from '../../training/split.ts';
import { checkpointsDir, readLatestCheckpoint } from '../../training/checkpoint.ts';
import { applyPreset } from '../../training/model-input.ts';
import { explain, explainSteps } from '../../saliency/explain.ts';
import { sweepPanel } from './panel.ts';
import { join } from 'node:path';

const BOX_LOGIT = 1;

export async function sweep(job: SweepJob, emit: (e: ProgressEvent) => void, isCancelled: () => boolean): Promise<SweepResult> {
  const data = loadDatasetFiles(job.datasetDir, job.datasetSize);
  const ptr = readLatestCheckpoint(job.runDir);
  if (ptr === null) throw new LabError('not-found', `${job.runDir}: no trained checkpoint to explain (train first)`);
  const split = stratifiedSplit(data.items.map((i) => i.label), job.testFraction, job.seed);
  const indices = split.test.filter((i) => data.items[i].box !== null).slice(0, job.limit);
  if (indices.length === 0) throw new LabError('bad-input', `${job.runDir}: no test image with a box to explain`);
  const size = data.size;
  const raw = toUnitFloat(data.pixels, indices, size);
  const shape = [indices.length, size, size, 3];
  const own = TRAIN_PREPROCESSING_PRESET[job.preprocessing];
  const presets = [own, ...new Set(job.presets.filter((p) => p !== own))];
  // One RectGrad pass per preset: its map and its pair are RectGrad and No-Bias RectGrad.
  const options = { ...job.options, timesInput: true };
  const per = explainSteps('rectgrad', options, indices.length);
  const adapter = layersModelAdapter(await loadLayersModelFromDisk(join(checkpointsDir(job.runDir), ptr.dir)));
  const panels: SweepPanel[] = [];
  try {
    for (const [k, preset] of presets.entries()) {
      const x = applyPreset(raw.slice(), preset);
      const result = explain(adapter, x, shape, {
        method: 'rectgrad',
        options,
        target: BOX_LOGIT,
        isCancelled,
        onProgress: (done) => emit({ type: 'progress', done: k * per + done, total: presets.length * per, stage: `sweep: ${preset}` }),
      });
      panels.push(sweepPanel(raw, { rectgrad: result.map, 'nobias-rectgrad': result.pair }, job.bins, job.minBinCount, preset, preset === own));
    }
  } finally {
    adapter.dispose?.();
  }
  return { indices, target: BOX_LOGIT, panels };
}
