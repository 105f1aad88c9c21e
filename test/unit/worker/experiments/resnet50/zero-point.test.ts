/**
 * Experiment 3's binned numbers (issue 15, items 7 and 9): the distance bins follow the same rule as the
 * sweep's raw-value bins, a lone element in a far bin cannot be the "lowest bin", and the Fig. 3b points
 * are a stated subsample.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeroPointNumbers } from '../../../../../src/worker/experiments/resnet50/zero-point.ts';
import { rawValueBins } from '../../../../../src/worker/experiments/sweep/panel.ts';
import { binCentres, binEdges } from '../../../../../src/shared/binning.ts';
import { scatterSubsampleText } from '../../../../../src/shared/chart-options/scatter-subsample.ts';

test('distance bins and raw-value bins are one rule: unit preset, distance = raw value', () => {
  const raw = Float32Array.from({ length: 30 }, (_, i) => (i % 10) / 9);
  const map = Float32Array.from({ length: 30 }, (_, i) => (i % 7) - 3);
  const z = zeroPointNumbers(raw, map, 1, 'unit', 5, 1);
  const s = rawValueBins(raw, map, 5, 1);
  assert.deepEqual(z.bins, binCentres(5));
  assert.deepEqual(z.binEdges, binEdges(5));
  assert.deepEqual(z.bins, s.centres);
  assert.deepEqual(z.counts, s.counts);
  assert.deepEqual(z.meanAbsS, s.meanAbsS);
  assert.equal(z.lowestBin, s.lowestBin);
});

test('a far bin of one element is binned but is not the lowest bin; empty bins are null', () => {
  // One 2×2 image, unit preset: eleven elements at distance 0.05 with |S| = 1, one at 0.95 with |S| = 0.
  const raw = new Float32Array(12).fill(0.05);
  raw[11] = 0.95;
  const map = new Float32Array(12).fill(1);
  map[11] = 0;
  const noMinimum = zeroPointNumbers(raw, map, 1, 'unit', 10, 1);
  assert.equal(noMinimum.lowestBin, 0.95, 'the old rule: the lone element decides');
  const z = zeroPointNumbers(raw, map, 1, 'unit', 10, 2);
  assert.equal(z.lowestBin, 0.05);
  assert.deepEqual(z.counts, [11, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(z.meanAbsS, [1, null, null, null, null, null, null, null, null, 0]);
});

test('the scatter says when it is a subsample', () => {
  assert.equal(scatterSubsampleText(1476, 50176), 'subsample: 1,476 of 50,176 pixels (1 in 34, on a fixed stride)');
  assert.equal(scatterSubsampleText(64, 64), 'all 64 pixels');
});
