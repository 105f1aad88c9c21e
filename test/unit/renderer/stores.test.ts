import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import { setClient } from '../../../src/renderer/api/client.ts';
import { useAppStore } from '../../../src/renderer/stores/app.ts';
import { useDatasetsStore } from '../../../src/renderer/stores/datasets.ts';
import { useJobsStore } from '../../../src/renderer/stores/jobs.ts';
import { useTrainingStore } from '../../../src/renderer/experiments/blackbox/training-store.ts';
import { useRunsStore } from '../../../src/renderer/stores/runs.ts';
import { filterItems, ALL_ITEMS } from '../../../src/renderer/stores/gallery-filter.ts';
import type { DatasetManifest, DatasetItem } from '../../../src/shared/dataset.ts';
import { DEFAULT_BLACKBOX_DATASET } from '../../../src/shared/dataset.ts';
import type { RunManifest } from '../../../src/shared/run.ts';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/shared/run.ts';
import { fail } from '../../../src/shared/result.ts';
import { fakeClient } from '../../helpers/fake-client.ts';

const manifest = (id: string): DatasetManifest => ({
  id,
  kind: 'blackbox',
  name: id,
  createdAt: '2026-11-26T00:00:00Z',
  config: DEFAULT_BLACKBOX_DATASET,
  sourceDescription: 'generated',
  size: 32,
  count: 4,
  counts: { withBox: 2, withoutBox: 2, skipped: 0 },
  skipped: [],
  files: { images: 'images.bin', items: 'items.json' },
  seed: 1,
});
const items: DatasetItem[] = [
  { label: 1, box: { x: 1, y: 1, side: 4 }, origin: 'a' },
  { label: 0, box: null, origin: 'b' },
  { label: 1, box: { x: 2, y: 2, side: 5 }, origin: 'c' },
  { label: 0, box: null, origin: 'd' },
];
const run = (id: string, status: RunManifest['status']): RunManifest => ({
  id,
  kind: 'train',
  name: id,
  status,
  config: { ...DEFAULT_TRAIN_CONFIG, datasetId: 'ds-a' },
  datasetId: 'ds-a',
  createdAt: '2026-11-26T00:00:00Z',
  updatedAt: '2026-11-26T00:00:00Z',
  backend: null,
  versions: {},
  checkpointEpoch: 0,
  testAccuracy: null,
});

beforeEach(() => setActivePinia(createPinia()));

test('gallery filter: box, split and prediction', () => {
  assert.deepEqual(filterItems(items, ALL_ITEMS, null), [0, 1, 2, 3]);
  assert.deepEqual(filterItems(items, { ...ALL_ITEMS, box: 'box' }, null), [0, 2]);
  assert.deepEqual(filterItems(items, { ...ALL_ITEMS, box: 'no-box' }, null), [1, 3]);
  const r = { testIndices: [2, 3], predictions: [1, 1, 0, 0] };
  assert.deepEqual(filterItems(items, { ...ALL_ITEMS, split: 'test' }, r), [2, 3]);
  assert.deepEqual(filterItems(items, { ...ALL_ITEMS, split: 'train' }, r), [0, 1]);
  assert.deepEqual(filterItems(items, { ...ALL_ITEMS, prediction: 'wrong' }, r), [1, 2]);
  assert.deepEqual(filterItems(items, { ...ALL_ITEMS, prediction: 'correct', box: 'box' }, r), [0]);
});

test('datasets store: loads the list, selects the newest, loads its items and the trained run', async () => {
  const client = fakeClient({
    listDatasets: () => [manifest('ds-a'), manifest('ds-b')],
    getDatasetItems: () => items,
    listRuns: () => [run('run-1', 'completed')],
    experimentView: ({ kind, view }) => (kind === 'blackbox' && view === 'run' ? { manifest: run('run-1', 'completed'), events: [], testIndices: [1], predictions: [1, 0, 1, 1], maps: null } : fail('bad-input', `unexpected view ${kind} ${view}`)),
  });
  setClient(client);
  const ds = useDatasetsStore();
  await ds.refresh();
  assert.equal(ds.selectedId, 'ds-a');
  await nextTick();
  await ds.loadItems();
  assert.equal(ds.items.length, 4);
  assert.deepEqual(ds.modelRun?.testIndices, [1]);
  ds.filter = { ...ds.filter, prediction: 'wrong' };
  assert.deepEqual(ds.visible, [3]);
});

test('errors from the host become readable messages, not throws', async () => {
  setClient(fakeClient({ listDatasets: () => fail('io', '/ws: workspace is not writable (EACCES)') }));
  const ds = useDatasetsStore();
  await ds.refresh();
  const app = useAppStore();
  assert.deepEqual(app.errors.map((e) => e.message), ['/ws: workspace is not writable (EACCES)']);
  app.dismiss(app.errors[0].id);
  assert.equal(app.errors.length, 0);
});

test('jobs store: pushed progress updates the job; a failure is reported once', () => {
  const client = fakeClient({ listJobs: () => [] });
  setClient(client);
  const jobs = useJobsStore();
  jobs.connect();
  const base = { id: 'job-1', kind: 'train' as const, label: 'training', startedAt: '2026-11-26T00:00:00Z' };
  client.emit('job', { ...base, status: 'running', progress: { done: 3, total: 10, stage: 'epoch 1', etaSeconds: 7 } });
  assert.equal(jobs.running.length, 1);
  assert.equal(jobs.jobs['job-1'].progress?.done, 3);
  client.emit('job', { ...base, status: 'failed', progress: null, error: { kind: 'engine', message: 'training diverged' } });
  client.emit('job', { ...base, status: 'failed', progress: null, error: { kind: 'engine', message: 'training diverged' } });
  assert.equal(jobs.running.length, 0);
  assert.deepEqual(useAppStore().errors.map((e) => e.message), ['training diverged']);
});

test('training store: start sends the form, live events append to the watched run', async () => {
  const client = fakeClient({
    experimentJob: () => ({ jobId: 'job-7', runId: 'run-7' }),
    experimentView: () => ({ manifest: run('run-7', 'running'), events: [], testIndices: [], predictions: null, maps: null }),
  });
  setClient(client);
  const t = useTrainingStore();
  t.form.epochs = 3;
  await t.start('ds-a');
  const sent = client.calls.find((c) => c.name === 'experimentJob')!.params as { kind: string; job: string; params: { datasetId: string; config: { epochs: number } } };
  assert.deepEqual([sent.kind, sent.job, sent.params.datasetId, sent.params.config.epochs], ['blackbox', 'train', 'ds-a', 3]);
  client.emit('train', { runId: 'run-7', event: { type: 'batch', epoch: 1, batch: 2, batches: 5, loss: 0.6, accuracy: 0.5, imagesPerSecond: 90, etaSeconds: 12, time: '' } });
  client.emit('train', { runId: 'run-other', event: { type: 'batch', epoch: 1, batch: 1, batches: 5, loss: 0.7, accuracy: 0.5, imagesPerSecond: 90, etaSeconds: 12, time: '' } });
  assert.equal(t.events.length, 1, 'events of other runs are ignored');
  assert.equal(t.lastBatch?.type === 'batch' && t.lastBatch.imagesPerSecond, 90);
});

test('runs store: compare several runs (details fetched); delete refreshes the list', async () => {
  let runs = [run('a', 'completed'), run('b', 'completed'), run('c', 'failed')];
  const client = fakeClient({
    listRuns: () => runs,
    deleteRun: ({ runId }) => ((runs = runs.filter((r) => r.id !== runId)), true as const),
    experimentView: ({ params }) => ({ manifest: runs.find((r) => r.id === params?.runId)!, events: [], testIndices: [], predictions: null, maps: null }),
  });
  setClient(client);
  const s = useRunsStore();
  await s.refresh();
  s.toggleCompare('a');
  s.toggleCompare('b');
  s.toggleCompare('c');
  assert.deepEqual(s.compare, ['a', 'b', 'c']);
  await s.loadDetails();
  assert.deepEqual(Object.keys(s.details).sort(), ['a', 'b', 'c']);
  assert.equal(new Set(['a', 'b', 'c'].map((id) => s.colourOf(id))).size, 3, 'a colour each');
  assert.equal(await s.remove('c'), true);
  assert.deepEqual(s.list.map((r) => r.id), ['a', 'b']);
  assert.deepEqual(s.compare, ['a', 'b']);
});

test('jobs store: finished jobs can be cleared; the ETA follows the overall rate', () => {
  const client = fakeClient({ listJobs: () => [] });
  setClient(client);
  const jobs = useJobsStore();
  jobs.connect();
  const base = { id: 'job-2', kind: 'maps' as const, label: 'maps', startedAt: '2026-11-26T00:00:00Z' };
  client.emit('job', { ...base, status: 'running', progress: { done: 0, total: 10, stage: 'maps: a', etaSeconds: null } });
  assert.equal(jobs.etaOf('job-2'), null);
  client.emit('job', { ...base, status: 'done', progress: { done: 10, total: 10, stage: 'maps: b', etaSeconds: 0 } });
  assert.equal(jobs.finished.length, 1);
  jobs.clearFinished();
  assert.equal(jobs.finished.length, 0);
});
