/**
 * Issue 21, the gallery's "Explain this": any one image of a black-box run's dataset (a training image,
 * one without a box) explained on demand through the LabService's `experimentView blackbox explain`, on a
 * copy of the shared trained fixture with real worker threads. RectGrad's map is exactly 0 where the input
 * is exactly 0 (the paper's effect), No-Bias RectGrad's is not; the run's saved maps stay untouched; bad
 * params are refused in one line.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabService } from '../../src/main/host/lab-service.ts';
import type { ExplainView } from '../../src/shared/experiments/blackbox.ts';
import type { DatasetItem } from '../../src/shared/dataset.ts';
import type { RunDetail } from '../../src/shared/lab-api.ts';
import type { Result } from '../../src/shared/result.ts';
import { copyTrainedWorkspace } from '../helpers/trained-fixture.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-explain-'));
process.env.XDG_DATA_HOME = join(root, 'app-data'); // the recent-workspaces list stays in the temp folder
const fixture = await copyTrainedWorkspace(join(root, 'ws'));
const service = new LabService(fixture.workspace, { backend: 'wasm', mediaBase: '/media' });
after(() => service.close());

const call = async <T>(name: Parameters<LabService['call']>[0], params: unknown): Promise<Result<T>> => (await service.call(name, params)) as Result<T>;
const explain = (params: Record<string, unknown>) => call<ExplainView>('experimentView', { kind: 'blackbox', view: 'explain', params });

function value<T>(r: Result<T>): T {
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

const decode = (b64: string) => {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
};

const runId = fixture.quickRunId;
const runDir = service.workspace.runDir(runId);
const items = value(await call<DatasetItem[]>('getDatasetItems', { datasetId: fixture.datasetId }));
const detail = value(await call<RunDetail>('experimentView', { kind: 'blackbox', view: 'run', params: { runId } }));
const size = (await service.workspace.readDataset(fixture.datasetId)).size;
const pixels = readFileSync(join(service.workspace.datasetDir(fixture.datasetId), 'images.bin'));
const test_ = new Set(detail.testIndices);
/** Pixels of image `index` whose R, G and B are all exactly 0 (the model input is x / 255: 0 there too). */
const blackPixels = (index: number) => Array.from({ length: size * size }, (_, p) => p).filter((p) => [0, 1, 2].every((c) => pixels[(index * size * size + p) * 3 + c] === 0));

/** Every file of the run's saved maps with its bytes and mtime. */
function savedMaps(): Record<string, { mtimeMs: number; bytes: string }> {
  const dir = join(runDir, 'saliency');
  return Object.fromEntries(readdirSync(dir).map((f) => [f, { mtimeMs: statSync(join(dir, f)).mtimeMs, bytes: readFileSync(join(dir, f)).toString('base64') }]));
}

test('a training image without a box gets maps of the box logit, with the prediction and no box metrics', async () => {
  const before = savedMaps();
  assert.ok(Object.keys(before).some((f) => f.endsWith('.npy')), 'the fixture run has saved maps');
  const metricsBefore = (await service.workspace.readRun(runId)).metrics;
  const index = items.findIndex((it, i) => it.box === null && !test_.has(i));
  assert.ok(index >= 0);

  const v = value(await explain({ runId, index }));
  assert.deepEqual(v.methods.map((m) => m.method), ['rectgrad', 'nobias-rectgrad', 'gradient'], 'the default methods');
  assert.deepEqual([v.index, v.size, v.split, v.label, v.box], [index, size, 'train', 0, null]);
  assert.deepEqual(v.target, { index: 1, name: 'box' });
  assert.equal(v.logits.length, 2);
  assert.equal(v.prediction, v.logits[1] > v.logits[0] ? 1 : 0);
  assert.equal(v.options.q, 98);
  for (const m of v.methods) {
    const map = decode(m.values);
    assert.equal(map.length, size * size, `${m.method}: channel-summed, one value a pixel`);
    assert.ok(map.every(Number.isFinite));
    assert.equal(m.metrics, null, 'no box, no box metrics');
  }
  assert.ok(decode(v.methods[2].values).some((s) => s !== 0), 'the gradient is not all zero');
  assert.equal(v.methods.find((m) => m.method === 'rectgrad')?.timesInput, true);
  assert.equal(v.methods.find((m) => m.method === 'nobias-rectgrad')?.timesInput, false);
  // Where this image is exactly black (if anywhere), RectGrad is exactly 0 too.
  const rect = decode(v.methods[0].values);
  assert.ok(blackPixels(index).every((p) => rect[p] === 0));

  // Ad hoc: the run's saved maps and numbers are exactly as they were.
  assert.deepEqual(savedMaps(), before);
  assert.deepEqual((await service.workspace.readRun(runId)).metrics, metricsBefore);
});

test('RectGrad is exactly 0 where the input is exactly 0, No-Bias RectGrad is not (a training image with a box)', async () => {
  const index = items.findIndex((it, i) => it.box !== null && !test_.has(i) && blackPixels(i).length > 0);
  assert.ok(index >= 0);
  const black = blackPixels(index);
  const v = value(await explain({ runId, index, methods: ['nobias-rectgrad', 'rectgrad'], options: { q: 98 } }));
  assert.deepEqual([v.split, v.label, v.box], ['train', 1, items[index].box]);
  const byMethod = Object.fromEntries(v.methods.map((m) => [m.method, m]));
  const rect = decode(byMethod.rectgrad.values);
  const nobias = decode(byMethod['nobias-rectgrad'].values);
  assert.ok(black.every((p) => rect[p] === 0), 'RectGrad: every black pixel exactly 0');
  assert.ok(black.some((p) => nobias[p] !== 0), 'No-Bias RectGrad sees the black pixels');
  assert.ok(rect.some((s) => s !== 0), 'RectGrad is not zero everywhere');
  // The box metrics of this one image (the worker's imageMetricsRows), as a run's maps would have them.
  assert.equal(byMethod.rectgrad.metrics?.index, index);
  assert.equal(byMethod.rectgrad.metrics?.zeroFractionInBox, 1);
  assert.ok(byMethod['nobias-rectgrad'].metrics!.zeroFractionInBox < 1);
  assert.ok(byMethod['nobias-rectgrad'].metrics!.boxMassShare > byMethod.rectgrad.metrics!.boxMassShare || Number.isNaN(byMethod.rectgrad.metrics!.boxMassShare));
});

test('bad params are refused in one line: index out of range, unknown method, too many passes, an unfinished run', async () => {
  const refused = async (params: Record<string, unknown>, message: string | RegExp) => {
    const r = await explain(params);
    assert.ok(!r.ok, JSON.stringify(params));
    assert.equal(r.error.kind, 'bad-input');
    assert.ok(!r.error.message.includes('\n'), `one line: ${r.error.message}`);
    if (typeof message === 'string') assert.equal(r.error.message, message);
    else assert.match(r.error.message, message);
  };
  await refused({ runId, index: items.length }, `experimentView blackbox explain: index: image ${items.length} is out of range (dataset "${(await service.workspace.readDataset(fixture.datasetId)).name}" has ${items.length} images, 0 to ${items.length - 1})`);
  await refused({ runId, index: -1 }, 'experimentView blackbox explain: index: expected an integer in [0, 2147483647], got -1');
  await refused({ runId, index: 0, methods: ['rectgrad', 'occlusion'] }, /^experimentView blackbox explain: methods\[1\]: expected one of gradient, .*got "occlusion"$/);
  await refused({ runId, index: 0, methods: [] }, /^experimentView blackbox explain: methods: /);
  await refused({ runId, index: 0, methods: ['gradient', 'gradient'] }, 'experimentView blackbox explain: methods: lists a method twice');
  await refused({ runId, index: 0, methods: ['smoothgrad'], options: { inner: 'integrated-gradients', steps: 1000, samples: 1000 } }, /^explain: these methods and options take 1000000 backward passes; .* at most 5000/);
  const missing = await explain({ runId: 'run-none', index: 0 });
  assert.ok(!missing.ok);
  assert.equal(missing.error.kind, 'not-found');

  // A run still training (or killed mid-training) has no final model to explain.
  await service.workspace.updateRun(fixture.centredRunId, { status: 'running' });
  await refused({ runId: fixture.centredRunId, index: 0 }, `experimentView blackbox explain: runId: run "${fixture.centredRunId}" has not finished training (status running): explain with a completed run`);
});
