/** Conv → batch norm folding: the same function and the same input gradient, only where it is safe. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf, tfl } from '../../../../src/worker/engine/tf.ts';
import type { LayersModel, Tensor } from '../../../../src/worker/engine/tf.ts';
import { findConvBatchNormPairs } from '../../../../src/worker/engine/batch-norm-folding.ts';
import { layersModelAdapter } from '../../../../src/worker/engine/layers-model-adapter.ts';
import { explain } from '../../../../src/worker/saliency/explain.ts';
import { DEFAULT_SALIENCY_OPTIONS } from '../../../../src/shared/saliency.ts';
import { assertClose, noLeak, seededArray, useBackend } from '../../../helpers/engine.ts';
import { setSeededWeights } from '../../../helpers/tiny-models.ts';

/** conv → BN → ReLU (foldable), then a conv read by both a BN and an add (not foldable), then dense. */
function model(): LayersModel {
  const input = tfl.input({ shape: [10, 10, 3] });
  const c1 = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'c1' }).apply(input) as tfl.SymbolicTensor;
  const b1 = tfl.layers.batchNormalization({ name: 'b1' }).apply(c1) as tfl.SymbolicTensor;
  const r1 = tfl.layers.reLU().apply(b1) as tfl.SymbolicTensor;
  const c2 = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'valid', name: 'c2' }).apply(r1) as tfl.SymbolicTensor;
  const b2 = tfl.layers.batchNormalization({ name: 'b2' }).apply(c2) as tfl.SymbolicTensor;
  const sum = tfl.layers.add().apply([c2, b2]) as tfl.SymbolicTensor;
  const flat = tfl.layers.flatten().apply(tfl.layers.reLU().apply(sum) as tfl.SymbolicTensor) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ units: 2 }).apply(flat) as tfl.SymbolicTensor;
  const m = tfl.model({ inputs: input, outputs: out });
  setSeededWeights(m, 11); // non-trivial γ, β, moving mean and variance
  return m;
}

test('only a conv whose output nothing else reads is paired with its batch norm', async () => {
  await useBackend('cpu');
  const m = model();
  const pairs = [...findConvBatchNormPairs(m.layers, m.outputs.map((s) => s.id)).values()].map((p) => `${p.conv.name}→${p.bn.name}`);
  assert.deepEqual(pairs, ['c1→b1']);
  m.dispose();
});

for (const backend of ['cpu', 'wasm'] as const) {
  test(`[${backend}] a folded conv + batch norm gives the model's logits and input gradient`, async () => {
    await useBackend(backend);
    const m = model();
    const adapter = layersModelAdapter(m);
    const x = seededArray(2 * 10 * 10 * 3, 5, 0, 1);
    const xt = tf.tensor4d(x, [2, 10, 10, 3]);
    const logits = tf.tidy(() => adapter.outputs(xt, { paddingTrick: false }).dataSync().slice());
    const reference = tf.tidy(() => (m.predict(xt) as Tensor).dataSync().slice());
    assertClose(logits, reference, 1e-5, 'logits');
    const grad = tf.tidy(() => tf.grad((v: Tensor) => tf.sum(tf.slice(m.apply(v) as Tensor, [0, 1], [2, 1])))(xt).dataSync().slice());
    const map = await noLeak(() => explain(adapter, x, [2, 10, 10, 3], { method: 'gradient', options: { ...DEFAULT_SALIENCY_OPTIONS, paddingTrick: false }, target: 1 }).map);
    assertClose(map, grad, 1e-4, 'input gradient');
    xt.dispose();
    adapter.dispose!();
  });
}

/** ResNet's stem: zero padding → 'valid' strided conv → BN (folded, padding applied by the conv), then a padding the pool reads (kept). */
function paddedModel(): LayersModel {
  const input = tfl.input({ shape: [11, 10, 3] });
  const p1 = tfl.layers.zeroPadding2d({ padding: [[2, 1], [3, 0]], name: 'p1' }).apply(input) as tfl.SymbolicTensor;
  const c1 = tfl.layers.conv2d({ filters: 5, kernelSize: 5, strides: 2, name: 'c1' }).apply(p1) as tfl.SymbolicTensor;
  const b1 = tfl.layers.batchNormalization({ name: 'b1' }).apply(c1) as tfl.SymbolicTensor;
  const r1 = tfl.layers.reLU().apply(b1) as tfl.SymbolicTensor;
  const p2 = tfl.layers.zeroPadding2d({ padding: 1, name: 'p2' }).apply(r1) as tfl.SymbolicTensor;
  const pool = tfl.layers.maxPooling2d({ poolSize: 3, strides: 2 }).apply(p2) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ units: 3 }).apply(tfl.layers.flatten().apply(pool) as tfl.SymbolicTensor) as tfl.SymbolicTensor;
  const m = tfl.model({ inputs: input, outputs: out });
  setSeededWeights(m, 13);
  return m;
}

test('a zero padding read only by a folded valid conv is applied by that conv', async () => {
  await useBackend('cpu');
  const m = paddedModel();
  const pairs = [...findConvBatchNormPairs(m.layers, m.outputs.map((s) => s.id)).values()];
  assert.deepEqual(
    pairs.map((p) => [p.conv.name, p.padding?.pads]),
    [['c1', [[2, 1], [3, 0]]]],
  );
  m.dispose();
});

for (const backend of ['cpu', 'wasm'] as const) {
  test(`[${backend}] padding folded into the conv: same logits and input gradient, RectGrad runs`, async () => {
    await useBackend(backend);
    const m = paddedModel();
    const adapter = layersModelAdapter(m);
    const x = seededArray(2 * 11 * 10 * 3, 6, -0.5, 0.5);
    const xt = tf.tensor4d(x, [2, 11, 10, 3]);
    const logits = tf.tidy(() => adapter.outputs(xt, { paddingTrick: false }).dataSync().slice());
    const reference = tf.tidy(() => (m.predict(xt) as Tensor).dataSync().slice());
    assertClose(logits, reference, 1e-5, 'logits');
    const grad = tf.tidy(() => tf.grad((v: Tensor) => tf.sum(tf.slice(m.apply(v) as Tensor, [0, 2], [2, 1])))(xt).dataSync().slice());
    const map = await noLeak(() => explain(adapter, x, [2, 11, 10, 3], { method: 'gradient', options: { ...DEFAULT_SALIENCY_OPTIONS, paddingTrick: false }, target: 2 }).map);
    assertClose(map, grad, 1e-4, 'input gradient');
    const rect = await noLeak(() => explain(adapter, x, [2, 11, 10, 3], { method: 'rectgrad', options: DEFAULT_SALIENCY_OPTIONS, target: 2 }).map);
    assert.ok(rect.every(Number.isFinite) && rect.some((v) => v !== 0));
    xt.dispose();
    adapter.dispose!();
  });
}
