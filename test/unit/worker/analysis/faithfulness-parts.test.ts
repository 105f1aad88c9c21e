/**
 * The parts of the faithfulness analysis (issue 19, METHODS.md "Analyses"), each against a case whose
 * answer is known by hand: the pixel ranking (|S| first, ties at random but seeded, never raster order),
 * the fills (a blur leaves a uniform region as it was; invert is 1 − x), ROAD's imputation (a hole in a
 * linear ramp is filled with the ramp), the curves' normalisation and trapezoid AUC, and Kendall's τ-b.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankPixels } from '../../../../src/worker/analysis/pixel-ranking.ts';
import { datasetMeanColour, fillImage, gaussianBlur } from '../../../../src/worker/analysis/fills.ts';
import { ROAD_NOISE_SIGMA, imputeRoad } from '../../../../src/worker/analysis/road-imputation.ts';
import { curveAuc, perturbationCurves } from '../../../../src/worker/analysis/perturbation-curves.ts';
import { kendallTauB } from '../../../../src/shared/kendall-tau.ts';

test('pixels are ranked by |S| of the channel sum, largest first; ties at random, the same for a seed, not raster order', () => {
  // 4 pixels × 1 channel: |S| = 1, 3, 3 (negative), 0.
  const order = rankPixels(new Float32Array([1, 3, -3, 0]), 0, 4, 1, 7);
  assert.deepEqual([...order].slice(2), [0, 3]);
  assert.deepEqual(new Set([...order].slice(0, 2)), new Set([1, 2]));
  assert.deepEqual([...rankPixels(new Float32Array([1, 3, -3, 0]), 0, 4, 1, 7)], [...order], 'seeded');
  // An all-zero map of 64 pixels: a random order, different for another seed, not 0, 1, 2 …
  const zeros = new Float32Array(64);
  const a = [...rankPixels(zeros, 0, 64, 1, 1)];
  const b = [...rankPixels(zeros, 0, 64, 1, 2)];
  assert.notDeepEqual(a, Array.from({ length: 64 }, (_, i) => i));
  assert.notDeepEqual(a, b);
  // Channels are summed before |·|: (+2, −2) cancels to 0, below (1, 0).
  assert.deepEqual([...rankPixels(new Float32Array([2, -2, 1, 0]), 0, 2, 2, 3)], [1, 0]);
});

test('fills: black is 0, invert is 1 − x, mean is the dataset colour, a blur leaves a uniform image as it was, noise is seeded in [0, 1)', () => {
  const size = 8;
  const image = Float32Array.from({ length: size * size * 3 }, (_, i) => (i % 7) / 7);
  assert.ok(fillImage('black', image, size, [0.1, 0.2, 0.3], 1).every((v) => v === 0));
  const inv = fillImage('invert', image, size, [0, 0, 0], 1);
  inv.forEach((v, i) => assert.ok(Math.abs(v - (1 - image[i])) < 1e-7));
  assert.deepEqual([...fillImage('mean', image, size, [0.1, 0.2, 0.3], 1).slice(0, 6)].map((v) => +v.toFixed(6)), [0.1, 0.2, 0.3, 0.1, 0.2, 0.3]);
  const grey = new Float32Array(size * size * 3).fill(0.25);
  gaussianBlur(grey, size, 0.4).forEach((v) => assert.ok(Math.abs(v - 0.25) < 1e-6, 'a uniform region is unchanged by a blur'));
  const noise = fillImage('noise', image, size, [0, 0, 0], 5);
  assert.deepEqual(noise, fillImage('noise', image, size, [0, 0, 0], 5));
  assert.ok(noise.every((v) => v >= 0 && v < 1));
  assert.deepEqual(datasetMeanColour(new Uint8Array([255, 0, 51, 255, 0, 51])).map((v) => +v.toFixed(6)), [1, 0, 0.2]);
});

test('ROAD imputation: a hole in a linear ramp becomes the ramp (up to the noise), nothing else changes; with every pixel removed, the anchor', () => {
  const size = 9;
  const ramp = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) for (let c = 0; c < 3; c++) ramp[(y * size + x) * 3 + c] = x / (size - 1);
  const removed = new Uint8Array(size * size);
  for (let y = 3; y <= 5; y++) for (let x = 3; x <= 5; x++) removed[y * size + x] = 1;
  const out = imputeRoad(ramp, size, removed, 1, [0.5, 0.5, 0.5]);
  for (let p = 0; p < size * size; p++) {
    for (let c = 0; c < 3; c++) {
      const tol = removed[p] === 1 ? 5 * ROAD_NOISE_SIGMA : 0;
      assert.ok(Math.abs(out[p * 3 + c] - ramp[p * 3 + c]) <= tol + 1e-6, `pixel ${p}: ${out[p * 3 + c]} vs ${ramp[p * 3 + c]}`);
    }
  }
  const all = imputeRoad(ramp, size, new Uint8Array(size * size).fill(1), 1, [0.2, 0.4, 0.6]);
  for (let p = 0; p < size * size; p++) assert.ok(Math.abs(all[p * 3 + 1] - 0.4) <= 5 * ROAD_NOISE_SIGMA);
});

test('curves: normalised by f(x) and f(all filled), AUC by the trapezoid rule; an image with f(x) = f(all filled) has no curve', () => {
  // 2 images of 2×2 px; the "model" scores the sum of the first pixel's red channel ×4.
  const size = 2;
  const raw = new Float32Array(2 * 12).fill(1);
  const fills = new Float32Array(2 * 12);
  const score = (batch: Float32Array, count: number) => Float32Array.from({ length: count }, (_, n) => 4 * batch[n * 12]);
  const original = score(raw, 2);
  const allFilled = score(fills, 2);
  // Image 0 ranks pixel 0 first (its score drops at the first step); image 1 ranks it last.
  const orders = [Int32Array.from([0, 1, 2, 3]), Int32Array.from([3, 2, 1, 0])];
  const del = perturbationCurves('deletion', { size, raw, fills, orders, original, allFilled, steps: 4 }, score);
  assert.deepEqual([...del[0]], [1, 0, 0, 0, 0]);
  assert.deepEqual([...del[1]], [1, 1, 1, 1, 0]);
  assert.equal(curveAuc(del[0]), 0.125);
  assert.equal(curveAuc(del[1]), 0.875);
  const ins = perturbationCurves('insertion', { size, raw, fills, orders, original, allFilled, steps: 4 }, score);
  assert.deepEqual([...ins[0]], [0, 1, 1, 1, 1]);
  const lerf = perturbationCurves('lerf', { size, raw, fills, orders, original, allFilled, steps: 4 }, score);
  assert.deepEqual([...lerf[0]], [1, 1, 1, 1, 0], 'least relevant first keeps the score to the end');
  const flat = perturbationCurves('deletion', { size, raw, fills, orders, original: new Float32Array([3, 3]), allFilled: new Float32Array([3, 3]), steps: 4 }, score);
  assert.ok(flat.every((c) => c.every((v) => Number.isNaN(v))));
});

test("Kendall's τ-b: 1 for the same order, −1 reversed, ties counted, null when one side ties everything", () => {
  assert.equal(kendallTauB([1, 2, 3, 4], [10, 20, 30, 40]), 1);
  assert.equal(kendallTauB([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  // scipy.stats.kendalltau([1, 2, 3, 4], [1, 3, 2, 4]).statistic = 0.6666…
  assert.ok(Math.abs(kendallTauB([1, 2, 3, 4], [1, 3, 2, 4])! - 2 / 3) < 1e-12);
  // With ties: scipy.stats.kendalltau([1, 2, 2, 3], [1, 2, 3, 4]).statistic = 0.9128709…
  assert.ok(Math.abs(kendallTauB([1, 2, 2, 3], [1, 2, 3, 4])! - 0.912870929175277) < 1e-12);
  assert.equal(kendallTauB([1, 1, 1], [1, 2, 3]), null);
  assert.equal(kendallTauB([1], [2]), null);
});
