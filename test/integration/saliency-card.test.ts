/**
 * Saliency Cards (issue 19) of the shared trained fixture's quick black-box run, through `saliency-lab
 * card`: every section for every method with maps; what the lab has not measured names the command that
 * would, and once that analysis has run (the q sweep here) the entry carries its numbers and n; Markdown,
 * HTML and JSON; --out writes the file; the report shows the cards; bad flags are one line.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, runCli } from '../helpers/cli.ts';
import { copyTrainedWorkspace } from '../helpers/trained-fixture.ts';
import type { SaliencyCard } from '../../src/shared/saliency-card.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-card-'));
let ws = '';
let runId = '';

before(async () => {
  const fixture = await copyTrainedWorkspace(join(root, 'ws'));
  ws = fixture.workspace;
  runId = fixture.quickRunId;
});

const entry = (card: SaliencyCard, label: RegExp) => card.sections.flatMap((s) => s.entries).find((e) => label.test(e.label))!;

test('card --format json: a card per method with maps; unmeasured entries name their command; a q sweep fills its entry', async () => {
  const before = await runCli(['card', '--run', runId, '--format', 'json', '--workspace', ws]);
  assert.equal(before.code, 0, describeRun(before));
  const cards = before.stdout.trim().split('\n').map((l) => JSON.parse(l) as SaliencyCard);
  assert.deepEqual(cards.map((c) => c.method).sort(), ['nobias-rectgrad', 'rectgrad']);
  const rect = cards.find((c) => c.method === 'rectgrad')!;
  assert.equal(rect.multipliesByInput, true);
  assert.equal(cards.find((c) => c.method === 'nobias-rectgrad')!.multipliesByInput, false);
  assert.deepEqual(rect.sections.map((s) => s.title), ['Method', 'Computational cost', 'Input sensitivity', 'Model sensitivity', 'Faithfulness', 'Robustness']);
  assert.match(entry(rect, /exact zeros in the box/).value!, /^1\.000 .*n = 10$/);
  const q = entry(rect, /over RectGrad’s q/);
  assert.equal(q.value, null);
  assert.deepEqual(q.measureWith, { command: `saliency-lab analyse q-sweep --run ${runId}`, inApp: 'run "q-sweep" on this run\'s Analyses view' });
  assert.match(entry(rect, /seconds per map/).value!, /s \(10 maps in/, 'the fixture computed its maps with timings');

  const sweep = await runCli(['analyse', 'q-sweep', '--run', runId, '--qs', '50,98', '--limit', '10', '--workspace', ws, '--backend', 'wasm']);
  assert.equal(sweep.code, 0, describeRun(sweep));
  const after = (await runCli(['card', '--run', runId, '--method', 'rectgrad', '--format', 'json', '--workspace', ws])).stdout.trim().split('\n').map((l) => JSON.parse(l) as SaliencyCard);
  assert.equal(after.length, 1);
  assert.match(entry(after[0], /over RectGrad’s q/).value!, /^0\.000–0\.000 over q ∈ \{50, 98\}/);
});

test('card as Markdown, HTML and into a file; the report carries the cards; bad flags are one line', async () => {
  const md = await runCli(['card', '--run', runId, '--workspace', ws]);
  assert.match(md.stdout, /^# Saliency Card: (nobias-)?rectgrad/m);
  assert.match(md.stdout, /\| multiplies by the input \| yes: S = R ⊙ x/);
  const out = join(root, 'cards.html');
  const html = await runCli(['card', '--run', runId, '--format', 'html', '--out', out, '--workspace', ws]);
  assert.equal(html.stdout.trim(), out);
  assert.match(readFileSync(out, 'utf8'), /<section class="saliency-card" data-method="rectgrad">/);
  const report = await runCli(['report', '--run', runId, '--workspace', ws]);
  assert.match(readFileSync(report.stdout.trim(), 'utf8'), /Saliency Cards \(Boggust et al\. 2023\)/);
  const cases: Array<[string[], string]> = [
    [['--format', 'pdf'], 'error: --format: expected md, html, json, got "pdf"'],
    [['--method', 'smoothgrad'], `error: --method: run "${runId}" has no smoothgrad maps (it has rectgrad, nobias-rectgrad)`],
  ];
  for (const [flags, message] of cases) {
    const r = await runCli(['card', '--run', runId, ...flags, '--workspace', ws]);
    assert.equal(r.code, 2, describeRun(r));
    assert.equal(r.stderr.trim(), message);
  }
  assert.equal((await runCli(['card', '--workspace', ws])).stderr.trim(), 'error: card: --run ID is required (a black-box run with maps: saliency-lab list)');
});
