/**
 * RectGrad's percentile threshold on wasm goes through the SblKthLargest selection kernel; on cpu it is
 * top-k. An order statistic is an input value, so the two must agree exactly, on a table of row lengths
 * (short rows are sorted, long ones bracketed from a sample), distributions (mostly zeros as after a
 * ReLU mask, ties, skew, constants, ±Infinity, NaN), q and both interpolations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../../src/worker/engine/tf.ts';
import type { Tensor2D } from '../../../../src/worker/engine/tf.ts';
import { rowPercentile } from '../../../../src/worker/saliency/percentile.ts';
import { KTH_LARGEST } from '../../../../src/worker/engine/kernels/kth-largest.ts';
import { noLeak, seededArray, useBackend } from '../../../helpers/engine.ts';
import type { PercentileInterpolation } from '../../../../src/shared/saliency.ts';

type Fill = 'uniform' | 'relu-masked' | 'sparse-tail' | 'channels' | 'ties' | 'skewed' | 'constant' | 'infinities' | 'nan' | 'sorted';

function values(n: number, d: number, fill: Fill, seed: number): Float32Array {
  const u = seededArray(n * d, seed);
  const v = seededArray(n * d, seed + 100, 0, 1);
  switch (fill) {
    case 'uniform':
      return u;
    case 'relu-masked': // a·R after a ReLU: ~75% exact zeros (some −0), a positive and a negative tail
      return u.map((x, i) => (v[i] < 0.5 ? 0 : v[i] < 0.75 ? -0 : x * x * x * 10));
    case 'sparse-tail': // ~2% nonzero: the 98th percentile sits at the edge of the zeros
      return u.map((x, i) => (v[i] < 0.98 ? 0 : Math.abs(x) + 1e-3));
    case 'channels': // NHWC with 32 channels, one of them dead: a strided sample would read one channel
      return u.map((x, i) => (i % 32 === 0 ? 0 : i % 32 === 1 ? x * 100 : x));
    case 'ties':
      return u.map((x) => Math.round(x * 3) / 3);
    case 'skewed':
      return u.map((x, i) => (v[i] < 0.99 ? x * 1e-3 : x * 1e3));
    case 'constant':
      return new Float32Array(n * d).fill(0.25);
    case 'infinities':
      return u.map((x, i) => (v[i] < 0.03 ? Infinity : v[i] > 0.97 ? -Infinity : x));
    case 'nan':
      return u.map((x, i) => (i % 997 === 5 ? NaN : x));
    case 'sorted':
      return u.sort();
  }
}

const cases: Array<{ n: number; d: number; fill: Fill }> = [
  { n: 1, d: 1, fill: 'uniform' },
  { n: 2, d: 7, fill: 'uniform' },
  { n: 3, d: 4096, fill: 'relu-masked' },
  { n: 1, d: 4097, fill: 'uniform' },
  { n: 2, d: 50176, fill: 'relu-masked' },
  { n: 1, d: 200704, fill: 'relu-masked' },
  { n: 2, d: 30000, fill: 'ties' },
  { n: 1, d: 802816, fill: 'sparse-tail' },
  { n: 4, d: 131072, fill: 'channels' },
  { n: 3, d: 40000, fill: 'sparse-tail' },
  { n: 1, d: 100000, fill: 'skewed' },
  { n: 2, d: 20000, fill: 'constant' },
  { n: 1, d: 60000, fill: 'infinities' },
  { n: 2, d: 20000, fill: 'nan' },
  { n: 1, d: 65536, fill: 'sorted' },
];
const settings: Array<[number, PercentileInterpolation]> = [
  [98, 'nearest'],
  [98, 'linear'],
  [50, 'nearest'],
  [0, 'nearest'],
  [100, 'linear'],
  [99.9, 'linear'],
  [10, 'nearest'],
];

async function thresholds(backend: 'wasm' | 'cpu', data: Float32Array, n: number, d: number): Promise<number[]> {
  await useBackend(backend);
  return noLeak(() =>
    tf.tidy(() => {
      const rows = tf.tensor2d(data, [n, d]) as Tensor2D;
      return settings.flatMap(([q, interpolation]) => [...rowPercentile(rows, q, interpolation).dataSync()]);
    }),
  );
}

for (const c of cases) {
  test(`percentile threshold on wasm (selection kernel) equals cpu (top-k): ${c.n}×${c.d} ${c.fill}`, async () => {
    const data = values(c.n, c.d, c.fill, c.d + c.n);
    const wasm = await thresholds('wasm', data, c.n, c.d);
    const cpu = await thresholds('cpu', data, c.n, c.d);
    assert.equal(wasm.length, cpu.length);
    // NaN only where cpu has NaN; ±0 count as equal (the mask step(p − τ) cannot tell them apart).
    wasm.forEach((w, i) => assert.ok(w === cpu[i] || (Number.isNaN(w) && Number.isNaN(cpu[i])), `setting ${i}: wasm ${w}, cpu ${cpu[i]}`));
  });
}

test('the selection kernel is what wasm runs for the threshold', async () => {
  await useBackend('wasm');
  assert.ok(tf.getKernel(KTH_LARGEST, 'wasm') !== undefined);
  const info = await tf.profile(() => tf.tidy(() => rowPercentile(tf.tensor2d(values(1, 50176, 'relu-masked', 3), [1, 50176]) as Tensor2D, 98, 'nearest')));
  const names = info.kernels.map((k) => k.name);
  assert.ok(names.includes(KTH_LARGEST), names.join(', '));
  assert.ok(!names.includes('TopK'), names.join(', '));
});
