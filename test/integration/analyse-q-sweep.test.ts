/**
 * The RectGrad q sweep (issue 18, analysis 4) through `saliency-lab analyse`, on the shared trained
 * fixture's quick black-box run, and the analysis framework's promises with it: one JSON line per row
 * with the contract's fields, RectGrad's exact zeros in the box at every q, a kill -9 mid-analysis goes
 * on from the next step when the command runs again, a second process on the same run is refused, bad
 * flags are one line naming the flag, and the report gains the section.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, describeRun, runCli } from '../helpers/cli.ts';
import { copyTrainedWorkspace } from '../helpers/trained-fixture.ts';
import { acquireLockSync } from '../../src/node/file-lock.ts';
import { RUN_LOCK } from '../../src/main/host/workspace.ts';
import type { QSweepRow } from '../../src/shared/experiments/q-sweep.ts';
import { ANALYSIS_METRICS } from '../../src/shared/experiments/analysis-common.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-q-sweep-'));
let ws = '';
let runId = '';
const analysesDir = () => join(ws, 'runs', runId, 'analyses');

before(async () => {
  const fixture = await copyTrainedWorkspace(join(root, 'ws'));
  ws = fixture.workspace;
  runId = fixture.quickRunId;
});

const parseLines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as QSweepRow);

test('analyse q-sweep --json: one row per line per q, method and metric; RectGrad zeroes the box at every q, No-Bias keeps a high box share', async () => {
  const r = await runCli(['analyse', 'q-sweep', '--run', runId, '--qs', '0,90,98', '--limit', '10', '--workspace', ws, '--backend', 'wasm', '--json']);
  assert.equal(r.code, 0, describeRun(r));
  const rows = parseLines(r.stdout);
  assert.equal(rows.length, 3 * 2 * ANALYSIS_METRICS.length);
  for (const row of rows) {
    assert.equal(row.analysis, 'q-sweep');
    assert.ok([0, 90, 98].includes(row.q));
    assert.ok(['rectgrad', 'nobias-rectgrad'].includes(row.method));
    assert.ok((ANALYSIS_METRICS as readonly string[]).includes(row.metric));
    assert.ok(Number.isInteger(row.n) && row.n >= 0 && row.n <= 10, `n ${row.n}`);
    assert.ok(row.median === null || Number.isFinite(row.median));
  }
  const at = (q: number, method: string, metric: string) => rows.find((x) => x.q === q && x.method === method && x.metric === metric)!;
  for (const q of [0, 90, 98]) {
    assert.equal(at(q, 'rectgrad', 'zeroFractionInBox').median, 1, `q = ${q}: RectGrad's × input zeroes the black box`);
    assert.ok(at(q, 'nobias-rectgrad', 'zeroFractionInBox').median! < 0.5, `q = ${q}: No-Bias sees the box`);
  }
  assert.ok(at(98, 'nobias-rectgrad', 'boxMassShare').median! > 0.3, 'No-Bias puts its mass on the box at the paper q');
  assert.ok(existsSync(join(analysesDir(), 'q-sweep.json')));
  assert.ok(!existsSync(join(analysesDir(), 'q-sweep.partial.json')), 'the progress file goes once the analysis is complete');
  const report = readFileSync(join(ws, 'runs', runId, 'report', 'report.html'), 'utf8');
  assert.match(report, /RectGrad q sweep/);
  assert.match(report, /paper q = 98/);
});

test('a kill -9 mid-analysis: the same command goes on from the next step, and says so', async () => {
  rmSync(join(analysesDir(), 'q-sweep.json'), { force: true });
  const args = ['analyse', 'q-sweep', '--run', runId, '--qs', '0,50,80,90,95,98', '--limit', '10', '--workspace', ws, '--backend', 'wasm'];
  // Killed as soon as the first step is kept.
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    const timer = setInterval(() => {
      if (existsSync(join(analysesDir(), 'q-sweep.partial.json'))) {
        clearInterval(timer);
        child.kill('SIGKILL');
      }
    }, 20);
    child.on('error', reject);
    child.on('close', () => {
      clearInterval(timer);
      resolve();
    });
  });
  const partial = JSON.parse(readFileSync(join(analysesDir(), 'q-sweep.partial.json'), 'utf8')) as { results: Record<string, unknown>; total: number };
  const kept = Object.keys(partial.results).length;
  assert.ok(kept >= 1 && kept < 6, `killed after ${kept} of 6 steps`);
  const r = await runCli([...args, '--json']);
  assert.equal(r.code, 0, describeRun(r));
  assert.match(r.stderr, new RegExp(`resuming the q-sweep analysis of run ${runId}: ${kept} of 6 steps done`));
  assert.equal(parseLines(r.stdout).length, 6 * 2 * ANALYSIS_METRICS.length, 'every q is in the result, kept ones included');
  // Another config does not mix with what was kept.
  assert.ok(!existsSync(join(analysesDir(), 'q-sweep.partial.json')));
});

test('bad flags and bad runs: one line naming the flag, nothing written', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--qs', '0,abc'], /^--qs: expected comma-separated numbers in \[0, 100\], got "abc"$/],
    [['--qs', '0,101'], /^--qs: .*100/],
    [['--qs', '90,90'], /^--qs: lists a q twice$/],
    [['--limit', '0'], /^--limit: /],
    [['--bins', '3'], /^--bins: not a flag of experiment q-sweep/],
  ];
  for (const [flags, message] of cases) {
    const r = await runCli(['analyse', 'q-sweep', '--run', runId, ...flags, '--workspace', ws]);
    assert.equal(r.code, 2, describeRun(r));
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0].replace(/^error: /, ''), message);
  }
  const noRun = await runCli(['analyse', 'q-sweep', '--workspace', ws]);
  assert.match(noRun.stderr, /--run RUN_ID is required/);
  const unknownRun = await runCli(['analyse', 'q-sweep', '--run', 'run-nope', '--workspace', ws]);
  assert.match(unknownRun.stderr, /run "run-nope" not found/);
  const notAnalysis = await runCli(['analyse', 'blackbox', '--run', runId, '--workspace', ws]);
  assert.match(notAnalysis.stderr, /analyse: expected "q-sweep"/);
  const wrongDoor = await runCli(['experiment', 'q-sweep', '--run', runId, '--workspace', ws]);
  assert.match(wrongDoor.stderr, /"q-sweep" is an analysis of a run: saliency-lab analyse q-sweep --run RUN_ID/);
});

test('two processes on one run: the second is refused on the run lock, naming the holder, and nothing is written', async () => {
  // This test process holds the run, as a first `analyse` (or a training) would.
  const lock = acquireLockSync(join(ws, 'runs', runId, RUN_LOCK), 'the q-sweep analysis', `run "${runId}"`);
  try {
    rmSync(join(analysesDir(), 'q-sweep.json'), { force: true });
    const second = await runCli(['analyse', 'q-sweep', '--run', runId, '--qs', '0', '--limit', '5', '--workspace', ws, '--backend', 'wasm']);
    assert.equal(second.code, 2, describeRun(second));
    assert.equal(second.stderr.trim().split('\n').length, 1, second.stderr);
    assert.match(second.stderr, new RegExp(`run "${runId}" is in use by process ${process.pid} .*the q-sweep analysis`));
    assert.ok(!existsSync(join(analysesDir(), 'q-sweep.json')));
  } finally {
    lock.release();
  }
});
