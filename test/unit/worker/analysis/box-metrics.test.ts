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

test('an all-zero map has undefined share and no pointing hit', () => {
  const m = boxMetrics(new Float32Array(64), mask, intensity);
  assert.ok(Number.isNaN(m.boxMassShare));
  assert.equal(m.pointingGame, 0);
  assert.equal(m.zeroFractionInBox, 1);
});

test('channel sum and histogram with fixed edges', () => {
  const map = Float32Array.from({ length: 4 * 3 }, (_, i) => (i < 3 ? 1 : -0.5));
  assert.deepEqual(Array.from(channelSum(map, 4, 3)), [3, -1.5, -1.5, -1.5]);
  const h = imageHistogram(Float32Array.from([3, -1.5, -1.5, -1.5]), Uint8Array.from([1, 0, 0, 0]));
  assert.equal(h.inside.length, HISTOGRAM_BINS);
  assert.equal(h.inside[HISTOGRAM_BINS - 1], 1, '+1 goes to the last bin');
  assert.equal(h.outside[10], 3, '−0.5 lands in the bin starting at −0.5');
});
