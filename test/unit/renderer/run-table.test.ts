/**
 * The Runs table of issue 21: sorting and filtering keep each analysis' runs under their run, runs without a
 * result sort last both ways, the filter matches name, id, #tag, kind and status; and the compare view's
 * config rows are every leaf where two runs differ (preprocessing included, older manifests read as 'unit').
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arrangeRuns, configDiffRows } from '../../../src/renderer/run-table.ts';
import type { RunManifest } from '../../../src/shared/run.ts';

const cfg = { model: 'blackbox-cnn', epochs: 3, batchSize: 32, learningRate: 0.01, seed: 1, testFraction: 0.2, backend: 'wasm' };
const run = (id: string, extra: Partial<RunManifest> = {}) =>
  ({ id, name: id, kind: 'train', status: 'completed', datasetId: 'ds-1', createdAt: `2025-01-01T00:00:0${id.length % 10}.000Z`, testAccuracy: null, config: cfg, ...extra }) as unknown as RunManifest;
const h = { label: (r: RunManifest) => r.name, kind: () => 'black box' };
const ids = (rows: ReturnType<typeof arrangeRuns>) => rows.map((r) => r.run.id);

const list = [
  run('b', { testAccuracy: 0.7, tags: ['baseline'] }),
  run('p', { testAccuracy: 0.9, name: 'parent run' }),
  run('s1', { testAccuracy: 0.1, analysisOf: { runId: 'p', analysis: 'seeds', key: '1' }, tags: ['seedling'] }),
  run('s2', { testAccuracy: 0.95, analysisOf: { runId: 'p', analysis: 'seeds', key: '2' } }),
  run('n', { status: 'failed' }),
];

test('sorting moves whole groups by their top run; no result sorts last both ways; null restores the listing', () => {
  assert.deepEqual(ids(arrangeRuns(list, { key: 'result', dir: 'desc' }, '', h)), ['p', 's1', 's2', 'b', 'n']);
  assert.deepEqual(ids(arrangeRuns(list, { key: 'result', dir: 'asc' }, '', h)), ['b', 'p', 's1', 's2', 'n']);
  assert.deepEqual(ids(arrangeRuns(list, { key: 'name', dir: 'asc' }, '', h)), ['b', 'n', 'p', 's1', 's2']);
  assert.deepEqual(ids(arrangeRuns(list, { key: 'status', dir: 'desc' }, '', h)), ['n', 'b', 'p', 's1', 's2']);
  assert.deepEqual(ids(arrangeRuns(list, null, '', h)), ['b', 'p', 's1', 's2', 'n']);
  assert.deepEqual(arrangeRuns(list, { key: 'result', dir: 'desc' }, '', h).map((r) => r.childOf), [null, 'seed 1', 'seed 2', null, null]);
});

test('the filter matches every word in name, id, #tag, kind or status; a matching child keeps its run as context', () => {
  assert.deepEqual(ids(arrangeRuns(list, null, '#baseline', h)), ['b']);
  assert.deepEqual(ids(arrangeRuns(list, null, 'FAILED', h)), ['n']);
  assert.deepEqual(ids(arrangeRuns(list, null, 'parent', h)), ['p', 's1', 's2'], 'a matching run brings its children');
  const child = arrangeRuns(list, null, 'seedling', h);
  assert.deepEqual(ids(child), ['p', 's1']);
  assert.deepEqual(child.map((r) => r.context), [true, false]);
  assert.deepEqual(ids(arrangeRuns(list, null, 'black box completed', h)), ['b', 'p', 's1', 's2']);
  assert.deepEqual(ids(arrangeRuns(list, null, 'nothing-like-it', h)), []);
});

test('config rows: every leaf where two runs differ, preprocessing included; experiment configs compared among runs that have one', () => {
  const a = run('a', { config: { ...cfg } as RunManifest['config'] }); // an older manifest: no preprocessing (unit)
  const c = run('c', { config: { ...cfg, preprocessing: 'centred' } as RunManifest['config'] });
  const e = run('e', { config: { ...cfg, preprocessing: 'unit', epochs: 8 } as RunManifest['config'], experimentConfig: { dataset: { size: 32, source: { kind: 'generated' } }, methods: ['rectgrad'] } });
  const e2 = run('e2', { config: { ...cfg, preprocessing: 'unit' } as RunManifest['config'], experimentConfig: { dataset: { size: 64, source: { kind: 'generated' } }, methods: ['rectgrad', 'gradient'] } });
  assert.deepEqual(configDiffRows([a, c]), [{ path: 'preprocessing', values: ['unit', 'centred'] }]);
  assert.deepEqual(configDiffRows([a, e]), [{ path: 'epochs', values: ['3', '8'] }], 'a run outside an experiment does not differ in every experiment field');
  assert.deepEqual(configDiffRows([e, e2]), [
    { path: 'epochs', values: ['8', '3'] },
    { path: 'experiment.dataset.size', values: ['32', '64'] },
    { path: 'experiment.methods', values: ['["rectgrad"]', '["rectgrad","gradient"]'] },
  ]);
  assert.deepEqual(configDiffRows([a]), []);
  const all = configDiffRows([a], true);
  assert.ok(all.some((r) => r.path === 'preprocessing' && r.values[0] === 'unit'));
  assert.ok(all.some((r) => r.path === 'learningRate'));
});
