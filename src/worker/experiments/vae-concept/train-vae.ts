/** Worker handler: train the experiment-2 VAE on a stored faces dataset, checkpointing into the run. */
import type { VaeTrainEvent, VaeTrainJob, VaeTrainResult } from '../../../shared/faces.ts';
import { activeBackend } from '../../engine/backend.ts';
import { loadFaceFiles } from '../../data/faces/face-dataset-files.ts';
import { trainVae } from '../../training/train-vae.ts';
import { vaeShape } from '../../models/vae.ts';

export async function trainVaeHandler(job: VaeTrainJob, emit: (e: VaeTrainEvent) => void, isCancelled: () => boolean): Promise<VaeTrainResult> {
  const data = loadFaceFiles(job.datasetDir);
  const out = await trainVae(data, job.config, job.runDir, job.resume, emit, isCancelled);
  const shape = vaeShape(out.vae);
  out.vae.vae.dispose();
  return {
    epochsDone: out.epochsDone,
    resumedFrom: out.resumedFrom,
    testReconstructionLoss: out.testReconstructionLoss,
    testKl: out.testKl,
    trainCount: out.train.length,
    testCount: out.test.length,
    latent: shape.latent,
    size: shape.size,
    originalsFile: out.originalsFile,
    reconstructionIndices: out.reconstructionIndices,
    backend: activeBackend(),
  };
}
