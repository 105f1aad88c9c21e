/** Worker handler: load a model and an input file, compute one method's maps, return them transferred. */
import type { SaliencyFileJob, SaliencyFileResult, ProgressEvent } from '../../shared/worker-protocol.ts';
import { activeBackend } from '../engine/backend.ts';
import { asBatch, readInputFile } from '../data/input-file.ts';
import { explain } from '../saliency/explain.ts';
import { detectModelKind, loadModel } from '../models/load-model.ts';

/** Any model the lab loads: a TF.js LayersModel or GraphModel folder / model.json, or Keras ResNet .h5 weights. */
export async function saliencyFromFiles(job: SaliencyFileJob, emit: (e: ProgressEvent) => void, isCancelled: () => boolean): Promise<SaliencyFileResult> {
  const ref = detectModelKind(job.modelPath);
  const loaded = await loadModel(job.kerasGraph === undefined ? ref : { ...ref, kerasGraph: job.kerasGraph });
  const { adapter } = loaded;
  try {
    const input = await readInputFile(job.inputPath, adapter.inputShape);
    const batch = asBatch(input, adapter.inputShape, job.inputPath);
    const notHonoured = loaded.notHonoured(job.options);
    const result = explain(adapter, batch.data, batch.shape, {
      method: job.method,
      options: notHonoured.length > 0 ? { ...job.options, paddingTrick: false } : job.options,
      target: job.target,
      batchSize: job.batchSize,
      isCancelled,
      onProgress: (done, total) => emit({ type: 'progress', done, total, stage: 'saliency' }),
    });
    return { map: result.map, shape: input.shape, targets: result.targets, timesInput: result.timesInput, backend: activeBackend(), notHonoured: [...notHonoured, ...result.notHonoured], model: loaded.inspection, ...(result.completeness === undefined ? {} : { completeness: result.completeness }) };
  } finally {
    adapter.dispose?.();
  }
}
