/**
 * Control maps (issue 18, analysis 2) through `saliency-lab analyse controls`, on the shared trained
 * fixture's runs: one JSON line per control and metric with the contract's fields; the input control is
 * exactly 0 on the black box under [0, 1] inputs and not under centred ones (the run's preprocessing is
 * applied); constant lands exactly on chance; occlusion with a non-black fill finds the box; the report
 * shows the controls beside the run's own methods; bad flags are one line naming the flag.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, runCli } from '../helpers/cli.ts';
import { copyTrainedWorkspace } from '../helpers/trained-fixture.ts';
import { CONTROL_METHODS, type ControlsDetail, type ControlsRow } from '../../src/shared/experiments/controls.ts';
import { ANALYSIS_METRICS } from '../../src/shared/experiments/analysis-common.ts';
import type { AnalysisFile } from '../../src/shared/experiments/analysis-common.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-controls-'));
let ws = '';
let quickRunId = '';
let centredRunId = '';

before(async () => {
  const fixture = await copyTrainedWorkspace(join(root, 'ws'));
  ws = fixture.workspace;
  quickRunId = fixture.quickRunId;
  centredRunId = fixture.centredRunId;
});

const parseLines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as ControlsRow);

/** Every line has the contract's fields, one per control and metric, with n at most the images explained. */
function checkContract(rows: ControlsRow[], images: number): (method: string, metric: string) => ControlsRow {
  assert.equal(rows.length, CONTROL_METHODS.length * ANALYSIS_METRICS.length);
  for (const row of rows) {
    assert.equal(row.analysis, 'controls');
    assert.ok((CONTROL_METHODS as readonly string[]).includes(row.method), row.method);
    assert.ok((ANALYSIS_METRICS as readonly string[]).includes(row.metric), row.metric);
    assert.ok(Number.isInteger(row.n) && row.n >= 0 && row.n <= images, `n ${row.n}`);
    assert.ok(row.median === null || Number.isFinite(row.median));
  }
  return (method, metric) => rows.find((r) => r.method === method && r.metric === metric)!;
}

test('analyse controls --quick --json: contract lines; input zero on the black box, constant at chance, occlusion finds the box; the report compares with the run', async () => {
  const r = await runCli(['analyse', 'controls', '--run', quickRunId, '--quick', '--json', '--workspace', ws, '--backend', 'wasm']);
  assert.equal(r.code, 0, describeRun(r));
  const at = checkContract(parseLines(r.stdout), 20);
  assert.equal(at('input', 'zeroFractionInBox').median, 1, '[0, 1] inputs: the black box is exactly 0');
  assert.equal(at('input', 'boxMassShare').median, 0);
  assert.equal(at('constant', 'enrichment').median, 1);
  assert.equal(at('constant', 'auroc').median, 0.5);
  assert.equal(at('random', 'zeroFractionInBox').median, 0);
  // Hiding the box with its image's mean colour takes the box away: the drop sits on it.
  assert.ok(at('occlusion', 'enrichment').median! > 2, `occlusion enrichment ${at('occlusion', 'enrichment').median}`);
  assert.ok(at('occlusion', 'auroc').median! > 0.8, `occlusion AUROC ${at('occlusion', 'auroc').median}`);
  assert.ok(at('occlusion', 'boxMassShare').median! > 2 * at('constant', 'boxMassShare').median!);

  const runDir = join(ws, 'runs', quickRunId);
  const file = JSON.parse(readFileSync(join(runDir, 'analyses', 'controls.json'), 'utf8')) as AnalysisFile<ControlsRow, ControlsDetail>;
  assert.equal(file.config.seed, 1, 'the random map seed is recorded');
  assert.deepEqual(file.config.occlusion, { patch: 8, stride: 4, fill: 'mean' });
  assert.deepEqual(file.detail?.runMethods.map((m) => m.method).sort(), ['nobias-rectgrad', 'rectgrad']);
  assert.ok(file.detail!.forwardPasses! > 20, 'occlusion ran the model');
  assert.ok(!existsSync(join(runDir, 'analyses', 'controls.partial.json')));
  // The run's maps explained 10 images, the controls 20: said, with how to compare on the same ones.
  assert.match(r.stderr, /the run's own maps explain the first 10 of these 20 test images with a box/);
  const report = readFileSync(join(runDir, 'report', 'report.html'), 'utf8');
  assert.match(report, /Control maps \(20 test images with a box\)/);
  assert.match(report, /nobias-rectgrad \(the run\)/);
  assert.match(report, /occlusion: drop of the &quot;box&quot; logit/);
});

test("centred inputs: the input control is no longer 0 on the box (the run's preprocessing is applied)", async () => {
  const r = await runCli(['analyse', 'controls', '--run', centredRunId, '--limit', '8', '--fill', '0.5', '--json', '--workspace', ws, '--backend', 'wasm']);
  assert.equal(r.code, 0, describeRun(r));
  const at = checkContract(parseLines(r.stdout), 8);
  assert.equal(at('input', 'zeroFractionInBox').median, 0, 'black is −0.5 in model space');
  assert.ok(at('input', 'enrichment').median! > 1, 'black is far from the centred zero point');
  // The fixture's centred run is 2 epochs at chance accuracy: what occlusion finds in it says nothing, only that it ran on every image.
  assert.equal(at('occlusion', 'auroc').n, 8);
});

test('bad flags: one line naming the flag, nothing run', async () => {
  for (const [flags, pattern] of [
    [['--fill', 'black'], /^error: --fill: expected "mean" or a grey level in \[0, 1\], got "black"$/],
    [['--fill', '2'], /^error: --fill: .*\[0, 1\].*2$/],
    [['--stride', '9'], /^error: --stride: a stride larger than the patch side/],
    [['--patch', '64'], /^error: --patch: 64 px is larger than run ".*"'s images \(32 px\)$/],
    [['--seed', '1.5'], /^error: --seed: expected an integer/],
  ] as const) {
    const r = await runCli(['analyse', 'controls', '--run', quickRunId, ...flags, '--workspace', ws, '--backend', 'wasm', '--json']);
    assert.notEqual(r.code, 0, `${flags.join(' ')} was accepted`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], pattern);
    assert.equal(r.stdout, '');
  }
});
