/**
 * `experiment vae-concept` through the real command line (issue 8): a tiny run prints the one JSON line
 * of the contract and writes a report; bad input (flags, a CelebA folder without its attribute file, an
 * attribute too rare for N) fails with one line and exit 2, before any training.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, runCli } from '../helpers/cli.ts';
import { assertEveryMapHasColourBar } from '../helpers/report-html.ts';

const ws = mkdtempSync(join(tmpdir(), 'sbl-cli-vae-'));
const METHODS = ['rectgrad', 'nobias-rectgrad', 'gradient'];
/** The first test's summary, which the resume test cuts back to "trained, nothing after". */
let first: { runId: string; runDir: string; conceptAuroc: number; metrics: Record<string, unknown> } | null = null;

test('experiment vae-concept --json: one line with the contract, finite numbers, a report naming the experiment', async () => {
  // 32² keeps it to seconds; there the 'same' conv4 has a 2×2 output that the padding trick would zero
  // whole: the trick is skipped at that conv and every RectGrad map says so (issue 15, item 1).
  const args = ['experiment', 'vae-concept', '--size', '32', '--count', '240', '--epochs', '1', '--concept-faces', '30', '--explain', '3'];
  const r = await runCli([...args, '--methods', METHODS.join(','), '--workspace', ws, '--backend', 'wasm', '--json'], { timeoutMs: 180_000 });
  assert.equal(r.code, 0, describeRun(r));
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, `one line on stdout: ${r.stdout}`);
  const out = JSON.parse(lines[0]);
  first = out;
  assert.deepEqual(Object.keys(out).sort(), ['attribute', 'backend', 'comparisons', 'conceptAuroc', 'experiment', 'eyeglasses', 'metrics', 'notHonoured', 'reconstructionLoss', 'report', 'runDir', 'runId']);
  const skipped = "padding trick skipped at enc_conv4: its 'same' output is 2×2 px, which has no interior (zeroing its 1-px border would zero the whole gradient)";
  assert.deepEqual(out.notHonoured, { rectgrad: [skipped], 'nobias-rectgrad': [skipped], gradient: [] });
  // Said on stderr too, under --json, once per method it concerns.
  assert.equal(r.stderr.split('\n').filter((l) => l === `note: rectgrad: ${skipped}`).length, 1, r.stderr);
  // Non-zero RectGrad maps: the eye-region share is defined (an all-zero map has none) on clear glasses.
  assert.ok(out.metrics.rectgrad.n.eyeRegionShareClear > 0 && out.metrics['nobias-rectgrad'].n.eyeRegionShareClear > 0, JSON.stringify(out.metrics));
  assert.equal(out.experiment, 'vae-concept');
  assert.equal(out.backend, 'wasm');
  assert.equal(out.attribute, 'Eyeglasses');
  assert.ok(Number.isFinite(out.reconstructionLoss) && out.reconstructionLoss > 0 && out.reconstructionLoss < 1, `BCE ${out.reconstructionLoss}`);
  assert.ok(out.conceptAuroc >= 0 && out.conceptAuroc <= 1, `AUROC ${out.conceptAuroc}`);
  assert.deepEqual(Object.keys(out.metrics).sort(), [...METHODS].sort());
  const keys = ['darkSuppressionRatio', 'eyeRegionShareClear', 'eyeRegionShareDark', 'zeroFractionAtZeroInput'];
  for (const [method, m] of Object.entries(out.metrics) as Array<[string, Record<string, number | null> & { n: Record<string, number> }]>) {
    assert.deepEqual(Object.keys(m).sort(), [...keys, 'n'].sort(), method);
    assert.deepEqual(Object.keys(m.n).sort(), keys, method);
    for (const k of keys) {
      const n = m.n[k];
      assert.ok(Number.isInteger(n) && n >= 0 && n <= 9, `${method}.${k}: over ${n} faces`);
      // A median over no face is null in JSON; over some, a finite number.
      if (n === 0) assert.equal(m[k], null, `${method}.${k}`);
      else assert.ok(Number.isFinite(m[k]), `${method}.${k} = ${m[k]}`);
    }
    for (const k of ['eyeRegionShareDark', 'eyeRegionShareClear', 'zeroFractionAtZeroInput']) if (m[k] !== null) assert.ok(m[k]! >= 0 && m[k]! <= 1, `${method}.${k} = ${m[k]}`);
  }
  // RectGrad's final × input: a map is exactly 0 wherever the input is (dark lenses).
  if (out.metrics.rectgrad.n.zeroFractionAtZeroInput > 0) assert.equal(out.metrics.rectgrad.zeroFractionAtZeroInput, 1);
  assert.ok(existsSync(out.report), out.report);
  const html = readFileSync(out.report, 'utf8');
  assert.match(html, /Concept saliency on a VAE of faces|vae-concept/);
  // Every example map is printed with its colour bar (3 faces per group × the methods run).
  assert.equal(assertEveryMapHasColourBar(html) % Object.keys(out.metrics).length, 0);
  const manifest = JSON.parse(readFileSync(join(out.runDir, 'manifest.json'), 'utf8'));
  assert.equal(manifest.experiment, 'vae-concept');
});

test('a VAE experiment killed after training is interrupted, not completed, and train --resume runs its remaining stages', async (t) => {
  if (first === null) return t.skip('needs the first test\'s run');
  const { runId, runDir } = first;
  // What a kill -9 during the concept stage leaves: training recorded, no concept, maps or report, a lock
  // file of a process that no longer exists.
  const manifestPath = join(runDir, 'manifest.json');
  const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
  writeFileSync(manifestPath, JSON.stringify({ ...m, status: 'running', stagesDone: ['dataset', 'training'], vae: { testReconstructionLoss: m.vae.testReconstructionLoss, testKl: m.vae.testKl } }));
  for (const d of ['concept', 'concept-maps', 'report']) rmSync(join(runDir, d), { recursive: true, force: true });
  writeFileSync(join(runDir, 'run.lock'), JSON.stringify({ pid: 4_194_000, host: hostname(), since: new Date().toISOString(), purpose: 'training', token: 'dead' }));

  const list = await runCli(['list', '--workspace', ws, '--json']);
  assert.equal(list.code, 0, describeRun(list));
  const listed = JSON.parse(list.stdout).runs.find((r: { id: string }) => r.id === runId);
  assert.equal(listed.status, 'interrupted');
  // The stored reason names no front door's way to resume (the CLI's listing and the app each say their own).
  assert.match(listed.error, /stages done: dataset, training; resume runs the rest$/);

  const r = await runCli(['train', '--resume', runId, '--workspace', ws, '--backend', 'wasm', '--json'], { timeoutMs: 180_000 });
  assert.equal(r.code, 0, describeRun(r));
  const out = JSON.parse(r.stdout.trim());
  assert.equal(out.runId, runId);
  // The same weights and seeds: the resumed stages give the numbers the straight run gave.
  assert.equal(out.conceptAuroc, first.conceptAuroc);
  assert.deepEqual(out.metrics, first.metrics);
  assert.ok(existsSync(join(runDir, 'concept-maps', 'rectgrad.npy')) && existsSync(out.report));
  const after = JSON.parse(readFileSync(manifestPath, 'utf8'));
  assert.equal(after.status, 'completed');
  assert.deepEqual(after.stagesDone, ['dataset', 'training', 'concept', 'maps', 'report']);
  // Training was not run again: one epoch's events, as before.
  assert.equal(readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"type":"epoch"')).length, 1);
});

test('a run from before stages were tracked, marked completed without concept or maps, is finished by train --resume', async (t) => {
  if (first === null) return t.skip('needs the first test\'s run');
  const { runId, runDir } = first;
  // What the old code left after a kill in the concept stage: "completed", no stagesDone, no concept.
  const manifestPath = join(runDir, 'manifest.json');
  const { stagesDone: _dropped, ...m } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  writeFileSync(manifestPath, JSON.stringify({ ...m, status: 'completed', vae: { testReconstructionLoss: m.vae.testReconstructionLoss, testKl: m.vae.testKl } }));
  for (const d of ['concept', 'concept-maps', 'report']) rmSync(join(runDir, d), { recursive: true, force: true });
  const r = await runCli(['train', '--resume', runId, '--workspace', ws, '--backend', 'wasm', '--json'], { timeoutMs: 180_000 });
  assert.equal(r.code, 0, describeRun(r));
  const out = JSON.parse(r.stdout.trim());
  assert.equal(out.conceptAuroc, first.conceptAuroc);
  assert.deepEqual(out.metrics, first.metrics);
  const after = JSON.parse(readFileSync(manifestPath, 'utf8'));
  assert.equal(after.status, 'completed');
  assert.deepEqual(after.stagesDone, ['dataset', 'training', 'concept', 'maps', 'report']);
});

/** A CelebA-layout folder with its landmark list but no attribute list (the import fails before decoding). */
function celebaWithoutAttributes(): string {
  const root = mkdtempSync(join(tmpdir(), 'sbl-cli-celeba-'));
  mkdirSync(join(root, 'img_align_celeba'));
  writeFileSync(join(root, 'list_landmarks_align_celeba.txt'), '1\nlefteye_x lefteye_y righteye_x righteye_y nose_x nose_y leftmouth_x leftmouth_y rightmouth_x rightmouth_y\n000001.jpg 69 109 106 113 77 142 73 152 108 154\n');
  return root;
}

test('bad input: one line naming the flag, the attribute or the file; exit 2; nothing trained', async () => {
  const fresh = mkdtempSync(join(tmpdir(), 'sbl-cli-vae-bad-'));
  const celeba = celebaWithoutAttributes();
  const cases: Array<[string[], RegExp]> = [
    [['--attribute', 'Nope'], /attribute "Nope" is not one the face generator labels \(it labels Eyeglasses, /],
    [['--preset', 'huge'], /--preset: expected cpu or reference, got "huge"/],
    [['--size', '50'], /--size: expected a multiple of 32 .*got 50/],
    [['--source', celeba], /list_attr_celeba\.txt: not found/],
    // 120 faces, 96 in training, about 40 % with glasses: not 100 of each.
    [['--count', '120', '--concept-faces', '100'], /attribute "Eyeglasses": \d+ of 96 generated training faces have it and \d+ lack it; perGroup = 100/],
  ];
  for (const [flags, pattern] of cases) {
    const r = await runCli(['experiment', 'vae-concept', ...flags, '--workspace', fresh], { timeoutMs: 60_000 });
    assert.equal(r.code, 2, `${flags.join(' ')}: ${describeRun(r)}`);
    // The default run's expected duration is said before it starts (issue 21); the error is then one line.
    const err = r.stderr.trim().split('\n').filter((l) => !l.startsWith('note: expected to take')).join('\n');
    assert.equal(err.split('\n').length, 1, `one line: ${err}`);
    assert.match(err, /^error: /);
    assert.match(err, pattern, flags.join(' '));
  }
  const entries = (d: string) => (existsSync(join(fresh, d)) ? readdirSync(join(fresh, d)) : []);
  assert.deepEqual(entries('runs'), [], 'no run was started');
});
