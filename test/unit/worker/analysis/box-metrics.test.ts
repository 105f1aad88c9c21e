import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boxMetrics, channelSum } from '../../../../src/worker/analysis/box-metrics.ts';
import { imageHistogram, HISTOGRAM_BINS } from '../../../../src/worker/analysis/histograms.ts';
import { boxMask } from '../../../../src/worker/data/black-box.ts';

const size = 8;
const mask = boxMask(size, { x: 2, y: 2, side: 2 }); // 4 of 64 pixels
const intensity = Float32Array.from({ length: 64 }, (_, p) => (mask[p] ? 0 : 0.2 + (p % 7) / 10));

test('a map that lives only in the box', () => {
  const s = Float32Array.from(mask, (m) => (m ? 2 : 0));
  const m = boxMetrics(s, mask, intensity);
  assert.equal(m.boxMassShare, 1);
  assert.equal(m.enrichment, 16);
  assert.equal(m.zeroFractionInBox, 0);
  assert.equal(m.pointingGame, 1);
  assert.equal(m.auroc, 1);
  assert.equal(m.topKIoU, 1);
  assert.ok(m.darkSuppressionRatio > 1, 'the dark pixels (the box) carry the saliency');
});

test("RectGrad's blind spot: zero in the box, mass elsewhere", () => {
  const s = Float32Array.from(mask, (m, p) => (m ? 0 : (p % 5) - 2));
  const m = boxMetrics(s, mask, intensity);
  assert.equal(m.boxMassShare, 0);
  assert.equal(m.enrichment, 0);
  assert.equal(m.zeroFractionInBox, 1);
  assert.equal(m.pointingGame, 0);
  assert.equal(m.topKIoU, 0);
  assert.ok(m.darkSuppressionRatio < 1);
});

test('an all-zero map: undefined share, and every pixel tied, so pointing game and top-k IoU score chance', () => {
  const m = boxMetrics(new Float32Array(64), mask, intensity);
  assert.ok(Number.isNaN(m.boxMassShare));
  assert.equal(m.zeroFractionInBox, 1);
  assert.equal(m.pointingGame, 4 / 64, 'the box holds 4 of the 64 tied maxima');
  assert.ok(Math.abs(m.topKIoU - bruteForceTopKIoU(new Float32Array(64), mask)) < 1e-12, `top-k IoU ${m.topKIoU}`);
  // By hand, 4 pixels with a 2-pixel box: k = 2 of 4 tied, hits X ~ Hypergeometric(4, 2, 2) with
  // P = 1/6, 4/6, 1/6 for 0, 1, 2 hits, IoU = 0, 1/3, 1: E = 4/18 + 3/18 = 7/18 (raster order said 1).
  const tiny = boxMetrics(new Float32Array(4), Uint8Array.from([1, 1, 0, 0]), new Float32Array(4));
  assert.ok(Math.abs(tiny.topKIoU - 7 / 18) < 1e-12, `top-k IoU ${tiny.topKIoU}`);
  assert.equal(tiny.pointingGame, 0.5);
});

/** Mean IoU over every way of picking the k = box-area pixels of largest |S| when ties allow several. */
function bruteForceTopKIoU(s: Float32Array, box: Uint8Array): number {
  const abs = Array.from(s, Math.abs);
  const k = box.reduce((a, b) => a + b, 0);
  const kth = [...abs].sort((a, b) => b - a)[k - 1];
  const sure = abs.flatMap((v, p) => (v > kth ? [p] : []));
  const tied = abs.flatMap((v, p) => (v === kth ? [p] : []));
  const need = k - sure.length;
  let sum = 0;
  let count = 0;
  const pick = (from: number, chosen: number[]) => {
    if (chosen.length === need) {
      const hits = [...sure, ...chosen].filter((p) => box[p]).length;
      sum += hits / (2 * k - hits);
      count++;
      return;
    }
    for (let i = from; i <= tied.length - (need - chosen.length); i++) pick(i + 1, [...chosen, tied[i]]);
  };
  pick(0, []);
  return sum / count;
}

test('ties at the maximum share the pointing-game credit, whatever their raster order', () => {
  const s = new Float32Array(64).fill(0.1);
  const inBox = mask.findIndex((v) => v === 1);
  s[inBox] = 5;
  s[0] = -5; // outside the box, earlier in raster order, same |S|
  assert.equal(boxMetrics(s, mask, intensity).pointingGame, 0.5);
  s[63] = 5; // a third maximum, outside
  assert.ok(Math.abs(boxMetrics(s, mask, intensity).pointingGame - 1 / 3) < 1e-12);
  s[0] = 4;
  s[63] = 4;
  assert.equal(boxMetrics(s, mask, intensity).pointingGame, 1, 'a single maximum in the box');
});

test('top-k IoU with ties at the k-th value is the expectation over the tied pixels, checked by enumeration', () => {
  // Box of 4: two box pixels clearly on top, then 6 pixels tied (one of them in the box) for 2 places.
  const s = new Float32Array(64);
  const box = [...mask.keys()].filter((p) => mask[p]);
  s[box[0]] = 9;
  s[box[1]] = 8;
  for (const p of [box[2], 0, 1, 7, 40, 63]) s[p] = 3;
  const m = boxMetrics(s, mask, intensity);
  const want = bruteForceTopKIoU(s, mask);
  assert.ok(Math.abs(m.topKIoU - want) < 1e-12, `top-k IoU ${m.topKIoU} vs enumeration ${want}`);
  assert.ok(m.topKIoU > 0.33 && m.topKIoU < 1, 'neither raster-order extreme');
  // Moving the tied pixels around in raster order changes nothing.
  const moved = new Float32Array(64);
  moved[box[0]] = 9;
  moved[box[1]] = 8;
  for (const p of [box[2], 10, 20, 30, 50, 60]) moved[p] = -3;
  assert.ok(Math.abs(boxMetrics(moved, mask, intensity).topKIoU - want) < 1e-12);
  // A random map with many ties (values on a coarse grid).
  const grid = Float32Array.from({ length: 64 }, (_, p) => ((p * 37) % 5) - 2);
  assert.ok(Math.abs(boxMetrics(grid, mask, intensity).topKIoU - bruteForceTopKIoU(grid, mask)) < 1e-12);
});

test('the dark decile averages over pixels tied in magnitude instead of taking the first in raster order', () => {
  // 20 pixels, decile = 2; magnitudes: 4 pixels tied darkest (0), the rest bright.
  const mag = Float32Array.from({ length: 20 }, (_, p) => (p < 4 ? 0 : 1));
  const s = Float32Array.from({ length: 20 }, (_, p) => (p < 2 ? 0 : p < 4 ? 4 : 1));
  const m = boxMetrics(s, new Uint8Array(20), mag);
  // Darkest decile: 2 of the 4 tied pixels, expected mean |S| = (0 + 0 + 4 + 4)/4 = 2; overall mean = 24/20.
  assert.ok(Math.abs(m.darkSuppressionRatio - 2 / (24 / 20)) < 1e-6, `ratio ${m.darkSuppressionRatio}`);
});

test('channel sum and histogram with fixed edges', () => {
  const map = Float32Array.from({ length: 4 * 3 }, (_, i) => (i < 3 ? 1 : -0.5));
  assert.deepEqual(Array.from(channelSum(map, 4, 3)), [3, -1.5, -1.5, -1.5]);
  const h = imageHistogram(Float32Array.from([3, -1.5, -1.5, -1.5]), Uint8Array.from([1, 0, 0, 0]));
  assert.equal(h.inside.length, HISTOGRAM_BINS);
  assert.equal(h.inside[HISTOGRAM_BINS - 1], 1, '+1 goes to the last bin');
  assert.equal(h.outside[10], 3, '−0.5 lands in the bin starting at −0.5');
});
