/** Worker handler: train the experiment-1 classifier on a stored dataset, checkpointing into the run. */
import { type TrainEvent, runPreprocessing } from '../../../shared/run.ts';
import type { TrainJob, TrainResult } from '../../../shared/experiments/blackbox.ts';
import { activeBackend } from '../../engine/backend.ts';
import { loadDatasetFiles } from '../../data/dataset-files.ts';
import { trainClassifier } from '../../training/train-classifier.ts';
import { predictAll } from '../../training/predict.ts';
import { snapshotWriter } from './snapshots.ts';

export async function train(job: TrainJob, emit: (e: TrainEvent) => void, isCancelled: () => boolean): Promise<TrainResult> {
  const data = loadDatasetFiles(job.datasetDir, job.datasetSize);
  const outcome = await trainClassifier(data, job.config, job.runDir, job.resume, emit, isCancelled, snapshotWriter(job) ?? undefined);
  const logits: number[][] = [];
  const predictions = predictAll(outcome.model, data, 64, logits, runPreprocessing(job.config));
  outcome.model.dispose();
  return {
    epochsDone: outcome.epochsDone,
    resumedFrom: outcome.resumedFrom,
    testAccuracy: outcome.testAccuracy,
    testLoss: outcome.testLoss,
    trainCount: outcome.split.train.length,
    testIndices: outcome.split.test,
    predictions,
    logits,
    backend: activeBackend(),
  };
}
