/** Worker handlers for imported models (issue 9): inspect a model file, and experiment 3's maps stage. */
import type { ModelInspection, ModelMapsJob, ModelMapsResult, ModelRef } from '../../shared/models.ts';
import type { ProgressEvent } from '../../shared/worker-protocol.ts';
import { loadModel } from '../models/load-model.ts';
import { runModelMaps } from '../experiments/resnet50/pipeline.ts';

export async function inspectModel(ref: ModelRef & { size?: number }): Promise<ModelInspection> {
  const loaded = await loadModel({ kind: ref.kind, path: ref.path, ...(ref.kerasGraph ? { kerasGraph: ref.kerasGraph } : {}) }, ref.size);
  loaded.adapter.dispose?.();
  return loaded.inspection;
}

export function modelMaps(job: ModelMapsJob, emit: (e: ProgressEvent) => void, isCancelled: () => boolean): Promise<ModelMapsResult> {
  return runModelMaps(job, emit, isCancelled);
}
