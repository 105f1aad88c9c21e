/**
 * Issue 9 end to end through the real CLI: `model import` / `model list` for a Keras-layout .h5 (a tiny
 * ResNet the test writes), a TF.js GraphModel and a LayersModel folder; `experiment resnet50` on the tiny
 * .h5 with an image folder and with generated images; `saliency` on a graph model (the padding trick said
 * to be unavailable); and the bad inputs, each one line naming the file, exit 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describeRun, runCli } from '../helpers/cli.ts';
import { writeGraphModel, writeKerasResnetH5, writeOtherArchitectureH5 } from '../helpers/keras-files.ts';
import { saveLayersModelToDisk } from '../../src/worker/engine/model-io.ts';
import { cnnModel } from '../helpers/tiny-models.ts';
import { noLeak, useBackend } from '../helpers/engine.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-cli-models-'));
const ws = join(root, 'ws');
const h5 = join(root, 'tiny.h5');
const images = join(root, 'images');
const graphDir = join(root, 'graph');
const layersDir = join(root, 'layers');

async function fixtures(): Promise<void> {
  if (existsSync(h5)) return;
  await useBackend('cpu');
  await noLeak(async () => {
    await writeKerasResnetH5(h5, { naming: 'keras1' });
    writeGraphModel(graphDir).twin.dispose();
    const cnn = cnnModel(true);
    await saveLayersModelToDisk(cnn, layersDir);
    cnn.dispose();
  });
  mkdirSync(images, { recursive: true });
  for (let i = 0; i < 2; i++) {
    const px = Buffer.alloc(48 * 40 * 3);
    for (let k = 0; k < px.length; k++) px[k] = (k * (7 + i * 5)) % 256;
    await sharp(px, { raw: { width: 48, height: 40, channels: 3 } }).png().toFile(join(images, `img${i}.png`));
  }
  writeFileSync(join(images, 'broken.jpg'), 'not a jpeg');
  writeFileSync(join(images, 'notes.txt'), 'hello');
}

test('experiment resnet50 on a Keras-layout .h5 with an image folder prints the summary line', async () => {
  await fixtures();
  const r = await runCli(['experiment', 'resnet50', '--workspace', ws, '--weights', h5, '--images', images, '--size', '32', '--class', '3', '--preset', 'paper', '--methods', 'rectgrad,nobias-rectgrad,gradient', '--backend', 'wasm', '--json'], { timeoutMs: 240_000 });
  assert.equal(r.code, 0, describeRun(r));
  const s = JSON.parse(r.stdout.trim());
  assert.equal(s.experiment, 'resnet50');
  assert.equal(s.preset, 'paper');
  assert.deepEqual(s.zeroPoint, [0.5, 0.5, 0.5]);
  assert.equal(s.top1.length, 2);
  assert.deepEqual(Object.keys(s.metrics).sort(), ['gradient', 'nobias-rectgrad', 'rectgrad']);
  for (const m of Object.values(s.metrics) as Array<Record<string, number>>) assert.deepEqual(Object.keys(m).sort(), ['images', 'intensitySpearman', 'intensitySpearmanN', 'lowestBin', 'zeroPointSuppression']);
  // RectGrad multiplies by the input: elements at the zero point are suppressed far below No-Bias RectGrad.
  // Both must be numbers: --json writes a NaN as null, and `null < x` is true for any positive x.
  const rect = s.metrics.rectgrad.zeroPointSuppression;
  const nobias = s.metrics['nobias-rectgrad'].zeroPointSuppression;
  assert.ok(typeof rect === 'number' && Number.isFinite(rect) && rect >= 0, `rectgrad zero-point suppression ${rect}`);
  assert.ok(typeof nobias === 'number' && Number.isFinite(nobias) && nobias > 0, `nobias-rectgrad zero-point suppression ${nobias}`);
  assert.ok(rect < 0.5 * nobias, `RectGrad ${rect} is far below No-Bias RectGrad ${nobias} at the zero point`);
  assert.ok(existsSync(join(s.runDir, 'report', 'report.html')));
  assert.ok(existsSync(join(s.runDir, 'saliency', 'rectgrad.npy')));
  // Every example map (each image × each method) is printed with its colour bar.
  assert.equal(readFileSync(join(s.runDir, 'report', 'report.html'), 'utf8').split('class="cbar"').length - 1, s.top1.length * Object.keys(s.metrics).length);
});

test('experiment resnet50 with generated images and a graph model says the padding trick was not applied', async () => {
  await fixtures();
  const r = await runCli(['experiment', 'resnet50', '--workspace', ws, '--weights', graphDir, '--size', '6', '--count', '2', '--methods', 'rectgrad,nobias-rectgrad', '--backend', 'wasm', '--json'], { timeoutMs: 240_000 });
  assert.equal(r.code, 0, describeRun(r));
  const s = JSON.parse(r.stdout.trim());
  assert.equal(s.preset, 'unit');
  assert.equal(s.notHonoured.length, 1);
  assert.match(s.notHonoured[0], /^padding trick not applied/);
});

test('model import and model list: a Keras .h5, a GraphModel and a LayersModel', async () => {
  await fixtures();
  const a = await runCli(['model', 'import', h5, '--name', 'tiny resnet', '--workspace', ws, '--json']);
  assert.equal(a.code, 0, describeRun(a));
  const m = JSON.parse(a.stdout);
  assert.equal(m.kind, 'keras-h5');
  assert.equal(m.kerasNaming, 'keras1');
  assert.equal(m.preprocessing, 'caffe');
  assert.deepEqual(m.inputSize, [224, 224, 3]);
  const g = await runCli(['model', 'import', graphDir, '--workspace', ws, '--json']);
  assert.equal(g.code, 0, describeRun(g));
  assert.equal(JSON.parse(g.stdout).kind, 'graph');
  const l = await runCli(['model', 'import', join(layersDir, 'model.json'), '--preprocessing', 'paper', '--workspace', ws, '--json']);
  assert.equal(l.code, 0, describeRun(l));
  assert.equal(JSON.parse(l.stdout).preprocessing, 'paper');
  const list = await runCli(['model', 'list', '--workspace', ws, '--json']);
  assert.equal(list.code, 0, describeRun(list));
  assert.deepEqual(JSON.parse(list.stdout).map((x: { kind: string }) => x.kind).sort(), ['graph', 'keras-h5', 'layers']);
});

test('saliency --model accepts a graph model and prints what it could not honour', async () => {
  await fixtures();
  const input = join(root, 'x.json');
  writeFileSync(input, JSON.stringify(Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => [0.2, 0.5, 0.9]))));
  const out = join(root, 'map.json');
  const r = await runCli(['saliency', '--model', join(graphDir, 'model.json'), '--input', input, '--method', 'rectgrad', '--out', out, '--json']);
  assert.equal(r.code, 0, describeRun(r));
  const s = JSON.parse(r.stdout);
  assert.equal(s.notHonoured.length, 1);
  assert.match(s.model, /GraphModel/);
});

const BAD: Array<[string, () => Promise<string[]>, RegExp]> = [
  ['a non-HDF5 file', async () => {
    const p = join(root, 'fake.h5');
    writeFileSync(p, 'plain text, no HDF5 here'.repeat(40));
    return ['model', 'import', p];
  }, /^error: .*fake\.h5: not an HDF5 file/],
  ['an .h5 of another architecture', async () => {
    const p = join(root, 'dense.h5');
    await useBackend('cpu');
    await writeOtherArchitectureH5(p);
    return ['experiment', 'resnet50', '--weights', p, '--size', '32'];
  }, /^error: .*dense\.h5: not a Keras ResNet weight file/],
  ['weights with a wrong shape', async () => {
    const p = join(root, 'wrong.h5');
    await useBackend('cpu');
    await writeKerasResnetH5(p, { corrupt: { layer: 'conv3_block1_3_bn', index: 0, shape: [7] } });
    return ['experiment', 'resnet50', '--weights', p, '--size', '32'];
  }, /^error: .*wrong\.h5: layer "conv3_block1_3_bn" weight "conv3_block1_3_bn\/gamma:0" has shape \[7\], the model needs \[16\]$/],
  ['an image folder without images', async () => {
    await fixtures();
    const d = join(root, 'empty-images');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'readme.txt'), 'no pictures');
    return ['experiment', 'resnet50', '--weights', h5, '--images', d, '--size', '32', '--methods', 'gradient'];
  }, /^error: .*empty-images: no images: it holds no image files/],
  ['an unknown ImageNet class name', async () => {
    await fixtures();
    return ['experiment', 'resnet50', '--weights', h5, '--size', '32', '--class', 'owl'];
  }, /^error: class "owl": class names are known only for ImageNet models/],
];

for (const [what, args, message] of BAD) {
  test(`bad input, one line and exit 2: ${what}`, async () => {
    const r = await runCli([...(await args()), '--workspace', ws], { timeoutMs: 120_000 });
    assert.equal(r.code, 2, describeRun(r));
    const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('error:'));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], message);
  });
}
