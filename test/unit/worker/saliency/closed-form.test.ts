/** Closed-form cases worked out by hand (METHODS.md, notes/engine.md). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf, tfl } from '../../../../src/worker/engine/tf.ts';
import { layersModelAdapter } from '../../../../src/worker/engine/layers-model-adapter.ts';
import { explain } from '../../../../src/worker/saliency/explain.ts';
import { DEFAULT_SALIENCY_OPTIONS, type MethodId } from '../../../../src/shared/saliency.ts';
import { descendingPosition, roundHalfEven } from '../../../../src/worker/saliency/percentile.ts';
import { handNet } from '../../../helpers/tiny-models.ts';
import { noLeak, useBackend } from '../../../helpers/engine.ts';

const opts = (o: Partial<typeof DEFAULT_SALIENCY_OPTIONS> = {}) => ({ ...DEFAULT_SALIENCY_OPTIONS, ...o });

for (const backend of ['cpu', 'wasm'] as const) {
  test(`[${backend}] two-unit ReLU net: which units pass at given q`, async () => {
    await useBackend(backend);
    await noLeak(async () => {
      const adapter = layersModelAdapter(handNet());
      const x = new Float32Array([1, 2]);
      const run = (method: MethodId, q: number) => Array.from(explain(adapter, x, [1, 2], { method, options: opts({ q }), target: 0 }).map);
      // z = [3, 1, 0], a = [3, 1, 0], R = W2 = [1, −2, 5], a·R = [3, −2, 0].
      assert.deepEqual(run('gradient', 98), [3, -1], 'plain gradient: units 0 and 1 active');
      // q = 50: τ = 0 (descending [3, 0, −2], index 1); only unit 0 has a·R > 0.
      assert.deepEqual(run('nobias-rectgrad', 50), [1, 1]);
      assert.deepEqual(run('rectgrad', 50), [1, 2], 'rectgrad = x ⊙ nobias');
      // q = 0: τ = −2 (the minimum); strict >, so unit 1 (a·R = −2) is cut, and the *inactive* unit 2
      // (a·R = 0 > −2) passes: no separate 1(z > 0) factor. R_in = [1, 0, 5] → W1·R_in = [11, −4].
      assert.deepEqual(run('nobias-rectgrad', 0), [11, -4]);
      // q = 100: τ = 3, nothing is strictly above it.
      assert.deepEqual(run('nobias-rectgrad', 100), [0, 0]);
      // Guided: R_in = 1(z > 0)·max(R, 0) = [1, 0, 0].
      assert.deepEqual(run('guided-backprop', 98), [1, 1]);
      adapter.dispose?.();
    });
  });

  test(`[${backend}] one-layer linear model: gradient = w, × input, integrated gradients exact`, async () => {
    await useBackend(backend);
    await noLeak(async () => {
      const m = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 2 })] });
      const w = tf.tensor2d([[2, -1], [0.5, 3], [-4, 1]]);
      const b = tf.tensor1d([0.25, -0.5]);
      m.layers[0].setWeights([w, b]);
      tf.dispose([w, b]);
      const adapter = layersModelAdapter(m);
      const x = new Float32Array([1, -2, 0.5]);
      const grad = explain(adapter, x, [1, 3], { method: 'gradient', options: opts(), target: 1 });
      assert.deepEqual(Array.from(grad.map), [-1, 3, 1]);
      assert.deepEqual(Array.from(grad.pair), [-1, -6, 0.5]);
      const ig = explain(adapter, x, [1, 3], { method: 'integrated-gradients', options: opts({ steps: 7 }), target: 1 });
      assert.deepEqual(Array.from(ig.map), [-1, -6, 0.5], 'IG of a linear model is exactly x ⊙ w');
      // No ReLU: Rectified Gradient has nothing to rectify and equals the gradient.
      const rg = explain(adapter, x, [1, 3], { method: 'nobias-rectgrad', options: opts(), target: 1 });
      assert.deepEqual(Array.from(rg.map), [-1, 3, 1]);
      adapter.dispose?.();
    });
  });

  test(`[${backend}] padding trick zeroes the border of the gradient at 'same' convs only`, async () => {
    await useBackend(backend);
    await noLeak(async () => {
      for (const padding of ['same', 'valid'] as const) {
        const m = tfl.sequential({
          layers: [
            tfl.layers.conv2d({ inputShape: [5, 5, 1], filters: 1, kernelSize: 1, padding, useBias: false, kernelInitializer: 'ones' }),
            tfl.layers.flatten(),
            tfl.layers.dense({ units: 1, useBias: false, kernelInitializer: 'ones' }),
          ],
        });
        const adapter = layersModelAdapter(m);
        const x = new Float32Array(25).fill(1);
        const on = explain(adapter, x, [1, 5, 5, 1], { method: 'nobias-rectgrad', options: opts({ paddingTrick: true }), target: 0 }).map;
        const off = explain(adapter, x, [1, 5, 5, 1], { method: 'nobias-rectgrad', options: opts({ paddingTrick: false }), target: 0 }).map;
        assert.deepEqual(Array.from(off), new Array(25).fill(1));
        const border = (i: number) => i % 5 === 0 || i % 5 === 4 || i < 5 || i >= 20;
        const expected = Array.from({ length: 25 }, (_, i) => (padding === 'same' && border(i) ? 0 : 1));
        assert.deepEqual(Array.from(on), expected, `padding ${padding}`);
        adapter.dispose?.();
      }
    });
  });
}

test('percentile index: descending, round half to even', () => {
  assert.equal(roundHalfEven(2.5), 2);
  assert.equal(roundHalfEven(3.5), 4);
  assert.equal(roundHalfEven(1.4999), 1);
  assert.equal(roundHalfEven(descendingPosition(6, 50)), 2); // (6 − 1)·0.5 = 2.5 → 2
  assert.equal(roundHalfEven(descendingPosition(4, 50)), 2); // 1.5 → 2
  assert.equal(roundHalfEven(descendingPosition(101, 98)), 2); // 100·0.02 = 2
  assert.equal(roundHalfEven(descendingPosition(3, 50)), 1);
});

test('linear percentile interpolates between neighbours; nearest picks one', async () => {
  await useBackend('wasm');
  await noLeak(async () => {
    const { rowPercentile } = await import('../../../../src/worker/saliency/percentile.ts');
    const rows = tf.tensor2d([[5, 1, 4, 2, 3], [10, 20, 30, 40, 50]]);
    // d = 5, q = 30: descending position 4·0.7 = 2.8 → nearest index 3; linear between indices 2 and 3.
    const near = rowPercentile(rows, 30, 'nearest');
    const lin = rowPercentile(rows, 30, 'linear');
    assert.deepEqual(Array.from(near.dataSync()), [2, 20]);
    const l = Array.from(lin.dataSync());
    assert.ok(Math.abs(l[0] - 2.2) < 1e-6 && Math.abs(l[1] - 22) < 1e-5, `linear ${l}`);
    // A q near 0 takes the other top-k path (the smallest values).
    const low = rowPercentile(rows, 10, 'nearest'); // position 3.6 → index 4: the minimum
    assert.deepEqual(Array.from(low.dataSync()), [1, 10]);
    tf.dispose([rows, near, lin, low]);
  });
});
