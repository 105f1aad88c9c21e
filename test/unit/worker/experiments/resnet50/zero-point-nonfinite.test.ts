/**
 * Issue 16: a map holding NaN or ±Inf yields no statistic. The ResNet50 experiment once exited 0 with
 * ρ −0.105 and lowest bin 0.05 computed from maps of NaN. Such images are left out of every number and
 * counted; when all are, there is no number, and the run says why in its notes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SALIENCY_OPTIONS } from '../../../../../src/shared/saliency.ts';
import { spearman } from '../../../../../src/shared/statistics.ts';
import { runModelMaps } from '../../../../../src/worker/experiments/resnet50/pipeline.ts';
import { zeroPointNumbers } from '../../../../../src/worker/experiments/resnet50/zero-point.ts';
import { noLeak, useBackend } from '../../../../helpers/engine.ts';
import { writeKerasResnetH5 } from '../../../../helpers/keras-files.ts';

const pixels = 64;
const raw = new Float32Array(3 * pixels * 3);
for (let i = 0; i < raw.length; i++) raw[i] = ((i * 7) % 23) / 22;
/** |S| grows with the raw value in every image. */
const finiteMap = () => Float32Array.from(raw, (v, i) => v + 0.01 * (i % 5));

test('Spearman ρ of data holding NaN or ±Inf is NaN (undefined), not a number from meaningless ranks', () => {
  assert.ok(Number.isNaN(spearman([1, 2, NaN, 4], [1, 2, 3, 4])));
  assert.ok(Number.isNaN(spearman([1, 2, 3, 4], [1, Infinity, 3, 4])));
  assert.equal(spearman([1, 2, 3, 4], [2, 4, 6, 8]), 1);
});

test('an image whose map holds NaN is left out of every number: they equal those of the finite images alone', () => {
  const map = finiteMap();
  map[pixels * 3 + 10] = NaN; // image 1
  const z = zeroPointNumbers(raw, map, 3, 'unit', 4, 1);
  assert.deepEqual(z.nonFiniteImages, [1]);
  // The same numbers from images 0 and 2 only.
  const keep = (a: Float32Array) => Float32Array.from([...a.subarray(0, pixels * 3), ...a.subarray(2 * pixels * 3)]);
  const alone = zeroPointNumbers(keep(raw), keep(map), 2, 'unit', 4, 1);
  assert.deepEqual({ ...z, nonFiniteImages: [] }, alone);
  assert.equal(z.intensitySpearmanN, 2);
  for (const v of [z.zeroPointSuppression, z.lowestBin, z.intensitySpearman, z.meanAbsSAll, ...z.meanAbsS]) assert.ok(v === null || Number.isFinite(v), `finite: ${v}`);
});

test('when every map is non-finite there is no number at all (null / NaN, n = 0), never one that looks real', () => {
  const map = finiteMap();
  for (const n of [0, 1, 2]) map[n * pixels * 3 + 3] = n === 1 ? -Infinity : NaN;
  const z = zeroPointNumbers(raw, map, 3, 'unit', 4, 1);
  assert.deepEqual(z.nonFiniteImages, [0, 1, 2]);
  assert.equal(z.zeroPointSuppression, null);
  assert.equal(z.lowestBin, null);
  assert.ok(Number.isNaN(z.intensitySpearman));
  assert.equal(z.intensitySpearmanN, 0);
  assert.ok(z.meanAbsS.every((v) => v === null));
});

test('the ResNet50 pipeline on a net whose maps overflow to NaN reports no statistic and says why in its notes', async () => {
  await useBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'sbl-nonfinite-maps-'));
  const h5 = join(dir, 'overflow.h5');
  // Finite weights (the import accepts them) large enough that the activations overflow to ±Inf.
  await writeKerasResnetH5(h5, { poison: { layer: 'conv1_conv', index: 0, at: 0, value: 3e38 } });
  const result = await noLeak(() =>
    runModelMaps(
      { model: { kind: 'keras-h5', path: h5 }, size: 32, preset: 'caffe', images: { kind: 'generated', count: 1, seed: 1 }, target: null, methods: ['gradient'], options: DEFAULT_SALIENCY_OPTIONS, bins: 4, runDir: dir },
      () => {},
      () => false,
    ),
  );
  const g = result.methods.gradient;
  assert.equal(g.nonFiniteMaps, 1);
  assert.equal(g.zeroPointSuppression, null);
  assert.equal(g.lowestBin, null);
  assert.ok(Number.isNaN(g.intensitySpearman));
  assert.equal(g.intensitySpearmanN, 0);
  assert.ok(result.notHonoured.some((l) => /^gradient: 1 of 1 maps hold NaN or ±Inf \(first: image ".*", (NaN|-?Infinity)\); they are left out of every number, so this method has none$/.test(l)), result.notHonoured.join(' | '));
  // Stored as null, never as a number that looks real.
  const stored = JSON.parse(readFileSync(join(dir, 'model-maps.json'), 'utf8')) as { methods: { gradient: { intensitySpearman: unknown; lowestBin: unknown } } };
  assert.equal(stored.methods.gradient.intensitySpearman, null);
  assert.equal(stored.methods.gradient.lowestBin, null);
});
