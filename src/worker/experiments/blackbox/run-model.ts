/** A trained black-box run's model at its latest checkpoint, as the adapter saliency methods and forward passes use. */
import { join } from 'node:path';
import { LabError } from '../../../shared/result.ts';
import { layersModelAdapter } from '../../engine/layers-model-adapter.ts';
import type { ModelAdapter } from '../../engine/model-adapter.ts';
import { loadLayersModelFromDisk } from '../../engine/model-io.ts';
import { checkpointsDir, readLatestCheckpoint } from '../../training/checkpoint.ts';

/** The classifier's "box" class: every map and occlusion score of a black-box run is of this logit. */
export const BOX_LOGIT = 1;

/** Throws not-found naming the run's folder when it has no checkpoint. The caller disposes the adapter. */
export async function loadRunModel(runDir: string): Promise<ModelAdapter> {
  const ptr = readLatestCheckpoint(runDir);
  if (ptr === null) throw new LabError('not-found', `${runDir}: no trained checkpoint to explain (train first)`);
  return layersModelAdapter(await loadLayersModelFromDisk(join(checkpointsDir(runDir), ptr.dir)));
}
