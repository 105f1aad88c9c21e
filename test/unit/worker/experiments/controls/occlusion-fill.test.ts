/** The occlusion patch's fill (issue 18): chosen in raw [0, 1] units, then put through the run's preprocessing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { occlusionFillColours } from '../../../../../src/worker/experiments/controls/occlusion-fill.ts';

/** Two 2×2 uint8 images: image 0 half black, half (255, 51, 0); image 1 all (102, 102, 102). */
const pixels = Uint8Array.from([
  ...[0, 0, 0, 0, 0, 0, 255, 51, 0, 255, 51, 0],
  ...[102, 102, 102, 102, 102, 102, 102, 102, 102, 102, 102, 102],
]);

const close = (a: ArrayLike<number>, b: number[]) => assert.ok(Array.from(a).every((v, i) => Math.abs(v - b[i]) < 1e-6), `${Array.from(a)} ≠ ${b}`);

test("mean: each image's own mean colour, black box included, in raw units under [0, 1] inputs", () => {
  close(occlusionFillColours(pixels, [0, 1], 2, 'mean', 'unit'), [0.5, 0.1, 0, 0.4, 0.4, 0.4]);
  close(occlusionFillColours(pixels, [1], 2, 'mean', 'unit'), [0.4, 0.4, 0.4]);
});

test('a grey level, then the run preprocessing: grey 0.5 is the zero point of centred inputs', () => {
  close(occlusionFillColours(pixels, [0, 1], 2, 0.5, 'centred'), [0, 0, 0, 0, 0, 0]);
  close(occlusionFillColours(pixels, [0], 2, 'mean', 'centred'), [0, -0.4, -0.5]);
  close(occlusionFillColours(pixels, [0], 2, 0.2, 'unit'), [0.2, 0.2, 0.2]);
});
