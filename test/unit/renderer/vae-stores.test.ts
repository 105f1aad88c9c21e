/**
 * The launcher's and the VAE views' stores against a fake client: starting a kind sends only the changed
 * fields (quick on top), refusals stay one line next to the form, a finished job is handed on with its
 * kind; a VAE run's overview, live events and reconstructions; faces filters; the gallery's eye-region
 * ellipses against the worker's masks; and which run opens where.
 */
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createPinia, setActivePinia } from 'pinia';
import { setClient } from '../../../src/renderer/api/client.ts';
import { parseStage, useExperimentsStore } from '../../../src/renderer/stores/experiments.ts';
import { facesByGroup, useVaeStore } from '../../../src/renderer/experiments/vae-concept/store.ts';
import { useDatasetsStore } from '../../../src/renderer/stores/datasets.ts';
import { useJobsStore } from '../../../src/renderer/stores/jobs.ts';
import { useAppStore } from '../../../src/renderer/stores/app.ts';
import { ALL_FACES, facesFilterActive, filterFaces } from '../../../src/renderer/stores/gallery-filter.ts';
import { eyeRegionEllipses, inEyeRegion } from '../../../src/renderer/eye-region.ts';
import { isClassifierRun, isVaeRun, runKindLabel } from '../../../src/renderer/open-run.ts';
import { eyeRegionMask } from '../../../src/worker/data/faces/eye-mask.ts';
import { experimentInfos } from '../../../src/main/host/experiments/registry.ts';
import type { ConceptRunView, JobInfo } from '../../../src/shared/lab-api.ts';
import type { FaceItem, FacesDatasetManifest, VaeTrainEvent } from '../../../src/shared/faces.ts';
import { DEFAULT_VAE_TRAIN_CONFIG, DEFAULT_FACES_DATASET } from '../../../src/shared/faces.ts';
import type { RunManifest } from '../../../src/shared/run.ts';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/shared/run.ts';
import { fail } from '../../../src/shared/result.ts';
import { fakeClient, fakeViews, viewCalls } from '../../helpers/fake-client.ts';

beforeEach(() => setActivePinia(createPinia()));

const infos = experimentInfos();

test('launcher: loads the kinds, starts vae-concept with only the changed fields and quick', async () => {
  const client = fakeClient({ listExperiments: () => infos, startExperiment: () => ({ jobId: 'job-9' }) });
  setClient(client);
  const ex = useExperimentsStore();
  await ex.load();
  assert.equal(ex.kind, 'vae-concept', 'experiment 2 is offered first');
  assert.deepEqual(ex.groups.map((g) => g.name), ['dataset', 'train', 'concept', 'maps']);
  ex.quick = true;
  ex.setField('dataset.count', 240);
  ex.setField('train.epochs', 1);
  ex.setField('maps.options.paddingTrick', false);
  ex.setField('train.epochs', undefined); // cleared: back to the (quick) default
  assert.equal(await ex.start(), true);
  const sent = client.calls.find((c) => c.name === 'startExperiment')!.params;
  assert.deepEqual(sent, { kind: 'vae-concept', config: { dataset: { count: 240 }, maps: { options: { paddingTrick: false } }, quick: true } });
  assert.equal(ex.jobId, 'job-9');
});

test('launcher: a field out of bounds is caught before the host; the host refusal shows in one line', async () => {
  const client = fakeClient({ listExperiments: () => infos, startExperiment: () => fail('bad-input', 'startExperiment: dataset.size: expected a multiple of 32 (the encoder halves it five times), got 48\n(more)') });
  setClient(client);
  const ex = useExperimentsStore();
  await ex.load();
  ex.setField('train.epochs', 0);
  assert.equal(await ex.start(), false);
  assert.equal(ex.error, 'train.epochs: must be in [1, 1000]');
  assert.equal(client.calls.filter((c) => c.name === 'startExperiment').length, 0, 'not sent');
  ex.setField('train.epochs', 2);
  assert.equal(ex.error, null, 'editing clears the message');
  ex.setField('dataset.size', 48);
  assert.equal(await ex.start(), false);
  assert.equal(ex.error, 'startExperiment: dataset.size: expected a multiple of 32 (the encoder halves it five times), got 48');
  assert.equal(useAppStore().errors.length, 0, 'the refusal stays next to the form');
});

test('launcher: stage parsing, and the finished job handed on once with its kind', async () => {
  assert.deepEqual(parseStage('training (2/5)'), { name: 'training', index: 1, count: 5 });
  assert.equal(parseStage('epoch 1/3'), null);
  const client = fakeClient({ listExperiments: () => infos, startExperiment: () => ({ jobId: 'job-1' }), listJobs: () => [] });
  setClient(client);
  const jobs = useJobsStore();
  jobs.connect();
  const ex = useExperimentsStore();
  await ex.load();
  const finished: Array<[string, string]> = [];
  ex.onFinished((j, kind) => finished.push([j.status, kind]));
  await ex.start();
  const job: JobInfo = { id: 'job-1', kind: 'experiment', label: 'VAE', status: 'running', startedAt: '2026-11-26T00:00:00Z', progress: { done: 3, total: 10, stage: 'concept (3/5)', etaSeconds: 4 }, runId: 'run-v' };
  client.emit('job', job);
  assert.deepEqual(ex.stage, { name: 'concept', index: 2, count: 5 });
  assert.equal(ex.running, true);
  client.emit('job', { ...job, status: 'done' });
  client.emit('job', { ...job, status: 'done' });
  assert.deepEqual(finished, [['done', 'vae-concept']]);
});

test('launcher: a started job whose first event comes before the answer is handed on once when it ends', async () => {
  const job: JobInfo = { id: 'job-7', kind: 'experiment', experiment: 'vae-concept', label: 'VAE', status: 'running', startedAt: '2026-11-26T00:00:00Z', progress: null };
  const client: ReturnType<typeof fakeClient> = fakeClient({
    listExperiments: () => infos,
    listJobs: () => [],
    startExperiment: () => {
      client.emit('job', job); // the host pushes the job before the call's answer arrives
      return { jobId: 'job-7' };
    },
  });
  setClient(client);
  useJobsStore().connect();
  const ex = useExperimentsStore();
  await ex.load();
  const finished: string[] = [];
  ex.onFinished((j) => finished.push(j.status));
  assert.equal(await ex.start(), true);
  assert.equal(ex.jobId, 'job-7');
  client.emit('job', { ...job, status: 'done' });
  assert.deepEqual(finished, ['done']);
});

test('launcher after a reload: follows the running experiment it did not start; an old failure is no new banner', async () => {
  const running: JobInfo = { id: 'job-4', kind: 'experiment', experiment: 'blackbox', label: 'Black box (quick)', status: 'running', startedAt: '2026-11-26T00:00:00Z', progress: { done: 2, total: 10, stage: 'training (2/4)', etaSeconds: 30 } };
  const oldFailure: JobInfo = { id: 'job-2', kind: 'experiment', experiment: 'vae-concept', label: 'VAE', status: 'failed', startedAt: '2026-11-25T00:00:00Z', progress: null, error: { kind: 'bad-input', message: 'perGroup too large' } };
  const client = fakeClient({ listExperiments: () => infos, listJobs: () => [oldFailure, running] });
  setClient(client);
  const jobs = useJobsStore();
  jobs.connect();
  await new Promise((r) => setTimeout(r, 0));
  const ex = useExperimentsStore();
  await ex.load();
  assert.equal(ex.jobId, 'job-4');
  assert.equal(ex.kind, 'blackbox', 'the form shows the kind that is running');
  assert.equal(ex.running, true, 'no second Start while it runs');
  assert.deepEqual(ex.stage, { name: 'training', index: 1, count: 4 });
  assert.equal(useAppStore().errors.length, 0, 'the failure from before the reload stays in the job bar only');
  const finished: string[] = [];
  ex.onFinished((j, kind) => finished.push(`${j.status} ${kind}`));
  client.emit('job', { ...running, status: 'failed', error: { kind: 'internal', message: 'worker died' } });
  assert.deepEqual(finished, ['failed blackbox']);
  assert.deepEqual(useAppStore().errors.map((e) => e.message), ['worker died'], 'a failure while the page is open is shown');
});

const face = (eyeglasses: FaceItem['eyeglasses'], split: FaceItem['split'], attrs: Record<string, 0 | 1>): FaceItem => ({ attributes: attrs, eyeglasses, split, landmarks: { leftEye: [20, 26], rightEye: [44, 26], mouth: [32, 46] }, origin: 'generated:1/0' });

test('faces filters: glasses style, split and attributes with / without', () => {
  const items = [face('dark', 'train', { Eyeglasses: 1, Smiling: 1 }), face('clear', 'test', { Eyeglasses: 1, Smiling: 0 }), face('none', 'test', { Eyeglasses: 0, Smiling: 1 }), face('none', 'train', { Eyeglasses: 0, Smiling: 0, Wearing_Hat: 1 })];
  assert.deepEqual(filterFaces(items, ALL_FACES), [0, 1, 2, 3]);
  assert.equal(facesFilterActive(ALL_FACES), false);
  assert.deepEqual(filterFaces(items, { ...ALL_FACES, glasses: 'dark' }), [0]);
  assert.deepEqual(filterFaces(items, { ...ALL_FACES, split: 'test' }), [1, 2]);
  assert.deepEqual(filterFaces(items, { ...ALL_FACES, attributes: { Smiling: 'with' } }), [0, 2]);
  assert.deepEqual(filterFaces(items, { ...ALL_FACES, attributes: { Smiling: 'without', Eyeglasses: 'without' } }), [3]);
  assert.deepEqual(filterFaces(items, { ...ALL_FACES, attributes: { Wearing_Hat: 'with' } }), [3], 'an attribute a face does not list counts as absent');
  assert.equal(facesFilterActive({ ...ALL_FACES, attributes: { Smiling: 'any' } }), false);
});

test('the gallery’s eye-region ellipses are the worker’s mask, pixel for pixel', () => {
  const cases: Array<[[number, number], [number, number]]> = [[[20, 26], [44, 26]], [[18.5, 30.2], [41.3, 24.9]], [[10, 12], [22, 15]]];
  for (const [l, r] of cases) {
    const size = 64;
    const mask = eyeRegionMask(size, l, r);
    const ell = eyeRegionEllipses(l, r);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) assert.equal(inEyeRegion(ell, x, y) ? 1 : 0, mask[y * size + x], `(${x}, ${y}) for eyes ${l} ${r}`);
  }
});

const vaeRun = (status: RunManifest['status']): RunManifest => ({
  id: 'run-v',
  kind: 'experiment',
  name: 'VAE concept Eyeglasses',
  status,
  config: { ...DEFAULT_VAE_TRAIN_CONFIG, model: 'vae', datasetId: 'ds-f', backend: 'wasm', epochs: 2 },
  datasetId: 'ds-f',
  createdAt: '2026-11-26T00:00:00Z',
  updatedAt: '2026-11-26T00:00:00Z',
  backend: null,
  versions: {},
  checkpointEpoch: 0,
  testAccuracy: null,
  experiment: 'vae-concept',
});
const dataset: FacesDatasetManifest = { id: 'ds-f', kind: 'faces', name: 'faces', createdAt: '', config: DEFAULT_FACES_DATASET, sourceDescription: 'generated', size: 32, count: 6, attributeNames: ['Eyeglasses'], attributeCounts: { Eyeglasses: 2 }, splitCounts: { train: 3, val: 0, test: 3 }, eyeglassesStyles: { dark: 1, clear: 1, none: 4 }, skipped: [], files: { images: 'images.bin', items: 'items.json', masks: 'masks.bin' }, seed: 1 };
const epochEvent = (epoch: number): VaeTrainEvent => ({ type: 'epoch', epoch, epochs: 2, loss: 0.6, reconstructionLoss: 0.5, kl: 3, testReconstructionLoss: 0.55, testKl: 3.1, imagesPerSecond: 80, etaSeconds: 5, time: '', reconstructionsFile: `reconstructions/epoch-00${epoch}.bin`, reconstructionIndices: [4, 5] });

test('VAE store: overview, live events of its own run, reconstructions of the latest epoch, maps cached', async () => {
  const maps: ConceptRunView['maps'] = {
    methods: [{ method: 'rectgrad', timesInput: true, options: {} as never, indices: [3, 4, 5], groups: ['dark', 'clear', 'none'], summary: {} as never, perImage: [] }],
    comparisons: [],
  };
  const client = fakeClient({
    experimentView: fakeViews({
      'vae-concept': {
        run: () => ({ manifest: vaeRun('running'), dataset, events: [epochEvent(1)], reconstructionEpochs: [1], concept: null, maps }),
        reconstructions: ({ epoch }) => ({ epoch, indices: [4, 5], size: 32, originals: '', reconstructions: '' }),
        map: ({ method, index }) => ({ method, index, group: 'dark', size: 32, values: [], inputMean: [], mask: [], metrics: {} as never }),
      },
    }),
    listJobs: () => [],
  });
  setClient(client);
  const vae = useVaeStore();
  await vae.open('run-v');
  assert.equal(vae.overview?.dataset.id, 'ds-f');
  assert.equal(vae.shownEpoch, 1);
  assert.deepEqual(Object.keys(vae.reconstructions), ['1']);
  assert.equal(vae.scatterIndex, 3, 'Fig. 2b starts on a face with dark glasses');
  assert.deepEqual(facesByGroup(maps), { dark: [3], clear: [4], none: [5] });

  client.emit('train', { runId: 'run-v', event: epochEvent(2) });
  client.emit('train', { runId: 'run-other', event: epochEvent(3) });
  client.emit('train', { runId: 'run-v', event: { type: 'batch', epoch: 1, batch: 1, batches: 2, loss: 0.5, accuracy: 0.5, imagesPerSecond: 1, etaSeconds: 1, time: '' } });
  assert.deepEqual(vae.epochsWithImages, [1, 2], 'its own VAE events only');
  await new Promise((r) => setTimeout(r, 0));
  assert.ok(vae.reconstructions[2], 'following the latest epoch fetches its reconstructions');
  vae.showEpoch(1);
  assert.equal(vae.shownEpoch, 1);

  await vae.loadShown();
  await vae.loadShown();
  assert.equal(viewCalls(client.calls, 'vae-concept', 'map').length, 3, 'one fetch per face and method');
  assert.deepEqual(viewCalls(client.calls, 'vae-concept', 'run'), [{ runId: 'run-v' }], 'the run read through its kind\'s view');
  assert.ok(vae.mapOf('rectgrad', 4));
});

test("a faces dataset's items come from its kind's view (vae-concept faces)", async () => {
  const items = [face('dark', 'test', { Eyeglasses: 1 }), face('none', 'train', { Eyeglasses: 0 })];
  const client = fakeClient({ listDatasets: () => [dataset], experimentView: fakeViews({ 'vae-concept': { faces: () => items } }) });
  setClient(client);
  const ds = useDatasetsStore();
  await ds.refresh();
  await ds.loadItems();
  assert.deepEqual(ds.faces, items);
  assert.deepEqual(viewCalls(client.calls, 'vae-concept', 'faces').at(-1), { datasetId: 'ds-f' });
  assert.ok(!client.calls.some((c) => c.name === 'getDatasetItems'), 'not read as a black-box dataset');
});

test('which run opens where: VAE runs are never handed to the black-box views', () => {
  const classifier = { config: { ...DEFAULT_TRAIN_CONFIG, datasetId: 'ds-a' } } as const;
  assert.equal(isVaeRun(vaeRun('completed')), true);
  assert.equal(isClassifierRun(vaeRun('completed')), false);
  assert.equal(isClassifierRun(classifier), true);
  assert.deepEqual([runKindLabel(vaeRun('completed')), runKindLabel(classifier)], ['VAE concept', 'black box']);
});
