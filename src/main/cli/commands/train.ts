/** `saliency-lab train --dataset ID [--epochs 10] [--batch 32] [--seed 1] [--backend ...] [--resume RUN_ID]` */
import type { RunManifest, TrainConfig, TrainEvent } from '../../../shared/run.ts';
import { LabError, unwrap } from '../../../shared/result.ts';
import type { LabHost } from '../../host/lab-host.ts';
import { type Flags, flagNumber } from '../flags.ts';
import { hostFromFlags, interruptSignal } from '../host-from-flags.ts';
import { formatEta, progressLine } from '../progress.ts';

export const TRAIN_FLAGS = {
  dataset: { type: 'string' },
  epochs: { type: 'string' },
  batch: { type: 'string' },
  seed: { type: 'string' },
  lr: { type: 'string' },
  backend: { type: 'string' },
  resume: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export function trainConfigFromFlags(flags: Flags, defaults: Partial<TrainConfig> = {}): Partial<TrainConfig> {
  const c: Partial<TrainConfig> = { ...defaults };
  const epochs = flagNumber(flags, 'epochs');
  const batch = flagNumber(flags, 'batch');
  const seed = flagNumber(flags, 'seed');
  const lr = flagNumber(flags, 'lr');
  if (epochs !== undefined) c.epochs = epochs;
  if (batch !== undefined) c.batchSize = batch;
  if (seed !== undefined) c.seed = seed;
  if (lr !== undefined) c.learningRate = lr;
  if (c.epochs !== undefined && !(Number.isInteger(c.epochs) && c.epochs >= 1)) throw new LabError('bad-input', `--epochs: expected a positive integer, got ${c.epochs}`);
  if (c.batchSize !== undefined && !(Number.isInteger(c.batchSize) && c.batchSize >= 1)) throw new LabError('bad-input', `--batch: expected a positive integer, got ${c.batchSize}`);
  return c;
}

/** Prints an epoch line per epoch and a live batch line on a terminal. */
export function trainProgressPrinter(): { onProgress: (e: TrainEvent) => void; end: () => void } {
  const line = progressLine();
  return {
    onProgress: (e) => {
      if (e.type === 'batch') {
        line.update(e.batch, e.batches, `epoch ${e.epoch}`, `loss ${e.loss.toFixed(4)} acc ${(100 * e.accuracy).toFixed(1)}% ${e.imagesPerSecond.toFixed(0)} img/s total ETA ${formatEta(e.etaSeconds)}`);
      } else {
        line.end();
        process.stderr.write(`epoch ${e.epoch}/${e.epochs}: loss ${e.loss.toFixed(4)} acc ${(100 * e.accuracy).toFixed(2)}% · test loss ${e.testLoss.toFixed(4)} acc ${(100 * e.testAccuracy).toFixed(2)}% · ${e.imagesPerSecond.toFixed(0)} img/s · ETA ${formatEta(e.etaSeconds)}\n`);
      }
    },
    end: () => line.end(),
  };
}

export async function trainWithProgress(host: LabHost, params: Parameters<LabHost['train']>[0], signal: AbortSignal): Promise<RunManifest> {
  const printer = trainProgressPrinter();
  try {
    const r = await host.train(params, { signal, onProgress: printer.onProgress });
    if (!r.ok && r.error.kind === 'cancelled') {
      const runId = (r.error.details as { runId?: string } | undefined)?.runId;
      throw new LabError('cancelled', `${r.error.message}${runId ? ` (saliency-lab train --resume ${runId})` : ''}`);
    }
    return unwrap(r);
  } finally {
    printer.end();
  }
}

export async function trainCommand(flags: Flags): Promise<void> {
  const host = hostFromFlags(flags);
  const { signal, dispose } = interruptSignal();
  try {
    const resume = flags.resume as string | undefined;
    const datasetId = flags.dataset as string | undefined;
    if (resume === undefined && datasetId === undefined) throw new LabError('bad-input', '--dataset ID is required (or --resume RUN_ID)');
    const run = await trainWithProgress(host, { datasetId: datasetId ?? '', config: trainConfigFromFlags(flags), resumeRunId: resume }, signal);
    if (flags.json === true) process.stdout.write(JSON.stringify({ runId: run.id, runDir: host.workspace.runDir(run.id), testAccuracy: run.testAccuracy, backend: run.backend?.name }) + '\n');
    else process.stderr.write(`run ${run.id}: test accuracy ${(100 * (run.testAccuracy ?? NaN)).toFixed(2)}% on ${run.backend?.name} (${host.workspace.runDir(run.id)})\n`);
  } finally {
    dispose();
    await host.close();
  }
}
