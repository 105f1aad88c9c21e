/**
 * The one binning rule for "mean |S| by input value" (issue 15, item 7): edges, the bin of a value,
 * counts, mean |S| per bin (null when empty) and the lowest bin among bins with enough elements.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MeanAbsBins, binCentres, binEdges, binIndex, edgesFromCentres, lowestBinIndex } from '../../../src/shared/binning.ts';

test('B equal bins of [0, 1], half-open, the last closed at 1; out-of-range values go to the end bins', () => {
  assert.deepEqual(binEdges(4), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(binCentres(4), [0.125, 0.375, 0.625, 0.875]);
  assert.deepEqual([0, 0.2499, 0.25, 0.5, 0.99, 1].map((v) => binIndex(v, 4)), [0, 0, 1, 2, 3, 3]);
  assert.equal(binIndex(-0.1, 4), 0);
  assert.equal(binIndex(1.7, 4), 3);
  assert.equal(binCentres(11)[5], 0.5, 'an odd count puts mid-grey at a centre');
  assert.equal(binIndex(127 / 255, 11), 5);
  assert.equal(binIndex(128 / 255, 11), 5);
  assert.throws(() => binEdges(0), /bins/);
});

test('counts and mean |S| per bin; an empty bin is null, never 0', () => {
  const b = new MeanAbsBins(4);
  for (const [v, s] of [[0.1, 2], [0.2, -4], [0.9, 1]] as const) b.add(v, s);
  const r = b.result();
  assert.deepEqual(r.counts, [2, 0, 0, 1]);
  assert.deepEqual(r.meanAbsS, [3, null, null, 1]);
  assert.equal(r.meanAbsSAll, 7 / 3);
  assert.deepEqual(r.edges, binEdges(4));
  assert.ok(Number.isNaN(new MeanAbsBins(3).result().meanAbsSAll));
});

test('the lowest bin needs the minimum count: a bin of one element cannot decide it', () => {
  // The counts: the sixth bin holds one pixel-channel with a level near 0.
  const counts = [14615, 12308, 8600, 8688, 4940, 1, 0, 0, 0, 0];
  const levels = [0.2, 0.5, 0.9, 1.2, 1.5, 0.001, null, null, null, null];
  assert.equal(lowestBinIndex(levels, counts, 1), 5);
  assert.equal(lowestBinIndex(levels, counts, 100), 0);
  assert.equal(lowestBinIndex(levels, counts, 20000), null, 'no bin big enough');
  assert.equal(lowestBinIndex([null, NaN], [5, 5], 1), null, 'null and NaN levels take no part');
});

test('edges from centres: exact for this rule and for the older centred-at-0…1 sweep files', () => {
  assert.deepEqual(edgesFromCentres(binCentres(4)), binEdges(4));
  assert.deepEqual(edgesFromCentres([0, 0.25, 0.5, 0.75, 1]), [0, 0.125, 0.375, 0.625, 0.875, 1]);
  assert.deepEqual(edgesFromCentres([0.5]), [0, 1]);
});
