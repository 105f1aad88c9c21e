/** The `saliency` command end to end: real child process, real worker thread, files on disk. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, truncateSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { decodeNpy, encodeNpy } from '../../src/shared/npy.ts';
import { saveLayersModelToDisk } from '../../src/worker/engine/model-io.ts';
import { layersModelAdapter } from '../../src/worker/engine/layers-model-adapter.ts';
import { explain } from '../../src/worker/saliency/explain.ts';
import { DEFAULT_SALIENCY_OPTIONS } from '../../src/shared/saliency.ts';
import { assertClose, noLeak, seededArray, useBackend } from '../helpers/engine.ts';
import { cnnModel } from '../helpers/tiny-models.ts';
import { describeRun, runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sbl-cli-'));
const modelDir = join(dir, 'model');
const x = seededArray(2 * 10 * 10 * 3, 42, 0, 1);
let expected: { rect: Float32Array; nobias: Float32Array };

before(async () => {
  await useBackend('wasm');
  await noLeak(() => fixtures());
});

async function fixtures(): Promise<void> {
  const model = cnnModel(true);
  await saveLayersModelToDisk(model, modelDir);
  writeFileSync(join(dir, 'x2.npy'), encodeNpy(x, [2, 10, 10, 3]));
  const nested = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => Array.from(x.subarray((i * 10 + j) * 3, (i * 10 + j) * 3 + 3))));
  writeFileSync(join(dir, 'x1.json'), JSON.stringify(nested));
  const rgb = Buffer.from(Array.from({ length: 20 * 20 * 3 }, (_, i) => (i * 37) % 256));
  await sharp(rgb, { raw: { width: 20, height: 20, channels: 3 } }).png().toFile(join(dir, 'img.png'));
  const adapter = layersModelAdapter(model);
  const opts = { ...DEFAULT_SALIENCY_OPTIONS, q: 60 };
  expected = {
    rect: explain(adapter, x, [2, 10, 10, 3], { method: 'rectgrad', options: opts, target: 1 }).map,
    nobias: explain(adapter, x, [2, 10, 10, 3], { method: 'nobias-rectgrad', options: opts, target: 1 }).map,
  };
  adapter.dispose?.();
}

test('saliency: .npy batch in, .npy out, equals the in-process engine', async () => {
  const out = join(dir, 'rect.npy');
  const r = await runCli(['saliency', '--model', join(modelDir, 'model.json'), '--input', join(dir, 'x2.npy'), '--method', 'rectgrad', '--class', '1', '--q', '60', '--backend', 'wasm', '--out', out, '--json']);
  assert.equal(r.code, 0, describeRun(r));
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.backend, 'wasm');
  assert.deepEqual(summary.targets, [1, 1]);
  const m = decodeNpy(readFileSync(out));
  assert.deepEqual(m.shape, [2, 10, 10, 3]);
  assertClose(m.data, expected.rect, 1e-6, 'CLI vs engine');
});

test('saliency: integrated gradients with an image baseline reports each map\'s completeness gap in --json (issue 15)', async () => {
  const out = join(dir, 'ig.npy');
  const r = await runCli(['saliency', '--model', modelDir, '--input', join(dir, 'x2.npy'), '--method', 'integrated-gradients', '--baseline', 'blur', '--steps', '64', '--class', '1', '--out', out, '--json']);
  assert.equal(r.code, 0, describeRun(r));
  const summary = JSON.parse(r.stdout) as { completeness: Array<{ attributionSum: number; scoreDifference: number; gap: number }> };
  assert.equal(summary.completeness.length, 2, 'one record per map');
  const m = decodeNpy(readFileSync(out));
  summary.completeness.forEach((c, i) => {
    const sum = m.data.subarray(i * 300, (i + 1) * 300).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(c.attributionSum - sum) <= 1e-4 * Math.max(1, Math.abs(sum)), `map ${i}: Σ ${c.attributionSum} vs the written map's ${sum}`);
    assert.ok(Math.abs(c.gap - (c.attributionSum - c.scoreDifference)) < 1e-9);
  });
  const text = await runCli(['saliency', '--model', modelDir, '--input', join(dir, 'x2.npy'), '--method', 'integrated-gradients', '--baseline', '0.2,0.3,0.4', '--steps', '8', '--out', join(dir, 'ig2.npy')]);
  assert.equal(text.code, 0, describeRun(text));
  assert.match(text.stderr, /completeness gap Σ attribution − \(f\(x\) − f\(x₀\)\): largest \|gap\| \S+ .* over 2 maps/);
});

test('saliency: --times-input off on rectgrad gives nobias-rectgrad; .json in and out keep the shape', async () => {
  const out = join(dir, 'nb.json');
  const r = await runCli(['saliency', '--model', modelDir, '--input', join(dir, 'x1.json'), '--method', 'rectgrad', '--times-input', 'off', '--class', '1', '--q', '60', '--out', out]);
  assert.equal(r.code, 0, describeRun(r));
  const nested = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(nested.length, 10);
  assert.equal(nested[0].length, 10);
  assert.equal(nested[0][0].length, 3);
  assertClose(Float32Array.from(nested.flat(2)), expected.nobias.subarray(0, 300), 1e-6, 'first sample');
});

test('saliency: an image is scaled to [0,1] and resized to the model input; --class defaults to the top logit', async () => {
  const out = join(dir, 'img.npy');
  const r = await runCli(['saliency', '--model', modelDir, '--input', join(dir, 'img.png'), '--method', 'gradient', '--out', out, '--json']);
  assert.equal(r.code, 0, describeRun(r));
  assert.deepEqual(decodeNpy(readFileSync(out)).shape, [10, 10, 3]);
  assert.equal(JSON.parse(r.stdout).targets.length, 1);
});

test('bad inputs: one line naming the file and the problem, non-zero exit, no stack trace', async () => {
  const cases = JSON.parse(readFileSync(new URL('../fixtures/bad-inputs/cases.json', import.meta.url), 'utf8')) as Array<{ file: string; as: 'model' | 'input'; says: string }>;
  const fixture = (f: string) => new URL(`../fixtures/bad-inputs/${f}`, import.meta.url).pathname;
  const corrupt = join(dir, 'corrupt-model');
  cpSync(modelDir, corrupt, { recursive: true });
  truncateSync(join(corrupt, 'weights.bin'), 100);
  const table: Array<{ args: string[]; file: string; says: string }> = [
    ...cases.map((c) => ({
      args: ['--model', c.as === 'model' ? fixture(c.file) : modelDir, '--input', c.as === 'input' ? fixture(c.file) : join(dir, 'x2.npy'), '--method', 'gradient'],
      file: c.file,
      says: c.says,
    })),
    { args: ['--model', join(dir, 'missing.json'), '--input', join(dir, 'x2.npy'), '--method', 'gradient'], file: 'missing.json', says: 'file not found' },
    { args: ['--model', corrupt, '--input', join(dir, 'x2.npy'), '--method', 'gradient'], file: 'corrupt-model', says: 'corrupt weights' },
    { args: ['--model', modelDir, '--input', join(dir, 'x2.npy'), '--method', 'magic'], file: '--method', says: 'expected one of gradient, gradient-x-input' },
    // Wrong flag types and out-of-range values are refused by the contract's schema, naming the flag (issue 7).
    ...(
      [
        // (the full flag table runs in-process in test/unit/main/cli/flags.test.ts)
        [['--q', 'high'], '--q: expected a number in [0, 100], got "high"'],
        [['--inner', 'smoothgrad'], '--inner: smoothgrad cannot wrap itself'],
      ] as Array<[string[], string]>
    ).map(([flags, says]) => ({ args: ['--model', modelDir, '--input', join(dir, 'x2.npy'), '--method', 'smoothgrad', ...flags], file: flags[0], says })),
    { args: ['--model', modelDir, '--input', join(dir, 'x2.npy'), '--method', 'gradient', '--class', '7'], file: 'class 7', says: 'out of range' },
    { args: ['--model', modelDir, '--input', fixture('../../fixtures/bad-inputs/cases.json'), '--method', 'gradient'], file: 'cases.json', says: 'expected a rectangular nested array' },
  ];
  writeFileSync(join(dir, 'wrong-shape.npy'), encodeNpy(new Float32Array(12), [2, 2, 3]));
  table.push({ args: ['--model', modelDir, '--input', join(dir, 'wrong-shape.npy'), '--method', 'gradient'], file: 'wrong-shape.npy', says: 'wrong shape' });
  // Three at a time: each row is a process that starts and stops at once (70 s one by one, most of it start-up).
  const runs = new Array<Awaited<ReturnType<typeof runCli>>>(table.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      for (let k = next++; k < table.length; k = next++) runs[k] = await runCli(['saliency', ...table[k].args, '--out', join(dir, `never-${k}.npy`)]);
    }),
  );
  for (const [k, row] of table.entries()) {
    const r = runs[k];
    assert.ok(!r.timedOut && r.code !== 0, `${row.file} should fail promptly: ${describeRun(r)}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${row.file}: one line, got:\n${r.stderr}`);
    assert.match(lines[0], /^error: /, `${row.file}: ${describeRun(r)}`);
    assert.ok(lines[0].includes(row.file), `${row.file}: message names it: ${lines[0]}`);
    assert.ok(lines[0].includes(row.says), `${row.file}: message says "${row.says}": ${lines[0]}`);
  }
  const verbose = await runCli(['saliency', '--model', join(dir, 'missing.json'), '--input', join(dir, 'x2.npy'), '--method', 'gradient', '--out', join(dir, 'n.npy'), '--verbose']);
  assert.ok(verbose.stderr.split('\n').length > 2, '--verbose adds the stack');
});
