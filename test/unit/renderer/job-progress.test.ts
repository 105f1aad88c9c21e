/**
 * Issue 21, a researcher's daily tool: the job bar's count with its units and the whole run's ETA; a run's
 * label the same from its creation to its end (its dataset named before the run is listed); the run a view
 * shows in the URL hash, and what a hash naming an unknown run does; maps tiles that let seven methods fit.
 */
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createPinia, setActivePinia } from 'pinia';
import { jobEta, progressFraction, progressText } from '../../../src/renderer/job-progress.ts';
import { mapTileSize } from '../../../src/renderer/map-math.ts';
import { hashRunFate, openInView, runOfView, showsRun } from '../../../src/renderer/view-run.ts';
import { hashOf, parseHash } from '../../../src/renderer/tab-hash.ts';
import { setClient } from '../../../src/renderer/api/client.ts';
import { useRunsStore } from '../../../src/renderer/stores/runs.ts';
import { useAppStore } from '../../../src/renderer/stores/app.ts';
import type { JobInfo } from '../../../src/shared/lab-api.ts';
import type { DatasetManifest } from '../../../src/shared/dataset.ts';
import { DEFAULT_BLACKBOX_DATASET } from '../../../src/shared/dataset.ts';
import { DEFAULT_TRAIN_CONFIG, type RunManifest } from '../../../src/shared/run.ts';
import { fakeClient } from '../../helpers/fake-client.ts';

beforeEach(() => setActivePinia(createPinia()));

type Progress = NonNullable<JobInfo['progress']>;
const progress = (p: Partial<Progress>): Progress => ({ done: 0, total: 1, stage: 'x', etaSeconds: null, ...p });

test('the job bar reads the count in its units, with where inside the stage', () => {
  assert.equal(progressText(progress({ stage: 'training (2/4)', done: 902, total: 4120, unit: 'batches', detail: 'epoch 3 / 8' })), 'training (2/4) · epoch 3 / 8 · 902 / 4,120 batches');
  assert.equal(progressText(progress({ stage: 'maps (3/4)', done: 902, total: 4120, unit: 'maps', detail: 'rectgrad' })), 'maps (3/4) · rectgrad · 902 / 4,120 maps');
  assert.equal(progressText(progress({ stage: 'maps: rectgrad', done: 3, total: 84, unit: 'maps', detail: 'rectgrad' })), 'maps: rectgrad · 3 / 84 maps', 'a detail the stage already says is not repeated');
  assert.equal(progressText(progress({ stage: 'report (4/4)', done: 0, total: 1 })), 'report (4/4)', 'a stage just begun is no count');
  assert.equal(progressText(null), 'starting…');
});

test('the ETA shown is the whole run\'s where the kind knows its stages, else the stage\'s, and says which', () => {
  const run = progress({ done: 10, total: 100, etaSeconds: 9, run: { fraction: 0.3, etaSeconds: 140 } });
  assert.deepEqual(jobEta(run, 9), { seconds: 140, scope: 'run' });
  assert.equal(progressFraction(run), 0.3, 'the bar is the whole run');
  assert.deepEqual(jobEta(progress({ run: { fraction: 0.01, etaSeconds: null } }), 12), { seconds: null, scope: 'run' }, 'too early for the run: no number rather than the stage\'s');
  assert.deepEqual(jobEta(progress({ done: 5, total: 10 }), 12), { seconds: 12, scope: 'stage' });
  assert.equal(progressFraction(progress({ done: 5, total: 10 })), 0.5);
});

test('seven methods and the input fit a 1440 px window with the side panel open; tiles shrink before the table scrolls', () => {
  const wide = mapTileSize(1100, 8);
  assert.ok(wide >= 88 && 8 * (wide + 12) + 2 <= 1100, `${wide} px tiles`);
  assert.equal(mapTileSize(3000, 3), 192, 'never larger than 192 px');
  assert.equal(mapTileSize(500, 8), 88, 'then the table scrolls');
});

const runOf = (id: string, over: Partial<RunManifest> = {}): RunManifest => ({
  id,
  kind: 'experiment',
  name: `black box (${id})`,
  status: 'completed',
  config: { ...DEFAULT_TRAIN_CONFIG, datasetId: 'ds-new' },
  datasetId: 'ds-new',
  createdAt: '2026-11-26T00:00:00Z',
  updatedAt: '2026-11-26T00:00:00Z',
  backend: null,
  versions: {},
  checkpointEpoch: 8,
  testAccuracy: 0.9,
  ...over,
});

test('the hash names the run a view shows; an unknown or unfit run is told apart, for the view to open as usual', async () => {
  assert.ok(showsRun('saliency') && showsRun('sweep') && showsRun('vae') && !showsRun('runs') && !showsRun('datasets'));
  const runs = [runOf('run-a'), runOf('run-live', { status: 'running', checkpointEpoch: 0 }), runOf('run-vae', { config: { ...DEFAULT_TRAIN_CONFIG, model: 'vae', datasetId: 'f' } as never, experiment: 'vae-concept' })];
  assert.equal(hashRunFate('saliency', 'run-a', runs), 'open');
  assert.equal(hashRunFate('saliency', 'run-gone', runs), 'unknown');
  assert.equal(hashRunFate('saliency', 'run-live', runs), 'unfit', 'a run still training has no maps');
  assert.equal(hashRunFate('training', 'run-live', runs), 'open');
  assert.equal(hashRunFate('vae', 'run-vae', runs), 'open');
  assert.equal(hashRunFate('sweep', 'run-vae', runs), 'unfit');
  setClient(fakeClient({ experimentView: () => ({ manifest: runs[0], events: [], testIndices: [], predictions: null, maps: null }) }));
  await openInView('saliency', 'run-a');
  assert.equal(runOfView('saliency'), 'run-a');
  assert.deepEqual(parseHash(hashOf('saliency', runOfView('saliency'))), { view: 'saliency', runId: 'run-a' }, 'a reload reads back the same run');
  assert.equal(runOfView('runs'), null);
});

const dataset: DatasetManifest = {
  id: 'ds-new',
  kind: 'blackbox',
  name: 'generated 32px × 600',
  createdAt: '2026-11-26T00:00:00Z',
  config: DEFAULT_BLACKBOX_DATASET,
  sourceDescription: 'generated',
  size: 32,
  count: 600,
  counts: { withBox: 300, withoutBox: 300, skipped: 0 },
  skipped: [],
  files: { images: 'images.bin', items: 'items.json' },
  seed: 1,
};

test('a run made by a running experiment is listed with its dataset\'s name, never its id first, and keeps its label to the end', async () => {
  let listed: RunManifest[] = [runOf('run-x', { status: 'running', testAccuracy: null, checkpointEpoch: 0 })];
  const client = fakeClient({ listRuns: () => listed, listDatasets: () => [dataset], getDatasetItems: () => [] });
  setClient(client);
  const runs = useRunsStore();
  await runs.refresh();
  assert.equal(client.calls.filter((c) => c.name === 'listDatasets').length, 1, 'the new dataset is listed before the run');
  const atStart = runs.labelOf('run-x');
  assert.equal(atStart, 'generated 32px × 600 · 10 ep · seed 1');
  listed = [runOf('run-x', { testAccuracy: 0.94 })];
  await runs.refresh();
  assert.equal(runs.labelOf('run-x'), atStart, 'the same label once it completes');
  assert.equal(client.calls.filter((c) => c.name === 'listDatasets').length, 1, 'a known dataset is not asked for again');
  assert.deepEqual(useAppStore().errors, []);
});
