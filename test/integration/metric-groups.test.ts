/**
 * Metrics by group (issue 21) on the shared trained fixture's quick run, through the LabApi as the app
 * calls it: the black box's run view carries each method's per-image rows and all-zero flags; the "all" group summarised in
 * the app (shared/metric-groups.ts) is exactly what the worker stored, summary and paired test alike; the
 * groups cover the explained images; and a run stored before the sidecars kept all-zero flags gets them
 * from its maps.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabService } from '../../src/main/host/lab-service.ts';
import type { DatasetItem } from '../../src/shared/dataset.ts';
import type { RunDetail } from '../../src/shared/lab-api.ts';
import { unwrap } from '../../src/shared/result.ts';
import { explainedUnion, groupComparisons, groupSummaries, metricGrouping } from '../../src/shared/metric-groups.ts';
import { copyTrainedWorkspace } from '../helpers/trained-fixture.ts';

let service: LabService;
let ws = '';
let runId = '';
let datasetId = '';
/** What the renderer receives: the web transport is JSON, so a NaN arrives as null. */
const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

before(async () => {
  const fixture = await copyTrainedWorkspace(join(mkdtempSync(join(tmpdir(), 'sbl-metric-groups-')), 'ws'));
  ws = fixture.workspace;
  runId = fixture.quickRunId;
  datasetId = fixture.datasetId;
  service = new LabService(ws, { backend: 'wasm', mediaBase: '/media' });
});

after(async () => {
  await service?.close();
});

async function detail(): Promise<RunDetail> {
  return wire(unwrap(await service.call('experimentView', { kind: 'blackbox', view: 'run', params: { runId } })) as RunDetail);
}

test('the run view: per-image rows and all-zero flags; the "all" group is exactly the worker\'s summary and paired test', async () => {
  const d = await detail();
  const maps = d.maps!;
  assert.deepEqual(maps.methods.map((m) => m.method).sort(), ['nobias-rectgrad', 'rectgrad']);
  for (const m of maps.methods) {
    assert.equal(m.perImage.length, m.indices.length);
    assert.deepEqual(m.perImage.map((r) => r.index), m.indices);
    assert.equal(m.allZero?.length, m.indices.length);
  }
  const all = explainedUnion(maps.methods);
  assert.equal(all.length, 10);
  const summaries = groupSummaries(maps.methods, all);
  assert.deepEqual(wire(summaries.map((s) => s.summary)), maps.methods.map((m) => m.summary), 'the app\'s "all" summary is the stored one');
  assert.deepEqual(summaries.map((s) => s.images), [10, 10]);
  assert.equal(maps.comparisons.length, 1);
  assert.deepEqual(wire(groupComparisons(maps.comparisons, maps.methods, all)), maps.comparisons, 'the app\'s "all" test is the stored one');
});

test('the groups of the quick run: correct + wrong and the three box sizes each cover the explained images once', async () => {
  const d = await detail();
  const items = unwrap(await service.call('getDatasetItems', { datasetId })) as DatasetItem[];
  const all = explainedUnion(d.maps!.methods);
  const g = metricGrouping(all, d.predictions, items);
  const ids = (id: string) => g.groups.find((x) => x.id === id)!.indices;
  assert.deepEqual([...ids('correct'), ...ids('wrong')].sort(), [...all].sort());
  assert.deepEqual([...ids('box-small'), ...ids('box-medium'), ...ids('box-large')].sort(), [...all].sort());
  for (const x of g.groups) assert.equal(x.unavailable, null, x.id);
  assert.ok(ids('box-small').length > 0, 'the smallest third is never empty');
  for (const i of ids('wrong')) assert.notEqual(d.predictions![i], items[i].label);
  const small = groupSummaries(d.maps!.methods, ids('box-small'));
  assert.deepEqual(small.map((s) => s.images), [ids('box-small').length, ids('box-small').length]);
  const [t] = groupComparisons(d.maps!.comparisons, d.maps!.methods, ids('box-small'));
  assert.equal(t.pairs, ids('box-small').length);
});

test('a sidecar from before the all-zero flags: the run view reads them from the stored maps, the same as the worker', async () => {
  const want = (await detail()).maps!.methods.map((m) => m.allZero);
  for (const method of ['rectgrad', 'nobias-rectgrad']) {
    const p = join(ws, 'runs', runId, 'saliency', `${method}.json`);
    const sidecar = JSON.parse(readFileSync(p, 'utf8')) as { allZero?: boolean[] };
    assert.ok(sidecar.allZero !== undefined, 'new sidecars keep the flags');
    delete sidecar.allZero;
    writeFileSync(p, JSON.stringify(sidecar));
  }
  const d = await detail();
  assert.deepEqual(d.maps!.methods.map((m) => m.allZero), want);
  assert.deepEqual(wire(groupComparisons(d.maps!.comparisons, d.maps!.methods, explainedUnion(d.maps!.methods))), d.maps!.comparisons);
});
