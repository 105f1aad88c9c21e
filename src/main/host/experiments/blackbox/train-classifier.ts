/** Experiment 1's trainer: the classifier, trained in the worker; its predictions and logits of every dataset image are kept for the gallery and the maps. */
import { join } from 'node:path';
import type { RunConfig } from '../../../../shared/run.ts';
import { writeFileAtomic } from '../../../../node/atomic-write.ts';
import type { Trainer } from '../../trainer.ts';

export const trainClassifier: Trainer<Extract<RunConfig, { model: 'blackbox-cnn' }>> = async ({ host, run, datasetDir, datasetSize, runDir, resume, signal, onEvent }) => {
  const r = await host.callWorker('train', { datasetDir, datasetSize, runDir, config: run.config, resume }, { signal, onEvent });
  if (!r.ok) return r;
  await writeFileAtomic(join(runDir, 'predictions.json'), JSON.stringify({ testIndices: r.value.testIndices, predictions: r.value.predictions, logits: r.value.logits }));
  return { ok: true, value: { testAccuracy: r.value.testAccuracy, checkpointEpoch: r.value.epochsDone, backend: r.value.backend } };
};
