/**
 * How each kind of model is trained in the worker, by the `model` its run config names: the classifier
 * of experiment 1 and the VAE of experiment 2. HostContext.trainRun owns the run's status, lock and event
 * log; a trainer only makes the worker call and says what the finished run records.
 */
import { join } from 'node:path';
import type { Result } from '../../shared/result.ts';
import type { RunConfig, RunEvent, RunManifest } from '../../shared/run.ts';
import { writeFileAtomic } from '../../node/atomic-write.ts';
import type { HostContext } from './host-context.ts';

export interface TrainerContext<C extends RunConfig> {
  host: HostContext;
  run: RunManifest & { config: C };
  datasetDir: string;
  datasetSize: number;
  runDir: string;
  resume: boolean;
  signal: AbortSignal;
  onEvent: (e: RunEvent) => void;
}

/** The worker's answer and, when it succeeded, what to record in the manifest (and files to write). */
export type Trainer<C extends RunConfig> = (ctx: TrainerContext<C>) => Promise<Result<Partial<RunManifest>>>;

const trainClassifier: Trainer<Extract<RunConfig, { model: 'blackbox-cnn' }>> = async ({ host, run, datasetDir, datasetSize, runDir, resume, signal, onEvent }) => {
  const r = await host.callWorker('train', { datasetDir, datasetSize, runDir, config: run.config, resume }, { signal, onEvent });
  if (!r.ok) return r;
  writeFileAtomic(join(runDir, 'predictions.json'), JSON.stringify({ testIndices: r.value.testIndices, predictions: r.value.predictions, logits: r.value.logits }));
  return { ok: true, value: { testAccuracy: r.value.testAccuracy, checkpointEpoch: r.value.epochsDone, backend: r.value.backend } };
};

const trainVae: Trainer<Extract<RunConfig, { model: 'vae' }>> = async ({ host, run, datasetDir, runDir, resume, signal, onEvent }) => {
  const { model: _model, datasetId: _dataset, backend: _backend, ...config } = run.config;
  const r = await host.callWorker('trainVae', { datasetDir, runDir, config, resume }, { signal, onEvent });
  if (!r.ok) return r;
  return {
    ok: true,
    value: {
      checkpointEpoch: r.value.epochsDone,
      backend: r.value.backend,
      vae: { ...run.vae, testReconstructionLoss: r.value.testReconstructionLoss, testKl: r.value.testKl },
    },
  };
};

/** A pretrained model's run (experiment 3) has nothing to train or resume. */
const nothingToTrain: Trainer<Extract<RunConfig, { model: 'pretrained' }>> = async ({ run }) => ({
  ok: false,
  error: { kind: 'bad-input', message: `run "${run.id}" explains a pretrained ${run.config.architecture}; there is nothing to train or resume` },
});

export const RUN_TRAINERS: { [M in RunConfig['model']]: Trainer<Extract<RunConfig, { model: M }>> } = {
  'blackbox-cnn': trainClassifier,
  vae: trainVae,
  pretrained: nothingToTrain,
};

export function trainerFor(config: RunConfig): Trainer<RunConfig> {
  return RUN_TRAINERS[config.model] as Trainer<RunConfig>;
}
