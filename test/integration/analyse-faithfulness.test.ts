/**
 * Faithfulness under several fills (issue 19) through `saliency-lab analyse faithfulness`, on the shared
 * trained fixture's quick black-box run: one JSON line per score, fill and method with the contract's
 * fields; with a mean fill No-Bias RectGrad's deletion curve falls faster than the random control's (a
 * faithful map); with a black fill the all-black image is itself a box, which the analysis says instead
 * of ranking by it; the report gains the section; bad flags are one line.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, runCli } from '../helpers/cli.ts';
import { copyTrainedWorkspace } from '../helpers/trained-fixture.ts';
import type { FaithfulnessRow } from '../../src/shared/experiments/faithfulness.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-faithfulness-'));
let ws = '';
let runId = '';

before(async () => {
  const fixture = await copyTrainedWorkspace(join(root, 'ws'));
  ws = fixture.workspace;
  runId = fixture.quickRunId;
});

test('analyse faithfulness --json: contract lines per score, fill and method; mean-fill deletion ranks No-Bias above chance; the black fill is called out', async () => {
  const r = await runCli(['analyse', 'faithfulness', '--run', runId, '--fills', 'black,mean', '--road', 'off', '--methods', 'rectgrad,nobias-rectgrad', '--limit', '8', '--workspace', ws, '--backend', 'wasm', '--json'], { timeoutMs: 300_000 });
  assert.equal(r.code, 0, describeRun(r));
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as FaithfulnessRow);
  // 2 fills × 3 scores (deletion, insertion, srg) × (2 methods + random + edges).
  assert.equal(rows.length, 2 * 3 * 4);
  for (const row of rows) {
    assert.equal(row.analysis, 'faithfulness');
    assert.ok(['deletion', 'insertion', 'srg'].includes(row.score));
    assert.ok(['black', 'mean'].includes(row.fill));
    assert.ok(['rectgrad', 'nobias-rectgrad', 'random', 'edges'].includes(row.method));
    assert.ok(row.auc === null || Number.isFinite(row.auc));
    assert.ok(Number.isInteger(row.n) && row.n <= 8);
    assert.ok(row.method === 'random' ? row.pVsRandom === null : row.pVsRandom === null || (row.pVsRandom > 0 && row.pVsRandom <= 1));
  }
  const at = (score: string, fill: string, method: string) => rows.find((x) => x.score === score && x.fill === fill && x.method === method)!;
  assert.ok(at('deletion', 'mean', 'nobias-rectgrad').auc! < at('deletion', 'mean', 'random').auc!, 'removing the box first with the mean colour drops the box score faster than a random order');
  assert.ok(at('srg', 'mean', 'nobias-rectgrad').auc! > at('srg', 'mean', 'random').auc!);
  assert.match(r.stderr, /note: black: the all-filled image scores at least f\(x\) on \d+ of 8 images/);
  const report = readFileSync(join(ws, 'runs', runId, 'report', 'report.html'), 'utf8');
  assert.match(report, /Faithfulness under several fills \(8 test images with a box\)/);
  assert.match(report, /Kendall τ-b of the deletion ranking between fills/);
});

test('bad faithfulness flags: one line naming the flag', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--fills', 'black,purple'], /^error: --fills: expected fill among black, mean, blur, noise, invert, got "purple"$/],
    [['--fills', 'mean,mean'], /^error: --fills: lists a fill twice$/],
    [['--steps', '5'], /^error: --steps: /],
    [['--methods', 'magic'], /^error: --methods: /],
  ];
  for (const [flags, message] of cases) {
    const r = await runCli(['analyse', 'faithfulness', '--run', runId, ...flags, '--workspace', ws]);
    assert.equal(r.code, 2, describeRun(r));
    assert.match(r.stderr.trim(), message);
  }
});
