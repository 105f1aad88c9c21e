/**
 * Seeds (issue 18, analysis 5) through `saliency-lab analyse`, on the shared trained fixture's quick
 * black-box run (seed 1): seed 1 is the run itself, seeds 2 and 3 run its recorded experiment again
 * (the quick recipe: 600 images of 32², 8 epochs). The rows carry n = seeds, the per-seed values, a
 * t interval around the mean and the paired t-test; one seed gives nulls with a note, never a number; a
 * kill while a seed's run trains resumes that run and does not run a finished seed again; bad flags are
 * one line naming the flag.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, runCli, runCliKilledWhen } from '../helpers/cli.ts';
import { copyTrainedWorkspace } from '../helpers/trained-fixture.ts';
import { type SeedsComparisonRow, type SeedsDetail, type SeedsMethodRow, type SeedsRow, isComparisonRow } from '../../src/shared/experiments/seeds.ts';
import type { AnalysisFile } from '../../src/shared/experiments/analysis-common.ts';
import { ANALYSIS_METRICS } from '../../src/shared/experiments/analysis-common.ts';
import type { RunManifest } from '../../src/shared/run.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-seeds-'));
let ws = '';
let runId = '';
let centredRunId = '';
const analysesDir = () => join(ws, 'runs', runId, 'analyses');
const readRun = (id: string) => JSON.parse(readFileSync(join(ws, 'runs', id, 'manifest.json'), 'utf8')) as RunManifest;
const children = () => (existsSync(join(analysesDir(), 'seeds.children.json')) ? (JSON.parse(readFileSync(join(analysesDir(), 'seeds.children.json'), 'utf8')) as { children: Record<string, string> }).children : {});
const metricsLines = (id: string) => readFileSync(join(ws, 'runs', id, 'metrics.jsonl'), 'utf8').trim().split('\n').length;

before(async () => {
  const fixture = await copyTrainedWorkspace(join(root, 'ws'));
  ws = fixture.workspace;
  runId = fixture.quickRunId;
  centredRunId = fixture.centredRunId;
});

const parseLines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as SeedsRow);

test('analyse seeds --seeds 1,2 --json: n = 2 seeds, per-seed values, a t interval around the mean, a paired t-test of No-Bias − RectGrad', async (t) => {
  const r = await runCli(['analyse', 'seeds', '--run', runId, '--seeds', '1,2', '--quick', '--workspace', ws, '--backend', 'wasm', '--json'], { timeoutMs: 300_000 });
  assert.equal(r.code, 0, describeRun(r));
  assert.match(r.stderr, /expected duration: about \d+/, 'a retraining analysis says how long it will take before it starts');
  const rows = parseLines(r.stdout);
  const methodRows = rows.filter((x): x is SeedsMethodRow => !isComparisonRow(x));
  const comparisons = rows.filter(isComparisonRow);
  // The fixture's run explained rectgrad and nobias-rectgrad: its recorded maps config is every seed's.
  assert.equal(methodRows.length, 2 * ANALYSIS_METRICS.length);
  assert.equal(comparisons.length, ANALYSIS_METRICS.length);
  for (const row of rows) {
    assert.equal(row.analysis, 'seeds');
    assert.deepEqual(row.seeds, [1, 2]);
    assert.equal(row.values.length, 2, 'one value per seed');
    assert.equal(row.n, row.values.filter((v) => v !== null).length);
    assert.equal(row.ciMethod, 'student-t');
    assert.equal(row.bootstrapMethod, 'percentile-bootstrap');
    if (row.n === 2) {
      assert.ok(row.ci95 !== null && row.mean !== null);
      assert.ok(row.ci95[0] <= row.mean && row.mean <= row.ci95[1], `${row.metric}: ${row.mean} in [${row.ci95}]`);
      assert.ok(row.bootstrap95 !== null && row.bootstrap95[0] <= row.bootstrap95[1]);
      // With 2 seeds the interval is mean ± 12.706 · sd / √2: at least as wide as the two values' spread.
      const [a, b] = row.values as number[];
      assert.ok(row.ci95[1] - row.ci95[0] >= Math.abs(a - b) - 1e-12, `${row.metric}: interval ${row.ci95} narrower than the values ${row.values}`);
    }
  }
  const share = comparisons.find((c) => c.metric === 'boxMassShare')!;
  t.diagnostic(`No-Bias − RectGrad box share: mean ${share.mean}, 95% t interval ${JSON.stringify(share.ci95)}, p ${share.p}, n ${share.n}`);
  assert.equal(share.comparison, 'nobias-rectgrad - rectgrad');
  assert.equal(share.n, 2);
  assert.ok(share.mean! > 0.3, 'No-Bias puts far more of its mass on the box on every seed');
  assert.ok(share.p !== null && share.p > 0 && share.p <= 1);
  // RectGrad is exactly 0 in the box and No-Bias never is, on every seed: the differences are all −1,
  // with no spread to scale a t statistic: no p, and it says why.
  const zeros = comparisons.find((c) => c.metric === 'zeroFractionInBox')!;
  assert.deepEqual(zeros.values, [-1, -1]);
  assert.equal(zeros.p, null);
  assert.match(zeros.note!, /no spread/);

  const file = JSON.parse(readFileSync(join(analysesDir(), 'seeds.json'), 'utf8')) as AnalysisFile<SeedsRow, SeedsDetail>;
  const [own, second] = file.detail!.runs;
  assert.deepEqual([own.seed, own.runId, own.reused], [1, runId, true], 'the run stands for its own seed');
  assert.equal(second.reused, false);
  assert.equal(children()['2'], second.runId, 'the seed run is recorded for a resume');
  const child = readRun(second.runId);
  assert.equal(child.experiment, 'blackbox');
  assert.equal(child.status, 'completed');
  const config = child.experimentConfig as { dataset: { seed: number; count: number }; train: { seed: number; epochs: number } };
  const parent = readRun(runId).experimentConfig as typeof config;
  assert.deepEqual([config.dataset.seed, config.train.seed], [2, 2]);
  assert.deepEqual([config.dataset.count, config.train.epochs], [parent.dataset.count, parent.train.epochs], 'the run\'s own recipe');
  assert.notEqual(child.datasetId, readRun(runId).datasetId, 'a new dataset draw');
  const report = readFileSync(join(ws, 'runs', runId, 'report', 'report.html'), 'utf8');
  assert.match(report, /Seeds: 2 runs of the whole experiment/);
});

test('one seed: every interval and p is null, with a note, never a number', async () => {
  const r = await runCli(['analyse', 'seeds', '--run', runId, '--seeds', '1', '--workspace', ws, '--backend', 'wasm', '--json']);
  assert.equal(r.code, 0, describeRun(r));
  const rows = parseLines(r.stdout);
  assert.ok(rows.length > 0);
  for (const row of rows) {
    assert.equal(row.ci95, null);
    assert.equal(row.bootstrap95, null);
    assert.equal(row.n, 1);
    assert.match(row.note!, /at least 2/);
    if (isComparisonRow(row)) assert.equal((row as SeedsComparisonRow).p, null);
  }
  assert.match(r.stderr, /no interval and no test/);
});

test('a kill -9 while a seed trains: the same command resumes that run; a finished seed is not run again', async () => {
  const secondId = children()['2'];
  assert.ok(secondId !== undefined, 'the first test left seed 2 finished');
  assert.deepEqual(readRun(secondId).analysisOf, { runId, analysis: 'seeds', key: '2' }, 'a seed run says whose seed set it belongs to (the Runs view groups it)');
  const secondLines = metricsLines(secondId);
  const args = ['analyse', 'seeds', '--run', runId, '--seeds', '1,2,3', '--quick', '--workspace', ws, '--backend', 'wasm'];
  // Killed once the child run has a checkpoint and before it finishes.
  const killed = await runCliKilledWhen(args, () => {
    const id = children()['3'];
    if (id === undefined || !existsSync(join(ws, 'runs', id, 'manifest.json'))) return undefined;
    const m = readRun(id);
    return m.checkpointEpoch >= 1 && m.checkpointEpoch < 8 ? m.checkpointEpoch : undefined;
  });
  const killedAt = killed.killedWith ?? -1;
  const firstErr = killed.stderr;
  assert.ok(killedAt >= 1, `killed mid-training (stderr: ${firstErr})`);
  assert.match(firstErr, new RegExp(`seed 2: run ${secondId} finished before; reusing it`));
  const thirdId = children()['3']!;
  const r = await runCli(args, { timeoutMs: 300_000 });
  assert.equal(r.code, 0, describeRun(r));
  assert.match(r.stderr, new RegExp(`resuming the seeds analysis of run ${runId}: 2 of 3 steps done`));
  assert.match(r.stderr, new RegExp(`seed 3: resuming run ${thirdId}`));
  const file = JSON.parse(readFileSync(join(analysesDir(), 'seeds.json'), 'utf8')) as AnalysisFile<SeedsRow, SeedsDetail>;
  assert.deepEqual(
    file.detail!.runs.map((x) => x.runId),
    [runId, secondId, thirdId],
    'the killed seed run was resumed, not replaced',
  );
  assert.equal(readRun(thirdId).status, 'completed');
  assert.equal(metricsLines(secondId), secondLines, 'the finished seed 2 was not trained again');
  for (const row of file.rows) {
    assert.equal(row.values.length, 3);
    assert.equal(row.n, 3);
    if (row.ci95 !== null && row.mean !== null) assert.ok(row.ci95[0] <= row.mean && row.mean <= row.ci95[1]);
  }
  const share = file.rows.find((x): x is SeedsComparisonRow => isComparisonRow(x) && x.metric === 'boxMassShare')!;
  assert.ok(share.ci95 !== null && share.ci95[0] > 0, `No-Bias − RectGrad box share, 3 seeds: 95% t interval ${share.ci95} excludes 0`);
});

test('bad flags and runs: one line naming the flag', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--seeds', '1,x'], /^--seeds: expected comma-separated integer seeds, got "x"$/],
    [['--seeds', '1,1'], /^--seeds: lists a seed twice$/],
    [['--resamples', '5'], /^--resamples: expected an integer in \[100, 1000000\], got 5$/],
    [['--arms', 'invert'], /^--arms: not a flag of experiment seeds/],
  ];
  for (const [flags, message] of cases) {
    const r = await runCli(['analyse', 'seeds', '--run', runId, ...flags, '--workspace', ws]);
    assert.equal(r.code, 2, describeRun(r)); // bad input (README: exit 2)
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0].replace(/^error: /, ''), message);
  }
  // A run trained outside the experiment has no recorded experiment to run again.
  const plain = await runCli(['analyse', 'seeds', '--run', centredRunId, '--workspace', ws]);
  assert.equal(plain.code, 2, describeRun(plain));
  assert.match(plain.stderr.trim(), /^error: --run: run ".*" was not made by the black-box experiment/);
  assert.equal(plain.stderr.trim().split('\n').length, 1);
});
