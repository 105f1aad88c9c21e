/**
 * Issue 9's views against a fake client: the model cache (import as a job, one-line errors), a resnet50
 * run (overview, maps and inputs decoded from base64 float32, routed from the runs list), the sweep of a
 * black-box run (started as kind 'sweep' without the run's own preset), and the pure option helpers
 * (relative bins, the zero-point band, the suppressed band, the zero-point table, hover values).
 */
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createPinia, setActivePinia } from 'pinia';
import { setClient } from '../../../src/renderer/api/client.ts';
import { classesText, oneLine, useModelsStore } from '../../../src/renderer/stores/models.ts';
import { isModelRun, useResnet50Store } from '../../../src/renderer/experiments/resnet50/store.ts';
import { sweepFormProblem, useSweepStore } from '../../../src/renderer/experiments/sweep/store.ts';
import { useJobsStore } from '../../../src/renderer/stores/jobs.ts';
import { useAppStore } from '../../../src/renderer/stores/app.ts';
import { openRun } from '../../../src/renderer/open-run.ts';
import { decodeFloat32, inputPixel, rawToRgb8, triple } from '../../../src/renderer/model-pixels.ts';
import { relativeBins, zeroPointBinnedOption } from '../../../src/shared/chart-options/zero-point-binned.ts';
import { binRange, sweepBandOption, zeroPointRows } from '../../../src/renderer/charts/options/sweep-band.ts';
import type { JobInfo, ModelRunResults, ModelRunView, SweepView } from '../../../src/shared/lab-api.ts';
import type { ModelManifest } from '../../../src/shared/models.ts';
import type { RunManifest } from '../../../src/shared/run.ts';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/shared/run.ts';
import type { SweepPanel } from '../../../src/shared/sweep.ts';
import { DEFAULT_SALIENCY_OPTIONS } from '../../../src/shared/saliency.ts';
import { fail } from '../../../src/shared/result.ts';
import { fakeClient, fakeViews, viewCalls } from '../../helpers/fake-client.ts';

beforeEach(() => setActivePinia(createPinia()));

const b64 = (a: number[]) => Buffer.from(new Float32Array(a).buffer).toString('base64');
const job = (id: string, status: JobInfo['status'], extra: Partial<JobInfo> = {}): JobInfo => ({ id, kind: 'model', label: 'import model x', status, startedAt: '2026-01-01T00:00:00Z', progress: null, ...extra });

const model: ModelManifest = {
  id: 'tiny-resnet',
  name: 'tiny resnet',
  kind: 'keras-h5',
  createdAt: '2026-01-01T00:00:00Z',
  source: '/m/tiny.h5',
  entry: 'weights.h5',
  files: ['weights.h5'],
  inputSize: [224, 224, 3],
  preprocessing: 'caffe',
  classNames: 'imagenet',
  outputCount: 1000,
  architecture: 'ResNet50',
  notes: [],
};

test('models: list, import sends only what was given, a refusal and a failed job are one line', async () => {
  let listed: ModelManifest[] = [];
  const client = fakeClient({
    listModels: () => listed,
    importModel: (p) => (p.source === '/nope.h5' ? fail('bad-input', '/nope.h5: not found\nstack…') : { jobId: 'job-1' }),
  });
  setClient(client);
  const jobs = useJobsStore();
  const models = useModelsStore();
  await models.refresh();
  assert.equal(models.list.length, 0);
  assert.equal(await models.importModel(), false, 'an empty source is caught before the host');
  assert.match(models.error!, /^Give a path/);

  models.source = '/nope.h5';
  assert.equal(await models.importModel(), false);
  assert.equal(models.error, '/nope.h5: not found');

  models.source = ' /m/tiny.h5 ';
  models.preprocessing = 'paper';
  assert.equal(await models.importModel(), true);
  assert.deepEqual(client.calls.filter((c) => c.name === 'importModel').at(-1)!.params, { source: '/m/tiny.h5', preprocessing: 'paper' });
  jobs.apply(job('job-1', 'running', { progress: { done: 10, total: 100, stage: 'download', etaSeconds: 3 } }));
  assert.equal(models.importing, true);
  listed = [model];
  jobs.apply(job('job-1', 'done'));
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(models.list.map((m) => m.id), ['tiny-resnet']);
  assert.equal(models.imported, 'tiny-resnet');
  assert.equal(models.source, '', 'the form clears after an import');

  models.source = '/m/other.h5';
  await models.importModel();
  jobs.apply(job('job-1', 'failed', { error: { kind: 'bad-input', message: '/m/other.h5: not a Keras ResNet weight file (no conv1)\n  at …' } }));
  assert.equal(models.error, '/m/other.h5: not a Keras ResNet weight file (no conv1)');
  // A job that fails before the call's answer arrives (a missing file) still shows next to the form.
  setClient(fakeClient({ importModel: () => (jobs.apply(job('job-2', 'failed', { error: { kind: 'not-found', message: '/x.h5: not found' } })), { jobId: 'job-2' }) }));
  models.source = '/x.h5';
  assert.equal(await models.importModel(), true);
  assert.equal(models.error, '/x.h5: not found');
  assert.equal(oneLine('a\nb'), 'a');
  assert.equal(classesText(model), '1000 (ImageNet names)');
  assert.equal(classesText({ classNames: null, outputCount: 3 }), '3 (indices, no names)');
});

const results: ModelRunResults = {
  inspection: { kind: 'keras-h5', inputShape: [2, 2, 3], outputCount: 1000, architecture: 'ResNet (tiny)', notes: [] },
  backend: { name: 'wasm', simd: true, threads: 1, reasons: [] } as unknown as ModelRunResults['backend'],
  preset: 'caffe',
  zeroPoint: [123.68 / 255, 116.779 / 255, 103.939 / 255],
  size: 2,
  options: DEFAULT_SALIENCY_OPTIONS,
  names: ['a.png', 'b.png'],
  skipped: [],
  top5: [[{ index: 24, logit: 3, probability: 0.9, name: 'great_grey_owl' }], [{ index: 1, logit: 2, probability: 0.5, name: 'goldfish' }]],
  targets: [{ index: 24, name: 'great_grey_owl' }, { index: 24, name: 'great_grey_owl' }],
  targetFixed: true,
  bins: [0.25, 0.75],
  binEdges: [0, 0.5, 1],
  binCounts: [6, 18],
  minBinCount: 5,
  methods: [
    { method: 'rectgrad', timesInput: true, zeroPointSuppression: 0.01, lowestBin: 0.25, intensitySpearman: 0.4, meanAbsS: [0.01, 2], counts: [6, 18] },
    { method: 'nobias-rectgrad', timesInput: false, zeroPointSuppression: 0.9, lowestBin: 0.75, intensitySpearman: 0.1, meanAbsS: [1, 1], counts: [6, 18] },
  ],
  notHonoured: [],
};
const resnetRun = { id: 'run-r', status: 'completed', experiment: 'resnet50', config: { model: 'pretrained' } } as unknown as RunManifest;

test('resnet50: opens from the runs list, fetches the shown rows once, decodes maps and inputs', async () => {
  const client = fakeClient({
    experimentView: fakeViews({
      resnet50: {
        run: () => ({ manifest: resnetRun, results }) satisfies ModelRunView,
        map: ({ method, index }) => ({ method, index, size: 2, values: b64([index, -1, 0.5, method === 'rectgrad' ? 2 : 3]), scatter: { x: [0, 1], s: [0, 2], pixels: 4 } }),
        input: ({ index }) => ({ index, name: results.names[index], size: 2, raw: b64(Array.from({ length: 12 }, (_, k) => k / 12)) }),
      },
    }),
  });
  setClient(client);
  assert.equal(isModelRun(resnetRun), true);
  await openRun(resnetRun);
  assert.equal(useAppStore().view, 'resnet50');
  const store = useResnet50Store();
  assert.equal(store.runId, 'run-r');
  assert.deepEqual(store.methods, ['rectgrad', 'nobias-rectgrad']);
  assert.deepEqual(store.scatterMethods, ['rectgrad', 'nobias-rectgrad']);
  await store.loadShown();
  await store.loadShown();
  assert.equal(viewCalls(client.calls, 'resnet50', 'map').length, 4, '2 images × 2 methods, fetched once');
  assert.equal(viewCalls(client.calls, 'resnet50', 'input').length, 2);
  assert.deepEqual(viewCalls(client.calls, 'resnet50', 'input')[0], { runId: 'run-r', index: 0 });
  assert.deepEqual(Array.from(store.mapOf('rectgrad', 1)!.values), [1, -1, 0.5, 2]);
  assert.equal(store.inputs[0].length, 12);
  assert.ok(Math.abs(store.inputs[0][5] - 5 / 12) < 1e-6);
});

test('hover values: raw RGB and the caffe model input in BGR, distance to the zero point', () => {
  const z = results.zeroPoint;
  const raw = new Float32Array([z[0], z[1], z[2], 1, 0, 0.5]);
  const atZero = inputPixel(raw, 0, 'caffe');
  assert.equal(atZero.order, 'BGR');
  for (const v of atZero.model) assert.ok(Math.abs(v) < 1e-3, 'the zero point is 0 in model space');
  assert.ok(atZero.distance < 1e-6);
  const p = inputPixel(raw, 1, 'caffe');
  assert.deepEqual(p.model.map((v) => +v.toFixed(3)), [+(127.5 - 103.939).toFixed(3), -116.779, +(255 - 123.68).toFixed(3)]);
  const unit = inputPixel(raw, 1, 'unit');
  assert.deepEqual(unit.model, [1, 0, 0.5]);
  assert.ok(Math.abs(unit.distance - 0.5) < 1e-6);
  assert.equal(triple([0.5, -21.25, 3]), '0.500, −21.3, 3.000');
  assert.deepEqual(Array.from(rawToRgb8([0, 0.5, 1, 2])), [0, 128, 255, 255]);
  assert.deepEqual(Array.from(decodeFloat32(b64([1.5, -2]))), [1.5, -2]);
});

test('binned chart: each method over its own mean, the zero-point bin shaded, empty bins are gaps', () => {
  assert.deepEqual(relativeBins([1, 3, null], [1, 1, 0]), [0.5, 1.5, null]);
  const opt = zeroPointBinnedOption(results) as { series: Array<{ name: string; data: Array<[number, number | null]>; markArea?: { data: Array<Array<{ xAxis: number }>> } }> };
  assert.deepEqual(opt.series.map((s) => s.name), ['rectgrad', 'nobias-rectgrad', 'elements per bin']);
  const mean = (0.01 * 6 + 2 * 18) / 24;
  assert.ok(Math.abs(opt.series[0].data[0][1]! - 0.01 / mean) < 1e-9);
  assert.deepEqual(opt.series[0].markArea!.data[0].map((d) => d.xAxis), [0, 0.5]);
  assert.ok(zeroPointBinnedOption(results, { dark: true }));
});

test('binned chart (issue 15, item 9): every bin shows its count; a bin below the minimum is a hollow point off the line, an empty one a gap', () => {
  // The run: bin 5 holds one element with a level near 0, bins 6–9 none.
  const counts = [14615, 12308, 8600, 8688, 4940, 1, 0, 0, 0, 0];
  const r = {
    ...results,
    bins: counts.map((_, k) => (k + 0.5) / 10),
    binEdges: Array.from({ length: 11 }, (_, k) => k / 10),
    binCounts: counts,
    minBinCount: 100,
    methods: [{ ...results.methods[0], meanAbsS: [0.5, 1, 1, 1, 1, 0.0001, null, null, null, null], counts }],
  };
  type Opt = { series: Array<{ name: string; type: string; data: unknown[]; label?: { formatter: (p: { dataIndex: number }) => string } }>; yAxis: Array<{ name: string }>; tooltip: { formatter: (ps: unknown[]) => string } };
  const opt = zeroPointBinnedOption(r) as Opt;
  const line = opt.series[0].data as Array<[number, number | null]>;
  assert.equal(line[5][1], null, 'the one-element bin is not on the line (it would dive to 0)');
  assert.deepEqual(line.slice(6).map((p) => p[1]), [null, null, null, null], 'empty bins are gaps, not 0');
  const sparse = opt.series.find((s) => s.type === 'scatter')!;
  assert.equal(sparse.name, 'bins with < 100 elements');
  assert.equal((sparse.data as Array<[number, number]>)[0][0], 0.55);
  const bars = opt.series.find((s) => s.name === 'elements per bin')!;
  assert.deepEqual(bars.data.map((_, k) => bars.label!.formatter({ dataIndex: k })), ['14.6k', '12.3k', '8600', '8688', '4940', '1'], 'to the last non-empty bin, where the axis ends');
  assert.match(opt.yAxis[1].name, /needs ≥ 100/);
  assert.match(opt.tooltip.formatter([{ axisValue: 0.55, seriesName: 'rectgrad', marker: '' }]), /n = 1 elements \(below 100: not used for "lowest"\)/);
});

const panel = (preset: SweepPanel['preset'], own: boolean, zp: number, suppressed: number | null): SweepPanel => ({
  preset,
  own,
  evidence: own ? 'measurement' : 'illustration',
  zeroPoint: zp,
  zeroPointRgb: [zp, zp, zp],
  zeroPointBin: zp,
  bins: [0.1, 0.3, 0.5, 0.7, 0.9],
  binEdges: [0, 0.2, 0.4, 0.6, 0.8, 1],
  counts: [5, 5, 5, 5, 5],
  minBinCount: 5,
  suppressedBin: suppressed,
  methods: {
    rectgrad: { meanAbsS: [1, 1, 0.01, 1, 1], lowestBin: 0.5, meanAbsSAll: 0.8, relative: [1.2, 1.2, 0.01, 1.2, 1.2] },
    'nobias-rectgrad': { meanAbsS: [1, 1, 1, 1, 1], lowestBin: 0.1, meanAbsSAll: 1, relative: [1, 1, 1, 1, 1] },
  },
});

test('sweep panel: the suppressed band is the bin around its centre; the table says where the blind spot sits', () => {
  assert.deepEqual(binRange(0.5, [0, 0.2, 0.4, 0.6, 0.8, 1]), [0.4, 0.6]);
  assert.deepEqual(binRange(0, [0, 0.05, 0.15, 1]), [0, 0.05], 'an older file: edges from its centres');
  const opt = sweepBandOption(panel('paper', true, 0.5, 0.5)) as { series: Array<{ name: string; markArea?: { data: Array<Array<{ xAxis: number }>> }; markLine?: { data: Array<{ xAxis: number }> } }> };
  assert.deepEqual(opt.series[0].markArea!.data[0].map((d) => d.xAxis), [0.4, 0.6]);
  assert.equal(opt.series[0].markLine!.data[0].xAxis, 0.5, 'the zero point stays marked');
  const full = sweepBandOption(panel('paper', true, 0.5, 0.5)) as { title: { subtext: string }; tooltip: { formatter: (ps: unknown[]) => string } };
  assert.equal(full.title.subtext, "zero point 0.500 (dashed) · RectGrad's suppressed band 0.50 (shaded)");
  assert.equal(full.tooltip.formatter([{ axisValue: 0.5, seriesName: 'rectgrad', marker: '' }]), 'raw value 0.50 [0.40, 0.60) · n = 5 elements<br>rectgrad: 0.010 × its mean<br>nobias-rectgrad: 1.000 × its mean');
  assert.equal((sweepBandOption(panel('unit', false, 0, null)) as { series: Array<{ markArea?: unknown }> }).series[0].markArea, undefined, 'no band without a suppressed bin');
  const rows = zeroPointRows([panel('paper', true, 0.5, 0.5), panel('unit', false, 0.1, 0.5)]); // 0.1: the first bin's centre
  assert.deepEqual(rows.map((r) => [r.preset, r.own, r.atZeroPoint, r.rectAtZero, r.nobiasAtZero]), [
    ['paper', true, true, 0.01, 1],
    ['unit', false, false, 1.2, 1],
  ]);
});

test('sweep panel (issue 15, item 7): the own preset is titled a measurement, any other an illustration of x ⊙ R; the table row says which', () => {
  const title = (p: SweepPanel) => (sweepBandOption(p) as { title: { text: string } }).title.text;
  assert.equal(title(panel('paper', true, 0.5, 0.5)), 'paper · measurement (trained on)');
  assert.match(title(panel('caffe', false, 0.45, 0.5)), / · illustration of x ⊙ R \(not trained on\)$/);
  assert.deepEqual(zeroPointRows([panel('paper', true, 0.5, 0.5), panel('caffe', false, 0.45, null)]).map((r) => r.evidence), ['measurement', 'illustration']);
});

test('sweep: starts kind sweep on the open run without repeating its own preset; refusals one line; a finished job refreshes', async () => {
  const centred = { id: 'run-c', status: 'completed', checkpointEpoch: 4, config: { ...DEFAULT_TRAIN_CONFIG, datasetId: 'ds-1', preprocessing: 'centred' } } as unknown as RunManifest;
  let stored: SweepView = { manifest: centred, sweep: null };
  const client = fakeClient({
    experimentView: fakeViews({ sweep: { result: () => stored } }),
    startExperiment: (p) => ((p.config as { limit: number }).limit === 7 ? fail('bad-input', 'startExperiment: run: no checkpoint\nmore') : { jobId: 'job-s' }),
  });
  setClient(client);
  const sweep = useSweepStore();
  await sweep.open('run-c');
  assert.equal(sweep.ownPreset, 'paper', 'centred inputs are the paper preset');
  assert.ok(!sweep.otherPresets.includes('paper'));
  sweep.togglePreset('minus1to1');
  sweep.togglePreset('unit');
  assert.deepEqual(sweep.form.presets, ['unit', 'minus1to1'], 'kept in the registry order');
  sweep.form.bins = 1;
  assert.equal(await sweep.start(), false);
  assert.match(sweep.error!, /^bins:/);
  assert.equal(sweepFormProblem({ bins: 11, presets: [], limit: 0 }), 'images: a whole number in [1, 100000]');
  sweep.form.bins = 11;
  sweep.form.limit = 7;
  assert.equal(await sweep.start(), false);
  assert.equal(sweep.error, 'startExperiment: run: no checkpoint');
  sweep.form.limit = 20;
  assert.equal(await sweep.start(), true);
  assert.deepEqual(client.calls.filter((c) => c.name === 'startExperiment').at(-1)!.params, { kind: 'sweep', config: { run: 'run-c', bins: 11, limit: 20, presets: ['unit', 'minus1to1'] } });
  stored = { manifest: centred, sweep: { runId: 'run-c', preprocessing: 'centred', binCount: 5, minBinCount: 5, options: DEFAULT_SALIENCY_OPTIONS, backend: null, createdAt: '2026-01-01T00:00:00Z', indices: [1, 2], target: 1, panels: [panel('paper', true, 0.5, 0.5)] } };
  useJobsStore().apply(job('job-s', 'done', { kind: 'experiment' }));
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(sweep.view?.sweep?.panels.length, 1);
});
