/**
 * Issue 15 items 1, 2 and 4: a map is what its label says, or says where it is not.
 *  - the padding trick on every conv geometry: strided 'same' against an independent reference, outputs of
 *    1–2 px skipped and named (never an all-zero map), every VAE preset at every size its schema allows;
 *  - activations other than ReLU: ReLU6 gated like a ReLU, every other nonlinearity named, never a
 *    plain gradient labelled RectGrad;
 *  - engine scopes refuse async bodies; a training step refuses to run inside one; calls run one at a time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf, tfl } from '../../../../src/worker/engine/tf.ts';
import type { LayersModel, Tensor } from '../../../../src/worker/engine/tf.ts';
import { layersModelAdapter } from '../../../../src/worker/engine/layers-model-adapter.ts';
import { layersModelRuleGaps } from '../../../../src/worker/engine/rule-gaps.ts';
import { graphRuleGaps } from '../../../../src/worker/engine/graph-model.ts';
import { isInputGradientOnly, withInputGradientOnly } from '../../../../src/worker/engine/input-gradient-scope.ts';
import { withGraphReluRule } from '../../../../src/worker/engine/relu-gradient-override.ts';
import { assertNoSaliencyScope } from '../../../../src/worker/engine/saliency-scope.ts';
import { explain } from '../../../../src/worker/saliency/explain.ts';
import { guidedRule } from '../../../../src/worker/saliency/relu-rules.ts';
import { buildVae } from '../../../../src/worker/models/vae.ts';
import { SerialCalls } from '../../../../src/worker/serial-calls.ts';
import { VAE_PRESETS, type VaePreset } from '../../../../src/shared/faces.ts';
import { DEFAULT_SALIENCY_OPTIONS, type MethodId, type SaliencyOptions } from '../../../../src/shared/saliency.ts';
import { FacesDatasetConfigSchema } from '../../../../src/shared/experiments/vae-concept.ts';
import { noLeak, seededArray, useBackend } from '../../../helpers/engine.ts';
import { setSeededWeights } from '../../../helpers/tiny-models.ts';

const opts = (o: Partial<SaliencyOptions> = {}): SaliencyOptions => ({ ...DEFAULT_SALIENCY_OPTIONS, ...o });
const nonZero = (a: Float32Array) => a.some((v) => v !== 0);

function run(model: LayersModel, method: MethodId, o: Partial<SaliencyOptions>, seed = 3) {
  const adapter = layersModelAdapter(model);
  const per = adapter.inputShape.reduce((a, b) => a * b, 1);
  const x = seededArray(2 * per, seed, 0.05, 1);
  return { x, result: explain(adapter, x, [2, ...adapter.inputShape], { method, options: opts(o), target: 0 }) };
}

test("padding trick on a 3×3 stride-2 'same' conv (odd and even sizes) equals an independent reference", async () => {
  await useBackend('wasm');
  for (const size of [7, 8]) {
    const m = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [size, size, 2], filters: 3, kernelSize: 3, strides: 2, padding: 'same', name: 'strided' }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 1 }),
      ],
    });
    setSeededWeights(m, 5);
    const out = Math.ceil(size / 2);
    const x = seededArray(size * size * 2, 9, -1, 1);
    const got = await noLeak(() => explain(layersModelAdapter(m), x, [1, size, size, 2], { method: 'gradient-x-input', options: opts(), target: 0 }));
    // gradient-x-input takes no padding trick; nobias-rectgrad without ReLUs is the gradient with it.
    const trick = await noLeak(() => explain(layersModelAdapter(m), x, [1, size, size, 2], { method: 'nobias-rectgrad', options: opts(), target: 0 }));
    // Reference: dS/d(conv out) is the dense weight w (reshaped); zero its border, then back through the conv.
    const reference = tf.tidy(() => {
      const [kernel, bias] = m.layers[0].getWeights();
      const w = tf.reshape(m.layers[2].getWeights()[0], [1, out, out, 3]);
      const mask = tf.pad(tf.ones([1, out - 2, out - 2, 3]), [[0, 0], [1, 1], [1, 1], [0, 0]]);
      const xt = tf.tensor4d(x, [1, size, size, 2]);
      const f = (xi: Tensor) => tf.sum(tf.mul(tf.add(tf.conv2d(xi as tf.Tensor4D, kernel as tf.Tensor4D, 2, 'same'), bias), tf.mul(w, mask)));
      return tf.grad(f)(xt).dataSync() as Float32Array;
    });
    assert.equal(trick.notHonoured.length, 0);
    for (let i = 0; i < reference.length; i++) assert.ok(Math.abs(trick.map[i] - reference[i]) < 1e-5, `size ${size}, element ${i}: ${trick.map[i]} vs ${reference[i]}`);
    assert.ok(nonZero(got.map));
    m.dispose();
  }
});

for (const [out, inSize, strides] of [
  [2, 4, 2],
  [1, 2, 2],
  [2, 2, 1],
] as const) {
  test(`a 'same' conv with a ${out}×${out} output skips the padding trick, says so, and keeps a non-zero map`, async () => {
    await useBackend('wasm');
    const m = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [inSize * 4, inSize * 4, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'big' }),
        tfl.layers.maxPooling2d({ poolSize: 4 }),
        tfl.layers.conv2d({ filters: 4, kernelSize: 3, strides, padding: 'same', activation: 'relu', name: 'tiny' }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 2 }),
      ],
    });
    setSeededWeights(m, 8);
    for (const method of ['rectgrad', 'nobias-rectgrad'] as const) {
      const { result } = await noLeak(() => run(m, method, { q: 50 }));
      assert.ok(nonZero(result.map), `${method}: the map is not all zero`);
      assert.deepEqual(result.notHonoured, [`padding trick skipped at tiny: its 'same' output is ${out}×${out} px, which has no interior (zeroing its 1-px border would zero the whole gradient)`]);
    }
    // Load-time scan says the same before any map is computed; with the trick off nothing is skipped.
    assert.equal(layersModelRuleGaps(m, { paddingTrick: true }).length, 1);
    assert.equal(run(m, 'rectgrad', { paddingTrick: false }).result.notHonoured.length, 0);
    m.dispose();
  });
}

test('every VAE preset at every size its schema allows gives non-zero RectGrad and No-Bias maps', async () => {
  await useBackend('wasm');
  // Every size the dataset schema accepts (a multiple of 32 up to 256), found by asking the schema.
  const sizeSchema = FacesDatasetConfigSchema.shape.size;
  const sizes = Array.from({ length: 300 }, (_, i) => i).filter((s) => sizeSchema.safeParse(s).success);
  assert.deepEqual(sizes, [32, 64, 96, 128, 160, 192, 224, 256]);
  for (const preset of Object.keys(VAE_PRESETS) as VaePreset[]) {
    for (const size of sizes) {
      // The preset's own layers: at q = 98 a layer needs ≥ 26 units for τ to fall below its largest a·R,
      // so narrower test layers would zero the map by the rule itself, not by the padding trick.
      const vae = buildVae({ ...VAE_PRESETS[preset], size, latent: 8 }, 1);
      const adapter = layersModelAdapter(vae.encoder);
      const x = seededArray(size * size * 3, size, 0, 1);
      for (const method of ['rectgrad', 'nobias-rectgrad'] as const) {
        const r = await noLeak(() => explain(adapter, x, [1, size, size, 3], { method, options: opts(), target: 0 }));
        assert.ok(nonZero(r.map), `${preset} at ${size}: ${method} map is all zero`);
        const tiny = size / 16 <= 2 || (VAE_PRESETS[preset].lastPadding === 'same' && size / 32 <= 2);
        assert.equal(r.notHonoured.length > 0, tiny, `${preset} at ${size}: ${r.notHonoured.join('; ')}`);
      }
      adapter.dispose?.();
      vae.decoder.dispose();
    }
  }
});

const activationModels: Array<[string, () => LayersModel, 'rule' | RegExp]> = [
  ['relu6 activation', () => dense([tfl.layers.dense({ inputShape: [6], units: 8, activation: 'relu6' })]), 'rule'],
  ['ReLU layer with maxValue 6', () => dense([tfl.layers.dense({ inputShape: [6], units: 8 }), tfl.layers.reLU({ maxValue: 6 })]), 'rule'],
  ['elu activation', () => dense([tfl.layers.dense({ inputShape: [6], units: 8, activation: 'elu', name: 'h' })]), /^layer h \(elu activation\): the rule is defined at ReLUs only/],
  ['selu activation', () => dense([tfl.layers.dense({ inputShape: [6], units: 8, activation: 'selu', name: 'h' })]), /^layer h \(selu activation\)/],
  ['softplus activation', () => dense([tfl.layers.dense({ inputShape: [6], units: 8, activation: 'softplus', name: 'h' })]), /^layer h \(softplus activation\)/],
  ['LeakyReLU layer', () => dense([tfl.layers.dense({ inputShape: [6], units: 8 }), tfl.layers.leakyReLU({ name: 'leaky' })]), /^layer leaky \(LeakyReLU\): the rule is defined at ReLUs only/],
  ['PReLU layer', () => dense([tfl.layers.dense({ inputShape: [6], units: 8 }), tfl.layers.prelu({ name: 'pr' })]), /^layer pr \(PReLU\)/],
  ['ELU layer', () => dense([tfl.layers.dense({ inputShape: [6], units: 8 }), tfl.layers.elu({ name: 'el' })]), /^layer el \(ELU\)/],
];

function dense(hidden: tfl.layers.Layer[]): LayersModel {
  const m = tfl.sequential({ layers: [...hidden, tfl.layers.dense({ units: 3, activation: 'softmax' })] });
  setSeededWeights(m, 4);
  return m;
}

for (const [name, make, expect] of activationModels) {
  test(`rectgrad at q = 100 through a ${name}: ${expect === 'rule' ? 'the rule applies (all-zero map)' : 'a stated gap, never a silent plain gradient'}`, async () => {
    await useBackend('wasm');
    const m = make();
    for (const method of ['rectgrad', 'nobias-rectgrad', 'guided-backprop'] as const) {
      const { result } = await noLeak(() => run(m, method, { q: 100 }));
      if (expect === 'rule') {
        assert.deepEqual(result.notHonoured, [], method);
        if (method !== 'guided-backprop') assert.ok(!nonZero(result.map), `${method}: q = 100 keeps no unit, so the map is all zero`);
      } else {
        assert.equal(result.notHonoured.length, 1, `${method}: ${result.notHonoured.join('; ')}`);
        assert.match(result.notHonoured[0], expect);
      }
    }
    // Plain-gradient methods have no rule to miss, and the load-time scan agrees with the maps.
    assert.deepEqual(run(m, 'gradient', {}).result.notHonoured, []);
    assert.equal(layersModelRuleGaps(m, { paddingTrick: true }).length, expect === 'rule' ? 0 : 1);
    m.dispose();
  });
}

test('a softmax at the end of a nested model is stripped by the walker and is no gap at load either (the two agree)', async () => {
  await useBackend('wasm');
  const inner = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 3, activation: 'softmax', name: 'inner_out' })], name: 'inner' });
  const input = tfl.input({ shape: [6] });
  const hidden = tfl.layers.dense({ units: 4, activation: 'relu' }).apply(input) as tfl.SymbolicTensor;
  const m = tfl.model({ inputs: input, outputs: inner.apply(hidden) as tfl.SymbolicTensor });
  setSeededWeights(m, 6);
  assert.deepEqual(layersModelRuleGaps(m, { paddingTrick: true }), []);
  const { result } = await noLeak(() => run(m, 'rectgrad', { q: 50 }));
  assert.deepEqual(result.notHonoured, []);
  m.dispose();
});

test('ReLU6 under guided backprop passes 1(0 < z ≤ 6) · max(R, 0), as a ReLU with its ceiling', async () => {
  await useBackend('cpu');
  const m = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 3, useBias: false, activation: 'relu6' }), tfl.layers.dense({ units: 1, useBias: false })] });
  const w1 = tf.eye(3);
  const w2 = tf.tensor2d([[1], [-1], [1]]);
  m.layers[0].setWeights([w1]);
  m.layers[1].setWeights([w2]);
  tf.dispose([w1, w2]);
  // z = x: unit 0 active (R = 1 passes), unit 1 active but R = −1 (guided drops it), unit 2 above the ceiling.
  const x = new Float32Array([2, 3, 7]);
  const r = explain(layersModelAdapter(m), x, [1, 3], { method: 'guided-backprop', options: opts(), target: 0 });
  assert.deepEqual(Array.from(r.map), [1, 0, 0]);
  m.dispose();
});

test('graph models: nonlinear ops other than ReLU/ReLU6, alone or fused, are named; the skipped final softmax is not', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const nodes = [
    { name: 'x', op: 'Placeholder' },
    { name: 'c1', op: '_FusedConv2D', input: ['x'], attr: { fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu')] } } } },
    { name: 'c2', op: '_FusedConv2D', input: ['c1'], attr: { fused_ops: { list: { s: [b64('BiasAdd'), b64('LeakyRelu')] } } } },
    { name: 'e', op: 'Elu', input: ['c2'] },
    { name: 'r6', op: 'Relu6', input: ['e'] },
    { name: 'logits', op: 'MatMul', input: ['r6'] },
    { name: 'probs', op: 'Softmax', input: ['logits'] },
  ];
  const gaps = graphRuleGaps(nodes, 'Softmax', 'logits');
  assert.deepEqual(gaps, [
    'node c2 (LeakyRelu): the rule is defined at ReLUs only; this op passes the plain gradient',
    'node e (Elu): the rule is defined at ReLUs only; this op passes the plain gradient',
  ]);
});

test('graph models: an op not known to be linear or a ReLU is named too (exact GELU as Erf, ReLU as Maximum); scaling by a constant is not', () => {
  const nodes = [
    { name: 'x', op: 'Placeholder' },
    { name: 'half', op: 'Const' },
    { name: 'scaled', op: 'Mul', input: ['x', 'half'] },
    { name: 'erf', op: 'Erf', input: ['scaled'] },
    { name: 'gelu', op: 'Mul', input: ['scaled', 'erf'] },
    { name: 'relu_as_max', op: 'Maximum', input: ['gelu', 'half'] },
    { name: 'logits', op: 'MatMul', input: ['relu_as_max'] },
  ];
  assert.deepEqual(graphRuleGaps(nodes, null, 'logits'), [
    'node erf (Erf): not an op the lab knows to be linear or a ReLU; it passes its own gradient, the rule is not applied there',
    'node gelu (Mul): not an op the lab knows to be linear or a ReLU; it passes its own gradient, the rule is not applied there',
    'node relu_as_max (Maximum): the rule is defined at ReLUs only; this op passes the plain gradient',
  ]);
});

test('engine scopes refuse an async body and restore their state', async () => {
  await useBackend('cpu');
  assert.throws(() => withInputGradientOnly(async () => 1), /was given an async function/);
  assert.equal(isInputGradientOnly(), false);
  const plain = tf.getGradient('Relu');
  assert.throws(() => withGraphReluRule(guidedRule, () => Promise.resolve(1)), /was given an async function/);
  assert.equal(tf.getGradient('Relu'), plain, 'the Relu gradient is restored');
  // A training step refuses to run inside a saliency scope.
  assert.throws(() => withInputGradientOnly(() => assertNoSaliencyScope('training step')), /training step: a saliency scope is open \(input gradient only\)/);
  assertNoSaliencyScope('outside');
});

test('a worker runs its calls one at a time, in arrival order, also after a failure', async () => {
  const calls = new SerialCalls();
  const log: string[] = [];
  const job = (name: string, ms: number, fail = false) => async () => {
    log.push(`${name} start`);
    await new Promise((r) => setTimeout(r, ms));
    log.push(`${name} end`);
    if (fail) throw new Error(name);
    return name;
  };
  const a = calls.run(job('a', 20, true));
  const b = calls.run(job('b', 1));
  assert.equal(calls.queued, 2);
  await assert.rejects(a, /a/);
  assert.equal(await b, 'b');
  assert.deepEqual(log, ['a start', 'a end', 'b start', 'b end']);
});
