/** Sobel edge magnitude (the `edges` control, issue 18) on images whose edges are known by hand. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sobelMagnitude } from '../../../../../src/worker/experiments/controls/sobel.ts';

/** A one-channel image from rows. */
const image = (rows: number[][]) => Float32Array.from(rows.flat());

test('a vertical step from 0 to 1: magnitude 4 on the two columns beside it, 0 elsewhere, top and bottom rows included', () => {
  const m = sobelMagnitude(image(Array.from({ length: 6 }, () => [0, 0, 0, 1, 1, 1])), 1, 6, 1);
  for (let y = 0; y < 6; y++) assert.deepEqual(Array.from(m.subarray(y * 6, y * 6 + 6)), [0, 0, 4, 4, 0, 0], `row ${y}`);
});

test('a flat image has no edges, not even at its frame (the border is replicated)', () => {
  const m = sobelMagnitude(new Float32Array(4 * 4 * 3).fill(0.7), 1, 4, 3);
  assert.ok(m.every((v) => v === 0));
});

test('one bright pixel: 0 on it, 2 beside it, √2 on its diagonals; channels and images apart', () => {
  const one = new Float32Array(5 * 5);
  one[2 * 5 + 2] = 1;
  // Two images of 2 channels: the pixel in channel 1 of image 1 only.
  const x = new Float32Array(2 * 25 * 2);
  for (let p = 0; p < 25; p++) x[25 * 2 + p * 2 + 1] = one[p];
  const m = sobelMagnitude(x, 2, 5, 2);
  const at = (n: number, y: number, xx: number, c: number) => m[n * 50 + (y * 5 + xx) * 2 + c];
  assert.equal(at(1, 2, 2, 1), 0);
  for (const [y, xx] of [[2, 1], [2, 3], [1, 2], [3, 2]]) assert.equal(at(1, y, xx, 1), 2);
  for (const [y, xx] of [[1, 1], [1, 3], [3, 1], [3, 3]]) assert.ok(Math.abs(at(1, y, xx, 1) - Math.SQRT2) < 1e-6);
  assert.ok(m.subarray(0, 50).every((v) => v === 0), 'image 0 is flat');
  for (let p = 0; p < 25; p++) assert.equal(m[50 + p * 2], 0, 'channel 0 of image 1 is flat');
});
