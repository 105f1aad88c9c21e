/**
 * The control arm (issue 18, analysis 3) through `saliency-lab analyse`, on the shared trained fixture's
 * quick black-box run (x in [0, 1]): the invert arm trains a child run on 1 − x, and RectGrad's exact
 * zeros leave the box with the encoding; the identity arm is the run itself. A kill while the arm's child
 * trains resumes that child (not a new one), a finished child is not trained again, and bad flags are
 * one line naming the flag. One child is trained in all, with the quick recipe (8 epochs of 480 images of 32²).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, runCli, runCliKilledWhen } from '../helpers/cli.ts';
import { copyTrainedWorkspace } from '../helpers/trained-fixture.ts';
import type { ControlArmDetail, ControlArmRow } from '../../src/shared/experiments/control-arm.ts';
import type { AnalysisFile } from '../../src/shared/experiments/analysis-common.ts';
import { ANALYSIS_METRICS } from '../../src/shared/experiments/analysis-common.ts';
import type { RunManifest } from '../../src/shared/run.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-control-arm-'));
let ws = '';
let runId = '';
const analysesDir = () => join(ws, 'runs', runId, 'analyses');
const readRun = (id: string) => JSON.parse(readFileSync(join(ws, 'runs', id, 'manifest.json'), 'utf8')) as RunManifest;
const children = () => (existsSync(join(analysesDir(), 'control-arm.children.json')) ? (JSON.parse(readFileSync(join(analysesDir(), 'control-arm.children.json'), 'utf8')) as { children: Record<string, string> }).children : {});
const epochEvents = (id: string) =>
  readFileSync(join(ws, 'runs', id, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; epoch: number })
    .filter((e) => e.type === 'epoch')
    .map((e) => e.epoch);

before(async () => {
  const fixture = await copyTrainedWorkspace(join(root, 'ws'));
  ws = fixture.workspace;
  runId = fixture.quickRunId;
});

const parseLines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as ControlArmRow);

/** The command of these tests: the identity arm (the run itself) and the invert arm (one child to train). */
const args = (more: string[] = [], limit = 10) => ['analyse', 'control-arm', '--run', runId, '--arms', 'identity,invert', '--methods', 'rectgrad,nobias-rectgrad', '--limit', String(limit), '--quick', '--backend', 'wasm', '--workspace', ws, ...more];

test('a kill -9 while the invert arm trains, then the same command: it resumes that child run, and the rows show RectGrad\'s zeros leave the box under 1 − x', async (t) => {
  // Killed once the child run has a checkpoint and before it finishes.
  const killed = await runCliKilledWhen(args(), () => {
    const id = children().invert;
    if (id === undefined || !existsSync(join(ws, 'runs', id, 'manifest.json'))) return undefined;
    const m = readRun(id);
    return m.checkpointEpoch >= 1 && m.checkpointEpoch < 8 ? m.checkpointEpoch : undefined;
  });
  const killedAt = killed.killedWith ?? -1;
  const firstErr = killed.stderr;
  assert.ok(killedAt >= 1, `killed mid-training (stderr: ${firstErr})`);
  assert.match(firstErr, /expected duration: about \d+/, 'a retraining analysis says how long it will take before it starts');
  const invertId = children().invert!;

  const r = await runCli(args(['--json']), { timeoutMs: 300_000 });
  assert.equal(r.code, 0, describeRun(r));
  // Notes reach stderr under --json: the identity arm (the run itself) was kept, the child resumed.
  assert.match(r.stderr, new RegExp(`resuming the control-arm analysis of run ${runId}: 1 of 2 steps done`));
  assert.match(r.stderr, new RegExp(`control arm invert: resuming run ${invertId} from epoch \\d+ of 8`));
  assert.equal(epochEvents(invertId).filter((e) => e === 1).length, 1, 'epoch 1 of the invert child was trained once');

  const rows = parseLines(r.stdout);
  assert.equal(rows.length, 2 * 2 * ANALYSIS_METRICS.length);
  for (const row of rows) {
    assert.equal(row.analysis, 'control-arm');
    assert.ok(['identity', 'invert'].includes(row.arm));
    assert.ok(['rectgrad', 'nobias-rectgrad'].includes(row.method));
    assert.ok((ANALYSIS_METRICS as readonly string[]).includes(row.metric));
    assert.ok(Number.isInteger(row.n) && row.n >= 0 && row.n <= 10, `n ${row.n}`);
    assert.ok(row.median === null || Number.isFinite(row.median));
  }
  const at = (arm: string, method: string, metric: string) => rows.find((x) => x.arm === arm && x.method === method && x.metric === metric)!;
  t.diagnostic(
    `RectGrad zeros in box ${at('identity', 'rectgrad', 'zeroFractionInBox').median} → ${at('invert', 'rectgrad', 'zeroFractionInBox').median}; box share ${at('identity', 'rectgrad', 'boxMassShare').median} → ${at('invert', 'rectgrad', 'boxMassShare').median}; No-Bias box share ${at('identity', 'nobias-rectgrad', 'boxMassShare').median} → ${at('invert', 'nobias-rectgrad', 'boxMassShare').median}`,
  );
  assert.equal(at('identity', 'rectgrad', 'zeroFractionInBox').median, 1, 'x in [0, 1]: the black box is 0, so RectGrad is exactly 0 there');
  assert.ok(at('invert', 'rectgrad', 'zeroFractionInBox').median! < 1, 'under 1 − x the box is white: RectGrad is no longer exactly 0 on all of it');
  assert.ok(at('invert', 'rectgrad', 'boxMassShare').median! > at('identity', 'rectgrad', 'boxMassShare').median!, 'and some of its mass moves into the box');

  const file = JSON.parse(readFileSync(join(analysesDir(), 'control-arm.json'), 'utf8')) as AnalysisFile<ControlArmRow, ControlArmDetail>;
  assert.ok(!existsSync(join(analysesDir(), 'control-arm.partial.json')), 'the progress file goes once the analysis is complete');
  const identity = file.detail!.models.find((m) => m.arm === 'identity')!;
  const invert = file.detail!.models.find((m) => m.arm === 'invert')!;
  assert.equal(identity.reused, true);
  assert.equal(identity.runId, runId, "the arm of the run's own encoding is the run itself");
  assert.equal(invert.reused, false);
  assert.equal(invert.runId, invertId, 'the killed child, resumed: no second invert run');
  const child = readRun(invertId);
  assert.equal(child.status, 'completed');
  assert.equal((child.config as { preprocessing: string }).preprocessing, 'inverted');
  assert.equal(child.datasetId, readRun(runId).datasetId, 'the same data');
  assert.equal((child.config as { epochs: number }).epochs, (readRun(runId).config as { epochs: number }).epochs, 'the same recipe');
  assert.equal(invert.testAccuracy, child.testAccuracy);
  assert.ok(child.metrics?.rectgrad !== undefined, 'the child keeps its maps');
  const report = readFileSync(join(ws, 'runs', runId, 'report', 'report.html'), 'utf8');
  assert.match(report, /Control arm: the same model on re-encoded inputs/);
});

test('another config (more images) reuses the finished child: it is not trained again', async () => {
  const invertId = children().invert!;
  const before = epochEvents(invertId);
  const r = await runCli(args(['--json'], 12), { timeoutMs: 300_000 });
  assert.equal(r.code, 0, describeRun(r));
  assert.doesNotMatch(r.stderr, /expected duration/, 'nothing to train, so no estimate');
  assert.match(r.stderr, new RegExp(`control arm invert: run ${invertId} was trained before; reusing it`));
  assert.deepEqual(epochEvents(invertId), before, 'no epoch trained again');
  assert.ok(parseLines(r.stdout).every((row) => row.n <= 12));
});

test('bad flags: one line naming the flag', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--arms', 'invert,sepia'], /^--arms: expected one of identity, invert, shift, got "sepia"$/],
    [['--arms', 'invert,invert'], /^--arms: lists an arm twice$/],
    [['--limit', '0'], /^--limit: expected an integer in \[1, 100000\], got 0$/],
    [['--methods', 'rectgrad,bogus'], /^--methods: expected one of .*got "bogus"$/],
    [['--seeds', '1,2'], /^--seeds: not a flag of experiment control-arm/],
  ];
  for (const [flags, message] of cases) {
    const r = await runCli(['analyse', 'control-arm', '--run', runId, ...flags, '--workspace', ws]);
    assert.equal(r.code, 2, describeRun(r)); // bad input (README: exit 2)
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0].replace(/^error: /, ''), message);
  }
});
