/** Worker handler (issue 9): load a model file (Keras .h5, TF.js Layers or Graph model) and say what it is. */
import type { ModelInspection, ModelRef } from '../../shared/models.ts';
import { loadModel } from '../models/load-model.ts';

export async function inspectModel(ref: ModelRef & { size?: number }): Promise<ModelInspection> {
  const loaded = await loadModel({ kind: ref.kind, path: ref.path, ...(ref.kerasGraph ? { kerasGraph: ref.kerasGraph } : {}) }, ref.size);
  loaded.adapter.dispose?.();
  return loaded.inspection;
}
