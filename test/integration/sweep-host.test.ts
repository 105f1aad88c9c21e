/**
 * Issue 9's suppressed-point sweep through the LabHost with real worker threads: the same small dataset
 * trained on [0, 1] inputs and on centred inputs (x − 0.5), from the shared trained fixture. RectGrad's weakest bin moves from black (the
 * first bin) to mid-grey (0.5), No-Bias RectGrad stays well above it there, and with centred inputs RectGrad no
 * longer zeroes the black box.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabHost } from '../../src/main/host/lab-host.ts';
import { experimentConfigFromFlags } from '../../src/main/host/experiments/config-from-flags.ts';
import { sweepExperiment, type SweepSummary } from '../../src/main/host/experiments/sweep/definition.ts';
import type { RunManifest } from '../../src/shared/run.ts';
import { unwrap } from '../../src/shared/result.ts';
import type { SweepFile } from '../../src/shared/sweep.ts';
import { copyTrainedWorkspace } from '../helpers/trained-fixture.ts';
import { computeRunMaps } from '../../src/main/host/experiments/blackbox/run-maps.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-sweep-'));
let host: LabHost;
after(() => host?.close());

let unitRun: RunManifest;
let centredRun: RunManifest;

before(async () => {
  // The shared trained fixture (test/helpers/trained-fixture.ts), copied: the quick preset's model on
  // [0, 1] inputs and a model of the same 600 images on centred inputs.
  const fixture = await copyTrainedWorkspace(join(root, 'ws'));
  host = new LabHost({ workspace: fixture.workspace, backend: 'wasm' });
  unitRun = await host.workspace.readRun(fixture.quickRunId);
  centredRun = await host.workspace.readRun(fixture.centredRunId);
  assert.equal(unitRun.datasetId, centredRun.datasetId, 'the same data, two preprocessings');
});

/** Centre of the first of 11 equal bins of [0, 1] (src/shared/binning.ts), as the summary rounds it. */
const FIRST = +(0.5 / 11).toPrecision(4);

async function sweep(runId: string, presets: string[] = []): Promise<SweepSummary> {
  const r = unwrap(await host.runExperiment('sweep', { run: runId, limit: 20, presets }));
  return r.summary as SweepSummary;
}

/** RectGrad's and No-Bias RectGrad's mean |S| at the zero point's bin, each relative to its own mean. */
function atZeroPoint(s: Pick<SweepSummary, 'bins' | 'zeroPointBin' | 'methods'>) {
  const k = s.bins.indexOf(s.zeroPointBin);
  return { rect: s.methods.rectgrad.relative[k]!, nobias: s.methods['nobias-rectgrad'].relative[k]! };
}

test('runs record their preprocessing; a run without the field reads as unit', async () => {
  const recorded = async (run: RunManifest) => ((await host.workspace.readRun(run.id)).config as { preprocessing?: string }).preprocessing;
  assert.equal(await recorded(unitRun), 'unit');
  assert.equal(await recorded(centredRun), 'centred');
});

test('unit inputs: RectGrad is weakest at black (0), where No-Bias RectGrad is not', async (t) => {
  const s = await sweep(unitRun.id);
  assert.equal(s.preprocessing, 'unit');
  assert.equal(s.zeroPoint, 0);
  assert.equal(s.zeroPointBin, FIRST);
  assert.equal(s.methods.rectgrad.lowestBin, FIRST);
  assert.equal(s.evidence, 'measurement');
  assert.equal(s.minBinCount, 100);
  assert.equal(s.binCounts.reduce((a, b) => a + b, 0), 20 * 32 * 32 * 3, 'every element in one bin');
  const z = atZeroPoint(s);
  t.diagnostic(`relative level at 0: nobias ${z.nobias}, rectgrad ${z.rect}`);
  assert.ok(z.nobias > 3 * z.rect, `relative level at 0: nobias ${z.nobias}, rectgrad ${z.rect}`);
  const file = JSON.parse(readFileSync(join(host.workspace.runDir(unitRun.id), 'sweep.json'), 'utf8')) as SweepFile;
  assert.equal(file.panels.length, 1);
  assert.equal(file.indices.length, 20);
});

test('centred inputs: RectGrad is weakest at mid-grey (0.5), No-Bias RectGrad well above it there; other presets get a panel each', async (t) => {
  const s = await sweep(centredRun.id, ['unit', 'paper', 'minus1to1']);
  assert.equal(s.preprocessing, 'centred');
  assert.equal(s.preset, 'paper');
  assert.equal(s.zeroPoint, 0.5);
  assert.equal(s.zeroPointBin, 0.5);
  assert.equal(s.methods.rectgrad.lowestBin, 0.5);
  const z = atZeroPoint(s);
  t.diagnostic(`relative level at 0.5: nobias ${z.nobias}, rectgrad ${z.rect}`);
  assert.ok(z.nobias > 3 * z.rect, `relative level at 0.5: nobias ${z.nobias}, rectgrad ${z.rect}`);
  // The run's own preset is its main panel and is not repeated; every other preset is fed to the same model.
  assert.deepEqual(Object.keys(s.presets ?? {}), ['unit', 'minus1to1']);
  assert.equal(s.presets!.unit.methods.rectgrad.lowestBin, FIRST);
  assert.equal(s.evidence, 'measurement');
  assert.deepEqual(Object.values(s.presets!).map((p) => p.evidence), ['illustration', 'illustration'], 'a preprocessing the model was not trained on is an illustration');
  assert.equal(s.presets!.minus1to1.zeroPoint, 0.5);
  assert.ok(existsSync(join(host.workspace.runDir(centredRun.id), 'sweep.json')));
});

test('centred inputs: RectGrad no longer zeroes the black box', async (t) => {
  const maps = unwrap(await computeRunMaps(host, centredRun.id, { methods: ['rectgrad'], limit: 20 }));
  const zeros = maps.methods[0].summary.zeroFractionInBox.median;
  t.diagnostic(`exact-zero fraction in the box, median: ${zeros}`);
  assert.ok(zeros < 0.2, `exact-zero fraction in the box ${zeros}`);
});

test('a run recorded before the field existed sweeps as unit', async () => {
  const path = join(host.workspace.runDir(unitRun.id), 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  delete manifest.config.preprocessing;
  writeFileSync(path, JSON.stringify(manifest));
  const s = await sweep(unitRun.id);
  assert.equal(s.preprocessing, 'unit');
  assert.equal(s.methods.rectgrad.lowestBin, FIRST);
});

test('sweep flags: presets by name or all, bad values named by their flag', async () => {
  const all = experimentConfigFromFlags(sweepExperiment as never, { run: 'run-x', presets: 'all' }) as { presets: string[]; bins: number; limit: number };
  assert.deepEqual(all.presets, ['unit', 'paper', 'caffe', 'torch', 'minus1to1', 'inverted']);
  assert.equal(all.bins, 11);
  assert.equal(all.limit, 100);
  assert.throws(() => experimentConfigFromFlags(sweepExperiment as never, { run: 'run-x', presets: 'unit,sepia' }), /--presets: expected one of unit, paper/);
  assert.throws(() => experimentConfigFromFlags(sweepExperiment as never, { run: 'run-x', bins: '1' }), /--bins: expected an integer in \[2, 256\]/);
  const missing = await host.runExperiment('sweep', { run: 'run-nothing-here' });
  assert.equal(missing.ok, false);
  assert.match(!missing.ok ? missing.error.message : '', /run "run-nothing-here" not found/);
});
