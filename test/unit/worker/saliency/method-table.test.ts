/**
 * Every method × every tiny model × backends cpu and wasm (captum's test_config, tfjs'
 * describeWithFlags): backends agree, batches equal one-by-one runs, nothing leaks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../../src/worker/engine/tf.ts';
import type { LayersModel } from '../../../../src/worker/engine/tf.ts';
import { layersModelAdapter } from '../../../../src/worker/engine/layers-model-adapter.ts';
import { explain } from '../../../../src/worker/saliency/explain.ts';
import { DEFAULT_SALIENCY_OPTIONS, SALIENCY_METHOD_IDS, type MethodId, type SaliencyOptions } from '../../../../src/shared/saliency.ts';
import type { ModelAdapter } from '../../../../src/worker/engine/model-adapter.ts';
import { getMethod } from '../../../../src/worker/saliency/registry.ts';
import { type KernelCall, assertClose, noLeak, relError, seededArray, spyKernels, useBackend } from '../../../helpers/engine.ts';
import { cnnModel, copyWeights, denseModel, kitchenSinkModel } from '../../../helpers/tiny-models.ts';

const options: SaliencyOptions = { ...DEFAULT_SALIENCY_OPTIONS, steps: 8, samples: 3, q: 80 };
const models: Array<[string, () => LayersModel]> = [
  ['dense (fused ReLU)', () => denseModel(true)],
  ['cnn (fused ReLU)', () => cnnModel(true)],
  ['kitchen sink (BN, residual, transpose conv)', kitchenSinkModel],
];

for (const [name, make] of models) {
  for (const method of SALIENCY_METHOD_IDS) {
    test(`${method} on ${name}: cpu = wasm, batch = one by one, no leaks`, async () => {
      await useBackend('wasm');
      const model = make();
      const adapter = layersModelAdapter(model);
      const shape = [3, ...adapter.inputShape];
      const per = adapter.inputShape.reduce((a, b) => a * b, 1);
      const x = seededArray(3 * per, 5, 0, 1);
      const req = { method, options, target: 1 };
      const wasm = await noLeak(() => explain(adapter, x, shape, req));
      const single = await noLeak(() =>
        // firstIndex: SmoothGrad seeds each image's noise by its index in the request (issue 15).
        [0, 1, 2].map((i) => explain(adapter, x.slice(i * per, (i + 1) * per), [1, ...adapter.inputShape], { ...req, firstIndex: i })),
      );
      single.forEach((s, i) => {
        assertClose(s.map, wasm.map.subarray(i * per, (i + 1) * per), 1e-5, `sample ${i} alone vs in batch`);
      });
      await useBackend('cpu');
      const cpu = await noLeak(() => explain(adapter, x, shape, req));
      assertClose(wasm.map, cpu.map, 1e-5, 'wasm vs cpu (map)');
      assertClose(wasm.pair, cpu.pair, 1e-5, 'wasm vs cpu (other half)');
      assert.ok(wasm.map.some((v) => v !== 0), 'map is not all zeros');
      model.dispose();
    });
  }
}

/** Fused-ReLU kernel calls (a conv / matMul with its ReLU inside) by kernel name, and Relu kernel calls. */
function reluKernels(calls: readonly KernelCall[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) {
    const key = c.kernel === 'Relu' ? 'Relu' : c.activation === 'relu' ? `${c.kernel}+relu` : null;
    if (key !== null) out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

const SPIED = ['FusedConv2D', '_FusedMatMul', 'Relu'];

for (const [name, fused, unfused, fusedKernels, reluLayers] of [
  ['dense', () => denseModel(true), () => denseModel(false), { '_FusedMatMul+relu': 2 }, 2],
  ['cnn', () => cnnModel(true), () => cnnModel(false), { 'FusedConv2D+relu': 2, '_FusedMatMul+relu': 1 }, 3],
] as const) {
  test(`fused and unfused ReLU give identical maps (${name}); the fused arm is TF.js's fused ReLU kernels`, async () => {
    await useBackend('wasm');
    const a = fused();
    const b = unfused();
    copyWeights(a, b);
    const [ea, eb] = [layersModelAdapter(a), layersModelAdapter(b)];
    const per = ea.inputShape.reduce((s, v) => s * v, 1);
    const shape = [2, ...ea.inputShape];
    const x = seededArray(2 * per, 9, 0, 1);
    await noLeak(() => {
      // The fused model as TF.js runs it (model.predict): every ReLU inside a FusedConv2D / _FusedMatMul
      // kernel, no Relu kernel; its twin: every ReLU a Relu kernel, no fused ReLU.
      const run = (m: LayersModel) => spyKernels(SPIED, () => tf.tidy(() => (m.predict(tf.tensor(x, shape)) as tf.Tensor).dataSync()));
      const pa = run(a);
      const pb = run(b);
      assert.deepEqual(reluKernels(pa.calls), fusedKernels, 'kernels of the fused model');
      assert.deepEqual(reluKernels(pb.calls), { Relu: reluLayers }, 'kernels of the unfused twin');
      assertClose(pa.out, pb.out, 1e-6, 'the two models compute the same function');
      // The adapter's scores (logits: the final softmax skipped) are what those fused kernels compute.
      const scores = tf.tidy(() => {
        const z = ea.outputs(tf.tensor(x, shape), { paddingTrick: false });
        return (name === 'dense' ? tf.softmax(z) : z).dataSync();
      });
      assertClose(scores, pa.out, 1e-6, 'adapter scores vs the fused kernels');

      // Maps through the public surface: the registry's methods on a layersModelAdapter of each model.
      const mapOf = (adapter: ModelAdapter, method: MethodId) =>
        tf.tidy(() => {
          const pair = getMethod(method).attribute(adapter, tf.tensor(x, shape), [0, 0], options);
          return pair.withoutInput.dataSync() as Float32Array;
        });
      const maps: Record<string, Float32Array> = {};
      for (const method of ['rectgrad', 'nobias-rectgrad', 'guided-backprop', 'gradient'] as const) {
        const spied = spyKernels(SPIED, () => mapOf(ea, method));
        // A fused op with its ReLU inside may not run while a gradient is recorded: its backward
        // (dy·step(y)) is TF.js's own and no ReLU rule would reach it. TF.js runs fused ReLUs unfused in
        // gradient mode (fused_util.shouldFuse) and the adapter splits conv/dense from their activation.
        assert.deepEqual(spied.calls.filter((c) => c.gradientDepth > 0 && c.activation !== undefined && c.activation !== 'linear'), [], `${method}: a fused ReLU kernel ran under the gradient`);
        maps[method] = spied.out;
        assertClose(spied.out, mapOf(eb, method), 1e-6, `${method} fused vs unfused`);
      }
      // The rules bite (so the equality above is not two plain gradients): guided backprop and No-Bias
      // RectGrad (q = 80) each differ from the gradient.
      for (const method of ['guided-backprop', 'nobias-rectgrad']) {
        assert.ok(relError(maps[method], maps.gradient) > 1e-3, `${method} differs from the plain gradient (${relError(maps[method], maps.gradient)})`);
      }
    });
    a.dispose();
    b.dispose();
  });
}

test('rectgrad = x ⊙ nobias-rectgrad, element by element, exactly', async () => {
  await useBackend('wasm');
  const model = cnnModel(true, 16);
  const adapter = layersModelAdapter(model);
  const per = 16 * 16 * 3;
  const x = seededArray(4 * per, 3, 0, 1);
  for (let i = 0; i < x.length; i += 7) x[i] = 0; // some exact zeros, like a black box
  const rg = explain(adapter, x, [4, 16, 16, 3], { method: 'rectgrad', options: DEFAULT_SALIENCY_OPTIONS });
  const nb = explain(adapter, x, [4, 16, 16, 3], { method: 'nobias-rectgrad', options: DEFAULT_SALIENCY_OPTIONS });
  for (let i = 0; i < x.length; i++) assert.equal(rg.map[i], Math.fround(x[i] * nb.map[i]), `element ${i}`);
  assert.deepEqual(rg.pair, nb.map, 'both come from one backward pass');
  for (let i = 0; i < x.length; i += 7) assert.equal(rg.map[i], 0, 'zero input → zero rectgrad');
  model.dispose();
});

test('integrated gradients: completeness, sum of map ≈ S(x) − S(baseline)', async () => {
  await useBackend('wasm');
  const model = cnnModel(true);
  const adapter = layersModelAdapter(model);
  const per = 10 * 10 * 3;
  const x = seededArray(per, 77, 0, 1);
  const ig = explain(adapter, x, [1, 10, 10, 3], { method: 'integrated-gradients', options: { ...DEFAULT_SALIENCY_OPTIONS, steps: 300 }, target: 1 });
  const logits = (data: Float32Array) => tf.tidy(() => adapter.outputs(tf.tensor(data, [1, 10, 10, 3]), { paddingTrick: false }).dataSync()[1]);
  const delta = logits(x) - logits(new Float32Array(per));
  const sum = ig.map.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - delta) <= 0.01 * Math.abs(delta) + 1e-4, `sum ${sum} vs S(x) − S(0) = ${delta}`);
  model.dispose();
});

test('the score is the pre-softmax logit: a softmax head and a linear head give the same map', async () => {
  await useBackend('wasm');
  const soft = denseModel(true);
  const adapter = layersModelAdapter(soft);
  const x = seededArray(6, 4, 0, 1);
  const withSoftmax = explain(adapter, x, [1, 6], { method: 'gradient', options, target: 2 });
  const logitOf = (v: Float32Array) =>
    tf.tidy(() => {
      const h = soft.layers.slice(0, 2).reduce<tf.Tensor>((t, l) => l.apply(t) as tf.Tensor, tf.tensor(v, [1, 6]));
      const [k, b] = soft.layers[2].getWeights();
      return tf.add(tf.matMul(h, k), b).dataSync()[2];
    });
  const eps = 1e-3;
  const numeric = Array.from({ length: 6 }, (_, i) => {
    const up = x.slice();
    const dn = x.slice();
    up[i] += eps;
    dn[i] -= eps;
    return (logitOf(up) - logitOf(dn)) / (2 * eps);
  });
  assertClose(withSoftmax.map, numeric, 1e-2, 'analytic logit gradient vs finite differences');
  soft.dispose();
});
