/** `saliency-lab train --dataset ID [--epochs 10] [--batch 32] [--seed 1] [--snapshots N] [--backend ...] [--resume RUN_ID]` */
import type { RunManifest } from '../../../shared/run.ts';
import { type TrainOptions, type TrainOptionsInput, type TrainRequest, TrainOptionsSchema, TrainRequestSchema } from '../../../shared/schemas/run.ts';
import { LabError, unwrap } from '../../../shared/result.ts';
import { resumeRemedy, withRemedy } from '../../../shared/remedy.ts';
import type { LabHost } from '../../host/lab-host.ts';
import { type Flags, flagNumeric, given, parseFlags } from '../flags.ts';
import { hostFromFlags, interruptSignal } from '../host-from-flags.ts';
import { trainProgressPrinter } from '../train-progress.ts';
import { resumeExperimentCommand } from './experiment.ts';

export const TRAIN_FLAGS = {
  dataset: { type: 'string' },
  epochs: { type: 'string' },
  batch: { type: 'string' },
  seed: { type: 'string' },
  lr: { type: 'string' },
  snapshots: { type: 'string' },
  validation: { type: 'string' },
  backend: { type: 'string' },
  resume: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Training flags → field of the training options. */
const TRAIN_FIELD_FLAGS = { epochs: 'epochs', batchSize: 'batch', seed: 'seed', learningRate: 'lr', snapshots: 'snapshots', validationFraction: 'validation' } as const;

/**
 * The training options the flags ask for, parsed with the contract's schema (defaults filled in; the
 * backend is left to the host's --backend); problems name the flag.
 */
export function trainConfigFromFlags(flags: Flags, defaults: TrainOptionsInput = {}): TrainOptions {
  const raw = { ...defaults, ...given({ epochs: flagNumeric(flags, 'epochs'), batchSize: flagNumeric(flags, 'batch'), seed: flagNumeric(flags, 'seed'), learningRate: flagNumeric(flags, 'lr'), snapshots: flagNumeric(flags, 'snapshots'), validationFraction: flagNumeric(flags, 'validation') }) };
  return parseFlags(TrainOptionsSchema, raw, TRAIN_FIELD_FLAGS);
}

/** `train`'s request: a new run on --dataset, or --resume of a run, which keeps the config it recorded. */
export function trainRequestFromFlags(flags: Flags): TrainRequest {
  const resume = flags.resume as string | undefined;
  const datasetId = flags.dataset as string | undefined;
  if (resume === undefined) {
    if (datasetId === undefined) throw new LabError('bad-input', '--dataset ID is required (or --resume RUN_ID)');
    return parseFlags(TrainRequestSchema, { datasetId, config: trainConfigFromFlags(flags) }, { datasetId: 'dataset' });
  }
  for (const flag of ['dataset', ...Object.values(TRAIN_FIELD_FLAGS)]) {
    if (flags[flag] !== undefined) throw new LabError('bad-input', `--${flag}: not with --resume (a resumed run keeps the config it recorded)`);
  }
  return parseFlags(TrainRequestSchema, { resumeRunId: resume }, { resumeRunId: 'resume' });
}

export async function trainWithProgress(host: LabHost, params: TrainRequest, signal: AbortSignal): Promise<RunManifest> {
  const printer = trainProgressPrinter();
  try {
    const r = await host.train(params, { signal, onProgress: printer.onProgress });
    if (!r.ok && r.error.kind === 'cancelled') {
      const runId = (r.error.details as { runId?: string } | undefined)?.runId;
      throw new LabError('cancelled', r.error.message, runId ? withRemedy(resumeRemedy(runId)) : undefined);
    }
    return unwrap(r);
  } finally {
    printer.end();
  }
}

export async function trainCommand(flags: Flags): Promise<void> {
  const request = trainRequestFromFlags(flags);
  const host = await hostFromFlags(flags);
  // An experiment's run resumes as an experiment: training if unfinished, then its later stages.
  const resumed = request.resumeRunId === undefined ? null : await host.workspace.readRun(request.resumeRunId);
  if (resumed !== null && resumed.experiment !== undefined && host.isResumableExperiment(resumed)) {
    await resumeExperimentCommand(host, resumed.id, resumed.experiment, flags);
    return;
  }
  const { signal, dispose } = interruptSignal();
  try {
    const run = await trainWithProgress(host, request, signal);
    if (flags.json === true) process.stdout.write(JSON.stringify({ runId: run.id, runDir: host.workspace.runDir(run.id), testAccuracy: run.testAccuracy, backend: run.backend?.name }) + '\n');
    else process.stderr.write(`run ${run.id}: test accuracy ${(100 * (run.testAccuracy ?? NaN)).toFixed(2)}% on ${run.backend?.name} (${host.workspace.runDir(run.id)})\n`);
  } finally {
    dispose();
    await host.close();
  }
}
