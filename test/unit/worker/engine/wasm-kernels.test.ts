/**
 * Our wasm kernels against the cpu backend (and, for max-pooling, a brute-force reference) on a table
 * of shapes: strides 1–3; 'same', 'valid' and explicit padding; odd sizes; kernels 1×1 to 7×7;
 * all-zero and tied windows; batch 1 and 32. Relative error ≤ 1e-4.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf, tfl } from '../../../../src/worker/engine/tf.ts';
import type { Tensor } from '../../../../src/worker/engine/tf.ts';
import { withInputGradientOnly } from '../../../../src/worker/engine/input-gradient-scope.ts';
import { assertClose, noLeak, seededArray, useBackend } from '../../../helpers/engine.ts';
import { kitchenSinkModel } from '../../../helpers/tiny-models.ts';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
const explicit = (t: number, b: number, l: number, r: number): Pad => [[0, 0], [t, b], [l, r], [0, 0]];

const convCases: Array<{ n: number; h: number; w: number; ci: number; co: number; k: number; s: number; pad: Pad }> = [
  { n: 1, h: 7, w: 7, ci: 3, co: 4, k: 1, s: 1, pad: 'same' },
  { n: 2, h: 9, w: 11, ci: 3, co: 5, k: 3, s: 1, pad: 'same' },
  { n: 2, h: 9, w: 9, ci: 4, co: 3, k: 3, s: 2, pad: 'same' },
  { n: 1, h: 10, w: 13, ci: 2, co: 3, k: 3, s: 3, pad: 'valid' },
  { n: 2, h: 11, w: 11, ci: 3, co: 4, k: 5, s: 2, pad: 'valid' },
  { n: 1, h: 15, w: 15, ci: 3, co: 6, k: 7, s: 2, pad: 'same' },
  { n: 1, h: 8, w: 9, ci: 2, co: 2, k: 3, s: 1, pad: explicit(1, 2, 0, 1) },
  { n: 1, h: 12, w: 12, ci: 3, co: 8, k: 7, s: 2, pad: explicit(3, 3, 3, 3) },
  { n: 32, h: 16, w: 16, ci: 8, co: 16, k: 3, s: 1, pad: 'same' },
  // ci < co at stride 1 takes the swapped-roles filter gradient; these cover its padding arithmetic.
  { n: 2, h: 8, w: 9, ci: 2, co: 5, k: 3, s: 1, pad: explicit(1, 2, 0, 1) },
  { n: 3, h: 10, w: 7, ci: 3, co: 6, k: 3, s: 1, pad: 'valid' },
  { n: 2, h: 9, w: 9, ci: 3, co: 8, k: 5, s: 1, pad: 'same' },
  { n: 32, h: 9, w: 9, ci: 4, co: 4, k: 2, s: 2, pad: 'valid' },
  // dx with ≤ 4 channels goes through columns (col2im); with more, through polyphase convs: both paths
  // at strides 1–3, 1×1 included (stride-1 dx is the conv output itself, stride 2 scatters one phase).
  { n: 2, h: 9, w: 9, ci: 6, co: 5, k: 3, s: 2, pad: 'same' },
  { n: 1, h: 15, w: 15, ci: 8, co: 6, k: 7, s: 2, pad: explicit(3, 3, 3, 3) },
  { n: 2, h: 10, w: 10, ci: 6, co: 4, k: 1, s: 2, pad: 'valid' },
  { n: 1, h: 10, w: 13, ci: 5, co: 3, k: 3, s: 3, pad: 'valid' },
  { n: 2, h: 7, w: 6, ci: 7, co: 9, k: 1, s: 1, pad: 'same' },
  { n: 2, h: 16, w: 16, ci: 3, co: 12, k: 7, s: 2, pad: explicit(3, 3, 3, 3) },
  { n: 1, h: 9, w: 8, ci: 1, co: 4, k: 3, s: 1, pad: 'same' },
  // k·k·ci < co takes the matmul (im2col) filter gradient, as the classifier's first layer (3×3, 3 → 32):
  // its padding, strides and the rows that fall outside the input.
  { n: 4, h: 16, w: 16, ci: 3, co: 32, k: 3, s: 1, pad: 'same' },
  { n: 2, h: 11, w: 9, ci: 1, co: 16, k: 3, s: 2, pad: 'same' },
  { n: 2, h: 10, w: 12, ci: 2, co: 24, k: 3, s: 1, pad: explicit(2, 0, 1, 2) },
  { n: 3, h: 13, w: 13, ci: 3, co: 32, k: 3, s: 2, pad: 'valid' },
];

async function convGrads(backend: 'wasm' | 'cpu', c: (typeof convCases)[number]): Promise<[Float32Array, Float32Array]> {
  await useBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor4d(seededArray(c.n * c.h * c.w * c.ci, 1), [c.n, c.h, c.w, c.ci]);
    const f = tf.tensor4d(seededArray(c.k * c.k * c.ci * c.co, 2), [c.k, c.k, c.ci, c.co]);
    const probe = (y: Tensor) => tf.sum(tf.mul(y, tf.tensor(seededArray(y.size, 3), y.shape)));
    const [gx, gf] = tf.grads((a: Tensor, b: Tensor) => probe(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad)))([x, f]);
    return [gx.dataSync() as Float32Array, gf.dataSync() as Float32Array] as [Float32Array, Float32Array];
  });
}

for (const c of convCases) {
  const label = `n${c.n} ${c.h}×${c.w}×${c.ci}→${c.co} k${c.k} s${c.s} pad ${JSON.stringify(c.pad)}`;
  test(`Conv2DBackpropInput / Conv2DBackpropFilter: ${label}`, async () => {
    await useBackend('wasm');
    const wasm = await noLeak(() => convGrads('wasm', c));
    const cpu = await convGrads('cpu', c);
    assertClose(wasm[0], cpu[0], 1e-4, 'dx');
    assertClose(wasm[1], cpu[1], 1e-4, 'dW');
  });
}

test('inside an input-gradient-only scope the filter gradient is skipped (zeros)', async () => {
  await useBackend('wasm');
  const c = convCases[1];
  const f = tf.tensor4d(seededArray(c.k * c.k * c.ci * c.co, 2), [c.k, c.k, c.ci, c.co]);
  const x = tf.tensor4d(seededArray(c.n * c.h * c.w * c.ci, 1), [c.n, c.h, c.w, c.ci]);
  const gf = withInputGradientOnly(() => tf.grad((b: Tensor) => tf.sum(tf.conv2d(x, b as tf.Tensor4D, 1, 'same')))(f));
  assert.ok((gf.dataSync() as Float32Array).every((v) => v === 0));
  tf.dispose([f, x, gf]);
});

test('inside an input-gradient-only scope (cached filter transforms) dx is the same, call after call', async () => {
  await useBackend('wasm');
  for (const c of convCases) {
    const f = tf.tensor4d(seededArray(c.k * c.k * c.ci * c.co, 2), [c.k, c.k, c.ci, c.co]);
    const x = tf.tensor4d(seededArray(c.n * c.h * c.w * c.ci, 1), [c.n, c.h, c.w, c.ci]);
    const dx = () => tf.grad((a: Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, f, c.s, c.pad)))(x);
    const plain = dx();
    const [first, second] = withInputGradientOnly(() => [dx(), dx()]);
    assert.deepEqual(first.dataSync(), plain.dataSync());
    assert.deepEqual(second.dataSync(), plain.dataSync());
    tf.dispose([f, x, plain, first, second]);
  }
});

test('sparse dy (RectGrad: ~2% nonzeros) inside an input-gradient-only scope: dx matches cpu on every case', async () => {
  for (const c of convCases) {
    const results: Float32Array[] = [];
    for (const backend of ['wasm', 'cpu'] as const) {
      await useBackend(backend);
      results.push(
        await noLeak(() =>
          tf.tidy(() => {
            const x = tf.tensor4d(seededArray(c.n * c.h * c.w * c.ci, 1), [c.n, c.h, c.w, c.ci]);
            const f = tf.tensor4d(seededArray(c.k * c.k * c.ci * c.co, 2), [c.k, c.k, c.ci, c.co]);
            const probe = (y: Tensor) => {
              const keep = seededArray(y.size, 4, 0, 1).map((u, i) => (u < 0.03 ? seededArray(1, i + 5)[0] : 0));
              return tf.sum(tf.mul(y, tf.tensor(keep, y.shape)));
            };
            return withInputGradientOnly(() => tf.grad((a: Tensor) => probe(tf.conv2d(a as tf.Tensor4D, f, c.s, c.pad)))(x).dataSync() as Float32Array);
          }),
        ),
      );
    }
    assertClose(results[0], results[1], 1e-4, `sparse dx n${c.n} ${c.h}×${c.w}×${c.ci}→${c.co} k${c.k} s${c.s}`);
  }
});

test('sparse dy with a non-finite filter takes the dense path (0·∞ gives the same NaNs as without sparsity)', async () => {
  await useBackend('wasm');
  const w = seededArray(3 * 3 * 6 * 5, 2);
  w[7] = Infinity;
  const dx = (scope: boolean) =>
    tf.tidy(() => {
      const x = tf.tensor4d(seededArray(2 * 6 * 6 * 6, 1), [2, 6, 6, 6]);
      const f = tf.tensor4d(w, [3, 3, 6, 5]);
      const dy = new Float32Array(2 * 6 * 6 * 5);
      dy[17] = 1;
      const g = () => tf.grad((a: Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, f, 1, 'same'), tf.tensor(dy, [2, 6, 6, 5]))))(x);
      return (scope ? withInputGradientOnly(g) : g()).dataSync() as Float32Array;
    });
  const dense = dx(false);
  const scoped = dx(true);
  assert.ok(dense.some(Number.isNaN));
  assert.deepEqual(Array.from(scoped, Number.isNaN), Array.from(dense, Number.isNaN));
});

/** Brute force: the gradient goes to the first maximum of each window in row-major order. */
function maxPoolGradReference(x: Float32Array, shape: number[], dy: Float32Array, k: number, s: number, padTop: number, padLeft: number, oh: number, ow: number): Float32Array {
  const [n, h, w, c] = shape;
  const dx = new Float32Array(x.length);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let ch = 0; ch < c; ch++) {
          let best = -Infinity;
          let at = -1;
          for (let u = 0; u < k; u++)
            for (let v = 0; v < k; v++) {
              const y = i * s - padTop + u;
              const xx = j * s - padLeft + v;
              if (y < 0 || y >= h || xx < 0 || xx >= w) continue;
              const idx = ((b * h + y) * w + xx) * c + ch;
              if (x[idx] > best) {
                best = x[idx];
                at = idx;
              }
            }
          dx[at] += dy[((b * oh + i) * ow + j) * c + ch];
        }
  return dx;
}

const poolCases: Array<{ n: number; h: number; c: number; k: number; s: number; pad: 'same' | 'valid'; fill: 'random' | 'zeros' | 'ties' | 'negative' | 'nan' }> = [
  { n: 1, h: 8, c: 3, k: 2, s: 2, pad: 'valid', fill: 'random' },
  { n: 2, h: 9, c: 2, k: 3, s: 2, pad: 'same', fill: 'random' },
  { n: 1, h: 7, c: 4, k: 3, s: 1, pad: 'same', fill: 'zeros' },
  { n: 2, h: 8, c: 3, k: 2, s: 2, pad: 'valid', fill: 'ties' },
  { n: 1, h: 11, c: 2, k: 3, s: 3, pad: 'valid', fill: 'negative' },
  { n: 32, h: 16, c: 8, k: 2, s: 2, pad: 'valid', fill: 'random' },
  { n: 2, h: 8, c: 5, k: 2, s: 2, pad: 'same', fill: 'zeros' },
  { n: 1, h: 9, c: 3, k: 2, s: 2, pad: 'valid', fill: 'negative' },
  { n: 2, h: 6, c: 4, k: 2, s: 2, pad: 'valid', fill: 'ties' },
  // 2×2 tiles with channels a multiple of 4 take the SIMD kernel (max-pool-2x2-simd.ts): every fill.
  { n: 2, h: 8, c: 8, k: 2, s: 2, pad: 'valid', fill: 'zeros' },
  { n: 1, h: 10, c: 12, k: 2, s: 2, pad: 'valid', fill: 'negative' },
  { n: 3, h: 12, c: 16, k: 2, s: 2, pad: 'valid', fill: 'ties' },
  { n: 2, h: 6, c: 4, k: 2, s: 2, pad: 'same', fill: 'random' },
  { n: 2, h: 8, c: 8, k: 2, s: 2, pad: 'valid', fill: 'nan' },
];

for (const p of poolCases) {
  test(`MaxPoolGrad: n${p.n} ${p.h}×${p.h}×${p.c} k${p.k} s${p.s} ${p.pad} (${p.fill} values)`, async () => {
    const size = p.n * p.h * p.h * p.c;
    let xs = seededArray(size, 8);
    if (p.fill === 'zeros') xs = new Float32Array(size); // every dead window after a ReLU
    if (p.fill === 'ties') xs = xs.map((v) => Math.round(v * 2) / 2); // many equal maxima
    if (p.fill === 'negative') xs = xs.map((v) => -Math.abs(v) - 0.1);
    // NaNs, -Infinity and whole windows of them (the first 2×2 window of every channel): neither is ever the maximum.
    if (p.fill === 'nan') xs = xs.map((v, i) => (i % 7 === 0 ? Number.NaN : i % 11 === 0 ? -Infinity : v)).map((v, i) => (Math.floor(i / p.c) % (p.h * p.h) < 2 || Math.floor(i / p.c) % (p.h * p.h) === p.h || Math.floor(i / p.c) % (p.h * p.h) === p.h + 1 ? Number.NaN : v));
    const shape = [p.n, p.h, p.h, p.c];
    const results: Record<string, Float32Array> = {};
    let geometry: { oh: number; ow: number; top: number; left: number } | null = null;
    for (const backend of ['wasm', 'cpu'] as const) {
      await useBackend(backend);
      results[backend] = await noLeak(() =>
        tf.tidy(() => {
          const x = tf.tensor4d(xs, shape as [number, number, number, number]);
          const info = tf.backend_util.computePool2DInfo(shape as [number, number, number, number], p.k, p.s, 1, p.pad);
          geometry = { oh: info.outHeight, ow: info.outWidth, top: info.padInfo.top, left: info.padInfo.left };
          const dy = tf.tensor(seededArray(p.n * info.outHeight * info.outWidth * p.c, 9), [p.n, info.outHeight, info.outWidth, p.c]);
          return tf.grad((a: Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, p.k, p.s, p.pad), dy)))(x).dataSync() as Float32Array;
        }),
      );
    }
    const g = geometry!;
    const dyRef = seededArray(p.n * g.oh * g.ow * p.c, 9);
    const ref = maxPoolGradReference(xs, shape, dyRef, p.k, p.s, g.top, g.left, g.oh, g.ow);
    if (p.fill === 'nan') {
      // Exact, NaN for NaN: each input takes one window's gradient or 0 (cpu's own NaN handling is not the subject here).
      assert.deepEqual(Array.from(results.wasm), Array.from(ref));
      return;
    }
    assertClose(results.wasm, ref, 1e-6, 'wasm vs brute force');
    assertClose(results.cpu, ref, 1e-6, 'cpu vs brute force');
  });
}

test('a training step (BN in training mode, residual, transpose conv) has the same gradients on wasm and cpu', async () => {
  const grads: Record<string, Float32Array[]> = {};
  for (const backend of ['wasm', 'cpu'] as const) {
    await useBackend(backend);
    const model = kitchenSinkModel();
    const x = tf.tensor4d(seededArray(4 * 9 * 9 * 3, 12, 0, 1), [4, 9, 9, 3]);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3));
    const { value, grads: g } = tf.variableGrads(() => {
      const out = model.apply(x, { training: true }) as Tensor;
      return tf.mean(tfl.metrics.categoricalCrossentropy(y, out)) as tf.Scalar;
    });
    // Variable names carry a per-process counter, so match gradients to weights by model order.
    grads[backend] = model.trainableWeights.map((w) => g[(w.read() as tf.Variable).name].dataSync() as Float32Array);
    tf.dispose([value, x, y, ...Object.values(g)]);
    model.dispose();
  }
  assert.equal(grads.wasm.length, grads.cpu.length);
  // The bias of a conv followed by training-mode batch norm has a zero gradient in exact arithmetic
  // (BN subtracts the batch mean), so what remains is rounding noise: judge every weight against the
  // largest gradient of the step rather than its own.
  const scale = Math.max(...grads.cpu.map((g) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
  grads.wasm.forEach((g, i) => {
    const diff = g.reduce((m, v, j) => Math.max(m, Math.abs(v - grads.cpu[i][j])), 0);
    assert.ok(diff / scale <= 1e-4, `weight gradient ${i}: error ${(diff / scale).toExponential(2)} of the largest gradient`);
  });
});

test('Sum over leading axes (bias gradients) and other reductions match cpu', async () => {
  for (const [shape, axis, keepDims] of [
    [[32, 16, 16, 8], [0, 1, 2], false],
    [[32, 64, 64, 32], [0, 1, 2], false], // the classifier's first bias gradient: 131 072 rows
    [[4, 7, 5], [0, 1], true],
    [[6, 9], 0, false],
    [[4, 7, 5], [1, 2], false],
    [[4, 7, 5], -1, false],
  ] as Array<[number[], number | number[], boolean]>) {
    const values = seededArray(shape.reduce((a, b) => a * b, 1), 21);
    const results: Float32Array[] = [];
    for (const backend of ['wasm', 'cpu'] as const) {
      await useBackend(backend);
      results.push(tf.tidy(() => tf.sum(tf.tensor(values, shape), axis, keepDims).dataSync() as Float32Array));
    }
    assertClose(results[0], results[1], 1e-5, `sum ${JSON.stringify(shape)} over ${JSON.stringify(axis)}`);
  }
});
