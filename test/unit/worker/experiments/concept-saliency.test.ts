/**
 * Concept saliency through the VAE encoder (ReLU then BatchNorm): nothing is folded that should not be,
 * every ReLU gets the rule, S(x) = μ(x)·c and its gradient match the plain computation, and RectGrad
 * is exactly x ⊙ No-Bias RectGrad, exactly 0 where the input is exactly 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf, tfl } from '../../../../src/worker/engine/tf.ts';
import type { LayersModel, Tensor } from '../../../../src/worker/engine/tf.ts';
import { findConvBatchNormPairs } from '../../../../src/worker/engine/batch-norm-folding.ts';
import { inputGradient } from '../../../../src/worker/engine/modified-backprop.ts';
import { buildVae } from '../../../../src/worker/models/vae.ts';
import { conceptAdapter } from '../../../../src/worker/experiments/vae-concept/concept-adapter.ts';
import { explain } from '../../../../src/worker/saliency/explain.ts';
import { DEFAULT_SALIENCY_OPTIONS } from '../../../../src/shared/saliency.ts';
import { assertClose, noLeak, seededArray, useBackend } from '../../../helpers/engine.ts';
import { setSeededWeights } from '../../../helpers/tiny-models.ts';

const ARCH = { size: 32, latent: 6, filters: [4, 6, 8, 8, 8] as [number, number, number, number, number], dense: 12, lastPadding: 'valid' as const, upKernel: 4, outKernel: 3 };

/** A small encoder with non-trivial batch-norm statistics (γ, β, moving mean and variance). */
function encoder(): LayersModel {
  const v = buildVae(ARCH, 3);
  setSeededWeights(v.encoder, 17);
  v.decoder.dispose();
  return v.encoder;
}

/** An input with exact zeros (a black block, as dark lenses are) and values in (0, 1] elsewhere. */
function input(n: number): Float32Array {
  const x = seededArray(n * 32 * 32 * 3, 9, 0.05, 1);
  for (let i = 0; i < n; i++) for (let y = 8; y < 14; y++) x.fill(0, ((i * 32 + y) * 32 + 6) * 3, ((i * 32 + y) * 32 + 14) * 3);
  return x;
}

test('no batch norm of the encoder is folded: each follows a ReLU, and a conv → ReLU layer → BN is not paired either', async () => {
  await useBackend('cpu');
  const e = encoder();
  assert.deepEqual([...findConvBatchNormPairs(e.layers, e.outputs.map((s) => s.id)).keys()], []);
  const inp = tfl.input({ shape: [8, 8, 3] });
  const conv = tfl.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same' }).apply(inp) as tfl.SymbolicTensor;
  const relu = tfl.layers.reLU().apply(conv) as tfl.SymbolicTensor;
  const m = tfl.model({ inputs: inp, outputs: tfl.layers.batchNormalization().apply(relu) as tfl.SymbolicTensor });
  assert.equal(findConvBatchNormPairs(m.layers, m.outputs.map((s) => s.id)).size, 0);
  m.dispose();
  e.dispose();
});

test('[cpu] S(x) = μ(x)·c and its gradient equal the plain, unfolded computation (inference batch norm)', async () => {
  await useBackend('cpu');
  const e = encoder();
  const c = seededArray(ARCH.latent, 4);
  const x = input(2);
  const xt = tf.tensor4d(x, [2, 32, 32, 3]);
  const ct = tf.tensor2d(c, [ARCH.latent, 1]);
  const plain = (v: Tensor) => tf.matMul((e.apply(v, { training: false }) as Tensor[])[0] as tf.Tensor2D, ct);
  const reference = tf.tidy(() => plain(xt).dataSync().slice());
  const refGrad = tf.tidy(() => tf.grad((v: Tensor) => tf.sum(plain(v)))(xt).dataSync().slice());
  const adapter = conceptAdapter(e, c);
  const scores = tf.tidy(() => adapter.outputs(xt, { paddingTrick: false }).dataSync().slice());
  assertClose(scores, reference, 1e-5, 'concept scores');
  const map = await noLeak(() => explain(adapter, x, [2, 32, 32, 3], { method: 'gradient', options: { ...DEFAULT_SALIENCY_OPTIONS, paddingTrick: false }, target: 0 }).map);
  assertClose(map, refGrad, 1e-4, 'input gradient of S');
  tf.dispose([xt, ct]);
  adapter.dispose!();
});

test('every ReLU of the encoder (five convs and the dense layer) goes through the backward rule', async () => {
  await useBackend('cpu');
  const adapter = conceptAdapter(encoder(), seededArray(ARCH.latent, 4));
  let calls = 0;
  const xt = tf.tensor4d(input(1), [1, 32, 32, 3]);
  const g = inputGradient(adapter, xt, [0], {
    paddingTrick: true,
    relu: (_z, a, dy) => {
      calls++;
      return tf.mul(tf.step(a), dy);
    },
  });
  assert.equal(calls, 6);
  tf.dispose([g, xt]);
  adapter.dispose!();
});

for (const backend of ['cpu', 'wasm'] as const) {
  test(`[${backend}] rectgrad = x ⊙ nobias-rectgrad exactly; rectgrad is exactly 0 where x is exactly 0; no leaks`, async () => {
    await useBackend(backend);
    const adapter = conceptAdapter(encoder(), seededArray(ARCH.latent, 4));
    const x = input(2);
    // At 32² the 'same' conv4 has a 2×2 output, which the padding trick zeroes whole; q = 80 keeps some
    // of the 12 dense units (q = 98 keeps none of so few).
    const opts = { ...DEFAULT_SALIENCY_OPTIONS, q: 80, paddingTrick: false };
    const r = await noLeak(() => explain(adapter, x, [2, 32, 32, 3], { method: 'rectgrad', options: opts, target: 0 }));
    const nb = await noLeak(() => explain(adapter, x, [2, 32, 32, 3], { method: 'nobias-rectgrad', options: opts, target: 0 }));
    let zerosAtZero = 0;
    for (let i = 0; i < x.length; i++) {
      assert.equal(r.map[i], Math.fround(x[i] * nb.map[i]), `entry ${i}`);
      if (x[i] === 0) {
        zerosAtZero += r.map[i] === 0 ? 1 : 0;
      }
    }
    assert.equal(zerosAtZero, 2 * 6 * 8 * 3);
    assert.ok(nb.map.some((v) => v !== 0), 'nobias-rectgrad map is not all zero');
    assert.ok(r.map.some((v) => v !== 0), 'rectgrad map is not all zero');
    adapter.dispose!();
  });
}
