/**
 * Per-epoch snapshots (issue 18): `train --snapshots N` maps N fixed test images after every epoch from
 * that epoch's checkpoint; the app reads them through experimentView (blackbox 'snapshots' and
 * 'snapshot'), the report shows the strip; RectGrad's box stays exactly zero at every epoch; a bad count
 * is one line naming the flag.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, runCli } from '../helpers/cli.ts';
import { copyTrainedWorkspace } from '../helpers/trained-fixture.ts';
import { LabHost } from '../../src/main/host/lab-host.ts';
import type { SnapshotIndex, SnapshotView } from '../../src/shared/experiments/blackbox.ts';
import { computeRunMaps } from '../../src/main/host/experiments/blackbox/run-maps.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-snapshots-'));
let ws = '';
let datasetId = '';
let host: LabHost | undefined;
after(() => host?.close());

before(async () => {
  const fixture = await copyTrainedWorkspace(join(root, 'ws'));
  ws = fixture.workspace;
  datasetId = fixture.datasetId;
});

test('train --snapshots 3: one snapshot per epoch, readable by the app, in the report; RectGrad zero in the box throughout', async () => {
  const r = await runCli(['train', '--dataset', datasetId, '--epochs', '2', '--snapshots', '3', '--workspace', ws, '--backend', 'wasm', '--json']);
  assert.equal(r.code, 0, describeRun(r));
  const { runId } = JSON.parse(r.stdout) as { runId: string };
  const runDir = join(ws, 'runs', runId);
  const index = JSON.parse(readFileSync(join(runDir, 'snapshots', 'index.json'), 'utf8')) as SnapshotIndex;
  assert.deepEqual(index.epochs.map((e) => e.epoch), [1, 2]);
  assert.equal(index.indices.length, 3);
  assert.deepEqual(index.methods, ['rectgrad', 'nobias-rectgrad', 'gradient']);
  for (const e of index.epochs) {
    assert.ok(existsSync(join(runDir, 'snapshots', e.file)));
    assert.equal(e.metrics.rectgrad.zeroFractionInBox, 1, `epoch ${e.epoch}: RectGrad's × input zeroes the black box`);
    assert.equal(e.metrics.rectgrad.boxMassShares!.length, 3);
  }
  host = new LabHost({ workspace: ws, backend: 'wasm' });
  const listed = (await host.experimentView('blackbox', 'snapshots', { runId })) as SnapshotIndex;
  assert.equal(listed.epochs.length, 2);
  const view = (await host.experimentView('blackbox', 'snapshot', { runId, epoch: 2 })) as SnapshotView;
  assert.equal(view.maps.rectgrad.length, 3);
  const map = new Float32Array(Buffer.from(view.maps['nobias-rectgrad'][0], 'base64').buffer.slice(0));
  assert.equal(map.length, view.size * view.size);
  assert.ok(map.some((v) => v !== 0));
  await assert.rejects(host.experimentView('blackbox', 'snapshot', { runId, epoch: 9 }), /has no snapshot of epoch 9 \(it has epochs 1, 2\)/);
  await assert.rejects(host.experimentView('blackbox', 'snapshot', { runId, epoch: 'x' }), /experimentView blackbox snapshot: epoch: /);
  // A report needs the run's maps.
  assert.ok((await computeRunMaps(host, runId, { methods: ['rectgrad', 'nobias-rectgrad'], limit: 5 })).ok);
  const report = await runCli(['report', '--run', runId, '--workspace', ws]);
  assert.equal(report.code, 0, describeRun(report));
  const html = readFileSync(report.stdout.trim(), 'utf8');
  assert.match(html, /Per-epoch snapshots/);
  assert.equal((html.match(/class="snaprow"/g) ?? []).length, 2 * 3, 'two images × three methods');
});

test('--snapshots out of range: one line naming the flag', async () => {
  const r = await runCli(['train', '--dataset', datasetId, '--snapshots', '65', '--workspace', ws]);
  assert.equal(r.code, 2, describeRun(r));
  assert.match(r.stderr.trim(), /^error: --snapshots: expected an integer in \[0, 64\]/);
});
