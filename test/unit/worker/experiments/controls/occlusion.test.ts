/**
 * Occlusion saliency (the model-agnostic control, issue 18) on a hand-built model whose answer is known:
 * logit 1 = Σ over one pixel's channels of x, logit 0 = 0. Hiding that pixel under a patch filled with
 * f drops logit 1 by 3·(x − f); any other patch drops nothing. A pixel's score is the mean drop over the
 * patches covering it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../../../src/worker/engine/tf.ts';
import type { ModelAdapter } from '../../../../../src/worker/engine/model-adapter.ts';
import { occlusionMaps, patchStarts } from '../../../../../src/worker/experiments/controls/occlusion.ts';
import { noLeak, useBackend } from '../../../../helpers/engine.ts';

/** A model of images [N, size, size, 3] whose "box" logit (index 1) is the channel sum at pixel (py, px). */
function onePixelModel(size: number, py: number, px: number): ModelAdapter & { dispose(): void } {
  const weights = new Float32Array(size * size * 3);
  weights.fill(1, (py * size + px) * 3, (py * size + px) * 3 + 3);
  const w = tf.tensor4d(weights, [1, size, size, 3]);
  return {
    inputShape: [size, size, 3],
    outputCount: 2,
    outputs: (x) =>
      tf.tidy(() => {
        const box = tf.sum(tf.mul(x, w), [1, 2, 3]);
        return tf.stack([tf.zerosLike(box), box], 1) as tf.Tensor2D;
      }),
    dispose: () => w.dispose(),
  };
}

const grid = (m: Float32Array, size: number, offset = 0) => Array.from({ length: size }, (_, y) => Array.from(m.subarray(offset + y * size, offset + (y + 1) * size)));

test('patch corners: every stride from 0, the last flush with the far edge', () => {
  assert.deepEqual(patchStarts(4, 2, 2), [0, 2]);
  assert.deepEqual(patchStarts(5, 2, 2), [0, 2, 3]);
  assert.deepEqual(patchStarts(3, 2, 1), [0, 1]);
  assert.deepEqual(patchStarts(4, 4, 1), [0]);
  assert.throws(() => patchStarts(4, 5, 1), /patch of 5 px does not fit images of 4 px/);
});

test('overlapping patches: the drop is shared out by how many patches cover each pixel', async () => {
  await useBackend('cpu');
  await noLeak(() => {
    const model = onePixelModel(3, 0, 0);
    // Two images, x = 1 and x = 2 everywhere, fill 0: the drop at (0, 0) is 3 and 6. Batches of 3 copies
    // straddle the two images (4 patches each), so an image mix-up would show.
    const x = new Float32Array(2 * 9 * 3);
    x.fill(1, 0, 27);
    x.fill(2, 27);
    const r = occlusionMaps(model, x, 2, { size: 3, patch: 2, stride: 1, fill: new Float32Array(6), target: 1, batchSize: 3 });
    model.dispose();
    assert.equal(r.forwardPasses, 2 + 2 * 4);
    // Only the patch with corner (0, 0) covers the model's pixel; (0, 1) is covered by 2 patches, (1, 1) by 4.
    assert.deepEqual(grid(r.maps, 3), [
      [3, 1.5, 0],
      [1.5, 0.75, 0],
      [0, 0, 0],
    ]);
    assert.deepEqual(grid(r.maps, 3, 9), [
      [6, 3, 0],
      [3, 1.5, 0],
      [0, 0, 0],
    ]);
  });
});

test('a patch the colour of what it hides drops nothing; a brighter one scores a negative drop', async () => {
  await useBackend('cpu');
  await noLeak(() => {
    const model = onePixelModel(4, 3, 3);
    const x = new Float32Array(16 * 3).fill(0.25);
    const same = occlusionMaps(model, x, 1, { size: 4, patch: 2, stride: 2, fill: new Float32Array([0.25, 0.25, 0.25]), target: 1 });
    assert.ok(same.maps.every((v) => v === 0));
    // Filled with 1: hiding (3, 3) raises the logit by 3 · 0.75, a negative drop, on that patch's 4 pixels only.
    const brighter = occlusionMaps(model, x, 1, { size: 4, patch: 2, stride: 2, fill: new Float32Array([1, 1, 1]), target: 1 });
    model.dispose();
    assert.deepEqual(grid(brighter.maps, 4), [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, -2.25, -2.25],
      [0, 0, -2.25, -2.25],
    ]);
  });
});

test('a cancel stops it between batches', async () => {
  await useBackend('cpu');
  await noLeak(() => {
    const model = onePixelModel(4, 0, 0);
    let batches = 0;
    assert.throws(
      () => occlusionMaps(model, new Float32Array(48), 1, { size: 4, patch: 1, stride: 1, fill: new Float32Array(3), target: 1, batchSize: 2, isCancelled: () => batches > 0, onProgress: () => batches++ }),
      /cancelled/,
    );
    model.dispose();
    assert.equal(batches, 1);
  });
});
