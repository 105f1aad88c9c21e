/**
 * The black box's jobs the app starts one by one (experimentJob blackbox JOB, params in
 * src/shared/experiments/blackbox.ts): build a dataset, train the classifier on it, compute a trained
 * run's maps. The experiment's whole run (definition.ts) chains the same three.
 */
import { datasetUnits, mapsUnits } from '../../../../shared/progress.ts';
import type { KindJobs } from '../experiment-definition.ts';
import { trainWithControl } from '../../train-job.ts';
import { createBlackboxDataset } from './dataset.ts';
import { computeRunMaps } from './run-maps.ts';

export const blackboxJobs = {
  dataset: {
    prepare: async (_host, { config }) => ({ kind: 'dataset', label: `dataset: ${config.source.kind} ${config.size}px × ${config.count}` }),
    run: (host, { config }, control) => createBlackboxDataset(host, config, { signal: control.signal, onProgress: (e) => control.progress(e.done, e.total, e.stage, undefined, datasetUnits(e.stage)) }),
  },
  train: {
    answersWithRun: true,
    prepare: async (host, { datasetId }) => {
      await host.workspace.readDataset(datasetId); // a bad id is refused at the call, not as a failed job
      return { kind: 'train', label: `training on ${datasetId}`, datasetId };
    },
    run: (host, { datasetId, config }, control) => trainWithControl(host, { datasetId, config }, config.epochs, control),
  },
  maps: {
    prepare: async (host, { runId, methods }) => {
      await host.workspace.readRun(runId);
      return { kind: 'maps', label: `maps: ${methods.join(', ')}`, runId };
    },
    // New maps are new files (size, mtime): the map reader's key sees them; nothing to clear.
    run: (host, { runId, methods, options, limit }, control) =>
      computeRunMaps(host, runId, { methods, options, limit }, { signal: control.signal, onProgress: (e) => control.progress(e.done, e.total, e.stage, undefined, mapsUnits(e.stage)) }),
  },
} satisfies KindJobs<'blackbox'>;
