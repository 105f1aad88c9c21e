/** Worker handler: load a model and an input file, compute one method's maps, return them transferred. */
import type { SaliencyFileJob, SaliencyFileResult, ProgressEvent } from '../../shared/worker-protocol.ts';
import { activeBackend } from '../engine/backend.ts';
import { layersModelAdapter } from '../engine/layers-model-adapter.ts';
import { loadLayersModelFromDisk } from '../engine/model-io.ts';
import { asBatch, readInputFile } from '../data/input-file.ts';
import { explain } from '../saliency/explain.ts';

export async function saliencyFromFiles(job: SaliencyFileJob, emit: (e: ProgressEvent) => void, isCancelled: () => boolean): Promise<SaliencyFileResult> {
  const model = await loadLayersModelFromDisk(job.modelPath);
  const adapter = layersModelAdapter(model);
  try {
    const input = await readInputFile(job.inputPath, adapter.inputShape);
    const batch = asBatch(input, adapter.inputShape, job.inputPath);
    const result = explain(adapter, batch.data, batch.shape, {
      method: job.method,
      options: job.options,
      target: job.target,
      batchSize: job.batchSize,
      isCancelled,
      onProgress: (done, total) => emit({ type: 'progress', done, total, stage: 'saliency' }),
    });
    return { map: result.map, shape: input.shape, targets: result.targets, timesInput: result.timesInput, backend: activeBackend() };
  } finally {
    adapter.dispose?.();
  }
}
