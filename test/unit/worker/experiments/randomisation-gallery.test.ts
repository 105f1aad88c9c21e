/** The randomisation gallery's small copies: block means, the scale that keeps maps at 32 px at most, the box on the small grid. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockMean, galleryBox, galleryScale } from '../../../../src/worker/experiments/randomisation/gallery.ts';

test('galleryScale: 32 px and below kept as they are, 64 → 32, 128 → 32', () => {
  assert.deepEqual(galleryScale(32), { factor: 1, side: 32 });
  assert.deepEqual(galleryScale(64), { factor: 2, side: 32 });
  assert.deepEqual(galleryScale(128), { factor: 4, side: 32 });
  assert.deepEqual(galleryScale(16), { factor: 1, side: 16 });
});

test('blockMean: the mean of each block, channel by channel, from an offset', () => {
  const one = Float32Array.from({ length: 16 }, (_, i) => i); // 4 × 4, one channel
  assert.deepEqual([...blockMean(one, 4, 1, 2)], [2.5, 4.5, 10.5, 12.5]);
  assert.deepEqual([...blockMean(one, 4, 1, 1)], [...one]);
  const rgb = Float32Array.from({ length: 100 + 2 * 2 * 3 }, (_, i) => (i < 100 ? -1 : i - 100)); // a 2 × 2 RGB image after 100 values
  assert.deepEqual([...blockMean(rgb, 2, 3, 2, 100)], [4.5, 5.5, 6.5]);
});

test('galleryBox: the cells the box touches, as a square', () => {
  assert.deepEqual(galleryBox({ x: 4, y: 6, side: 8 }, 2), { x: 2, y: 3, side: 4 });
  assert.deepEqual(galleryBox({ x: 3, y: 4, side: 10 }, 2), { x: 1, y: 2, side: 6 });
  assert.deepEqual(galleryBox({ x: 3, y: 4, side: 10 }, 1), { x: 3, y: 4, side: 10 });
  assert.equal(galleryBox(null, 2), null);
});
