/**
 * The model-free control maps (issue 18): the random map repeats for its seed, image by image; the
 * constant map scores exactly chance; the input map is exactly 0 on a black box under [0, 1] inputs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constantMaps, modelFreeMaps, randomMaps } from '../../../../../src/worker/experiments/controls/control-maps.ts';
import { imageMetricsRows } from '../../../../../src/worker/analysis/image-metrics.ts';
import { boxMask } from '../../../../../src/worker/data/black-box.ts';

const SIZE = 8;
const PIXELS = SIZE * SIZE;
const BOX = { x: 2, y: 3, side: 3 };

/** A mid-grey [0, 1] image with the black box pasted, [H·W·3]. */
function greyWithBox(): Float32Array {
  const x = new Float32Array(PIXELS * 3).fill(0.5);
  const mask = boxMask(SIZE, BOX);
  for (let p = 0; p < PIXELS; p++) if (mask[p]) x.fill(0, p * 3, p * 3 + 3);
  return x;
}

test('random: the same seed gives the same map, another seed another, in [0, 1)', () => {
  const a = randomMaps([4, 9], PIXELS, 7);
  assert.equal(a.channels, 1);
  assert.deepEqual(randomMaps([4, 9], PIXELS, 7).maps, a.maps);
  assert.notDeepEqual(randomMaps([4, 9], PIXELS, 8).maps, a.maps);
  assert.ok(a.maps.every((v) => v >= 0 && v < 1));
  assert.notDeepEqual(a.maps.subarray(0, PIXELS), a.maps.subarray(PIXELS), 'each image its own draw');
});

test("random: an image's map depends on its dataset index, not on the images explained with it", () => {
  const both = randomMaps([4, 9], PIXELS, 7).maps;
  assert.deepEqual(randomMaps([9], PIXELS, 7).maps, both.subarray(PIXELS));
  assert.deepEqual(randomMaps([9, 4], PIXELS, 7).maps.subarray(0, PIXELS), both.subarray(PIXELS));
});

test('constant: box share = box area share, enrichment 1, AUROC 0.5, top-k IoU at chance, no zeros', () => {
  const x = greyWithBox();
  const c = constantMaps(1, PIXELS);
  const [row] = imageMetricsRows(c.maps, c.channels, x, [boxMask(SIZE, BOX)], [0]);
  const area = (BOX.side * BOX.side) / PIXELS;
  assert.ok(Math.abs(row.boxMassShare - area) < 1e-12);
  assert.ok(Math.abs(row.enrichment - 1) < 1e-12);
  assert.equal(row.auroc, 0.5);
  assert.equal(row.zeroFractionInBox, 0);
  // k = 9 of 64 tied pixels picked at random: E[IoU] is below the area share and above 0.
  assert.ok(row.topKIoU > 0 && row.topKIoU < area);
});

test('input: exactly 0 on the black box ([0, 1] inputs), so all its mass is outside it', () => {
  const x = greyWithBox();
  const m = modelFreeMaps('input', x, [0], SIZE, 1);
  assert.equal(m.channels, 3);
  const [row] = imageMetricsRows(m.maps, m.channels, x, [boxMask(SIZE, BOX)], [0]);
  assert.equal(row.zeroFractionInBox, 1);
  assert.equal(row.boxMassShare, 0);
});

test('edges: the box outline lights up, its flat inside and the flat grey far away do not', () => {
  const x = greyWithBox();
  const m = modelFreeMaps('edges', x, [0], SIZE, 1);
  const [row] = imageMetricsRows(m.maps, m.channels, x, [boxMask(SIZE, BOX)], [0]);
  // A 3×3 box: its centre pixel is the only one whose 3×3 neighbourhood is all black.
  assert.equal(row.zeroFractionInBox, 1 / 9);
  assert.ok(row.boxMassShare > 0 && row.enrichment > 1);
  assert.equal(m.maps[0], 0, 'the corner is far from the box');
});
