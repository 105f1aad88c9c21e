/**
 * Model randomisation sanity checks (issue 18, analysis 1) on the shared trained fixture's quick
 * black-box run: through `saliency-lab analyse randomisation`, one JSON line per mode, step and method
 * with the contract's fields, step 0 exactly 1 for every method, the gradient far from its trained maps
 * once every layer is re-initialised, the report section with its gallery, and one-line errors for bad
 * flags; and the worker's step in this process: seeded (the same seed, the same numbers), the trained
 * maps cached between steps, the checkpoint's own initialisers used, and no tensor left behind.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, runCli } from '../helpers/cli.ts';
import { copyTrainedWorkspace } from '../helpers/trained-fixture.ts';
import { noLeak, useBackend } from '../helpers/engine.ts';
import { LabHost } from '../../src/main/host/lab-host.ts';
import { runImagesJob } from '../../src/main/host/experiments/blackbox/trained-run.ts';
import { randomisationStep } from '../../src/worker/experiments/randomisation/randomisation-step.ts';
import { DEFAULT_RANDOMISATION_METHODS, DEFAULT_RANDOMISATION_MODES, type RandomisationDetail, type RandomisationJob, type RandomisationRow, TRAINED_LAYER, weightSeed } from '../../src/shared/experiments/randomisation.ts';
import type { AnalysisFile } from '../../src/shared/experiments/analysis-common.ts';
import { DEFAULT_SALIENCY_OPTIONS } from '../../src/shared/saliency.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-randomisation-'));
let ws = '';
let runId = '';
let host: LabHost | undefined;
after(() => host?.close());

/** The black-box CNN's weighted layers, from the top. */
const TOP_DOWN = ['logits', 'fc1', 'conv3', 'conv2', 'conv1'];

before(async () => {
  const fixture = await copyTrainedWorkspace(join(root, 'ws'));
  ws = fixture.workspace;
  runId = fixture.quickRunId;
});

test('analyse randomisation --quick --json: the contract rows; step 0 is 1 for every method; the gradient ends far below 1', async () => {
  const r = await runCli(['analyse', 'randomisation', '--run', runId, '--quick', '--json', '--workspace', ws, '--backend', 'wasm']);
  assert.equal(r.code, 0, describeRun(r));
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as RandomisationRow);
  const methods: readonly string[] = DEFAULT_RANDOMISATION_METHODS;
  assert.equal(rows.length, DEFAULT_RANDOMISATION_MODES.length * (TOP_DOWN.length + 1) * methods.length);
  for (const row of rows) {
    assert.equal(row.analysis, 'randomisation');
    assert.ok((DEFAULT_RANDOMISATION_MODES as readonly string[]).includes(row.mode), row.mode);
    assert.ok(Number.isInteger(row.step) && row.step >= 0 && row.step <= TOP_DOWN.length);
    assert.equal(row.layer, row.step === 0 ? TRAINED_LAYER : TOP_DOWN[row.step - 1]);
    assert.ok(methods.includes(row.method), row.method);
    assert.ok(Number.isInteger(row.n) && row.n >= 0 && row.n <= row.images && row.images === 20, `n ${row.n} of ${row.images}`);
    for (const v of [row.spearman, row.ssim, row.topK]) assert.ok(v === null ? row.n === 0 : Number.isFinite(v) && v <= 1 + 1e-9, `${row.method} step ${row.step}: ${v}`);
  }
  for (const row of rows.filter((x) => x.step === 0)) {
    for (const v of [row.spearman, row.ssim, row.topK]) assert.ok(v !== null && Math.abs(v - 1) < 1e-9, `${row.mode} step 0 ${row.method}: ${v}`);
  }
  const full = rows.find((x) => x.mode === 'cascading' && x.step === TOP_DOWN.length && x.method === 'gradient')!;
  assert.ok(full.spearman !== null && full.spearman < 0.5, `gradient's Spearman at full randomisation: ${full.spearman}`);
  // Independent step 1 re-initialises what cascading step 1 does: the same numbers.
  const first = (mode: string) => rows.filter((x) => x.mode === mode && x.step === 1).map(({ mode: _, ...rest }) => rest);
  assert.deepEqual(first('independent'), first('cascading'));

  const file = JSON.parse(readFileSync(join(ws, 'runs', runId, 'analyses', 'randomisation.json'), 'utf8')) as AnalysisFile<RandomisationRow, RandomisationDetail>;
  assert.deepEqual(file.detail!.layers.map((l) => l.name), TOP_DOWN);
  assert.ok(file.detail!.layers.every((l) => l.weights.some((w) => w.weight === `${l.name}/kernel` && w.initializer.startsWith('VarianceScaling') && w.seed === weightSeed(1, w.weight))));
  const gallery = file.detail!.gallery!;
  assert.equal(gallery.steps.length, TOP_DOWN.length + 1);
  assert.equal(gallery.inputs.length, 3);
  assert.equal(Buffer.from(gallery.steps[0].maps[0].maps[0], 'base64').length, gallery.side * gallery.side * 4);
  assert.ok(statSync(join(ws, 'runs', runId, 'analyses', 'randomisation.json')).size < 2_000_000, 'the gallery keeps the file small');
  assert.ok(file.notes.some((n) => n.startsWith('gradient at full cascading randomisation')), file.notes.join('\n'));

  const report = readFileSync(join(ws, 'runs', runId, 'report', 'report.html'), 'utf8');
  assert.match(report, /Model randomisation sanity checks/);
  assert.match(report, /Maps along the cascade/);
  assert.match(report, /gradient at full cascading randomisation/);
  // Every gallery map carries its colour bar.
  const section = report.slice(report.indexOf('Maps along the cascade'));
  assert.equal((section.match(/class="cbar"/g) ?? []).length, 3 * (TOP_DOWN.length + 1) * methods.length);
});

test('bad flags: one line naming the flag, nothing run', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--modes', 'sideways'], /^--modes: expected one of cascading, independent, labels, got "sideways"$/],
    [['--modes', 'cascading,cascading'], /^--modes: lists a mode twice$/],
    [['--top-k', 'abc'], /^--top-k: expected "box" or a percentage of the pixels in \(0, 100\], got "abc"$/],
    [['--top-k', '0'], /^--top-k: .*\(0, 100\]/],
    [['--methods', 'rectgrad,nope'], /^--methods: expected one of .*got "nope"$/],
    [['--limit', '0'], /^--limit: /],
    [['--qs', '90'], /^--qs: not a flag of experiment randomisation/],
  ];
  for (const [flags, message] of cases) {
    const r = await runCli(['analyse', 'randomisation', '--run', runId, ...flags, '--workspace', ws]);
    assert.equal(r.code, 2, describeRun(r)); // bad input (src/main/cli/main.ts)
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0].replace(/^error: /, ''), message);
  }
});

test('the worker step in process: seeded, trained maps cached between steps, no tensor left behind', async () => {
  await useBackend('cpu');
  host = new LabHost({ workspace: ws, backend: 'cpu' });
  const base: RandomisationJob = {
    ...(await runImagesJob(host, await host.workspace.readRun(runId))),
    methods: ['gradient', 'rectgrad', 'nobias-rectgrad'],
    options: DEFAULT_SALIENCY_OPTIONS,
    limit: 4,
    randomise: [],
    reinitSeed: 3,
    topK: 'box',
    gallery: 2,
  };
  const quiet = () => {};
  const never = () => false;
  await noLeak(async () => {
    const trained = await randomisationStep(base, quiet, never);
    assert.deepEqual(trained.reinitialised, []);
    for (const m of trained.methods) assert.ok(m.spearman.median === 1 && m.ssim.median === 1 && m.topK.median === 1 && m.n === 4, `${m.method} step 0`);
    assert.equal(trained.gallery!.maps.length, 3);
    assert.equal(trained.gallery!.inputs[0].rgb.length, trained.gallery!.side ** 2 * 3);

    const job = { ...base, randomise: TOP_DOWN, gallery: 0 };
    const once = await randomisationStep(job, quiet, never);
    const again = await randomisationStep(job, quiet, never);
    assert.equal(once.trainedFromCache, true, 'the trained maps of step 0 are reused');
    assert.deepEqual(again.methods, once.methods, 'the same seed gives the same weights, so the same numbers');
    assert.deepEqual(
      once.reinitialised.map((w) => w.weight),
      TOP_DOWN.flatMap((l) => [`${l}/kernel`, `${l}/bias`]),
    );
    assert.ok(once.reinitialised.every((w) => (w.weight.endsWith('/bias') ? w.initializer === 'Zeros' && w.seed === null : w.seed === weightSeed(3, w.weight))));
    const other = await randomisationStep({ ...job, reinitSeed: 4 }, quiet, never);
    assert.notDeepEqual(other.methods, once.methods, 'another seed, other weights');
    assert.equal(once.gallery, null);
  });
});

test('data randomisation (--modes labels): the recipe retrained on shuffled labels, one step against the trained maps, its accuracy said', async () => {
  const r = await runCli(['analyse', 'randomisation', '--run', runId, '--modes', 'labels', '--methods', 'rectgrad,gradient', '--limit', '10', '--json', '--workspace', ws, '--backend', 'wasm'], { timeoutMs: 300_000 });
  assert.equal(r.code, 0, describeRun(r));
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as RandomisationRow);
  assert.deepEqual([...new Set(rows.map((x) => `${x.mode} ${x.step} ${x.layer}`))], ['labels 0 none (trained)', 'labels 1 all (trained on shuffled labels)']);
  for (const x of rows.filter((y) => y.step === 0)) assert.equal(x.spearman, 1);
  const gradient = rows.find((x) => x.step === 1 && x.method === 'gradient')!;
  assert.ok(gradient.spearman !== null && gradient.spearman < 0.9, `the gradient of a model that memorised shuffled labels differs from the trained one's: ${gradient.spearman}`);
  assert.match(r.stderr, /note: expected duration: about \d+/, 'it retrains, so it says how long first');
  assert.match(r.stderr, /note: data randomisation: run run-[a-z0-9-]+, the recipe on shuffled training labels, test accuracy \d+\.\d%/);
  const children = JSON.parse(readFileSync(join(ws, 'runs', runId, 'analyses', 'randomisation.children.json'), 'utf8')) as { children: { labels: string } };
  const child = JSON.parse(readFileSync(join(ws, 'runs', children.children.labels, 'manifest.json'), 'utf8')) as { config: { shuffledLabels: boolean; seed: number; epochs: number } };
  assert.equal(child.config.shuffledLabels, true);
  // Asked again: the child is reused, not trained again.
  const again = await runCli(['analyse', 'randomisation', '--run', runId, '--modes', 'labels', '--methods', 'rectgrad', '--limit', '10', '--workspace', ws, '--backend', 'wasm']);
  assert.equal(again.code, 0, describeRun(again));
  assert.match(again.stderr, new RegExp(`note: data randomisation: run ${children.children.labels} was trained before; reusing it`));
});
