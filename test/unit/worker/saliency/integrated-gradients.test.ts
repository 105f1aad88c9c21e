/**
 * Integrated Gradients (issue 15, item 7): every map reports its completeness gap Σ attribution −
 * (f(x) − f(x₀)), and the baseline can be an image (black, the input's mean colour, a blur of it), a
 * colour per channel, or the scalar it always was.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf, tfl } from '../../../../src/worker/engine/tf.ts';
import { layersModelAdapter } from '../../../../src/worker/engine/layers-model-adapter.ts';
import { explain } from '../../../../src/worker/saliency/explain.ts';
import { gaussianBlur } from '../../../../src/worker/saliency/ig-baseline.ts';
import { type Completeness, DEFAULT_SALIENCY_OPTIONS, type IgBaseline, type SaliencyOptions } from '../../../../src/shared/saliency.ts';
import { SaliencyOptionsSchema } from '../../../../src/shared/schemas/saliency.ts';
import { assertClose, noLeak, seededArray, useBackend } from '../../../helpers/engine.ts';
import { cnnModel } from '../../../helpers/tiny-models.ts';

const S = 4;
const PER = S * S * 3;

/** f(x) = w·x + b on a 4×4×3 image: IG from any baseline x₀ is exactly (x − x₀) ⊙ w. */
function linearImageModel() {
  const m = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [S, S, 3] }), tfl.layers.dense({ units: 2 })] });
  const w = seededArray(PER * 2, 3, -1, 1);
  const kernel = tf.tensor2d(w, [PER, 2]);
  const bias = tf.tensor1d([0.5, -0.25]);
  m.layers[1].setWeights([kernel, bias]);
  tf.dispose([kernel, bias]);
  return { m, weightOf: (i: number) => w[i * 2 + 1] };
}

const opts = (baseline: IgBaseline, steps = 4): SaliencyOptions => ({ ...DEFAULT_SALIENCY_OPTIONS, steps, baseline });

test('IG baselines on a linear model: (x − x₀) ⊙ w for scalar, black, per-channel colour and mean colour', async () => {
  await useBackend('cpu');
  const { m, weightOf } = linearImageModel();
  const adapter = layersModelAdapter(m);
  const x = seededArray(2 * PER, 11, 0, 1);
  const run = (baseline: IgBaseline) => explain(adapter, x, [2, S, S, 3], { method: 'integrated-gradients', options: opts(baseline), target: 1 });
  const expected = (x0: (i: number) => number) => Float32Array.from(x, (v, i) => (v - x0(i)) * weightOf(i % PER));
  const meanColour = (i: number) => {
    const img = Math.floor(i / PER);
    const c = i % 3;
    let sum = 0;
    for (let p = 0; p < S * S; p++) sum += x[img * PER + p * 3 + c];
    return sum / (S * S);
  };
  await noLeak(() => {
    assertClose(run(0.25).map, expected(() => 0.25), 1e-5, 'scalar 0.25 (the form that always worked)');
    assertClose(run('black').map, expected(() => 0), 1e-5, 'black = 0');
    assertClose(run([0.1, 0.2, 0.3]).map, expected((i) => [0.1, 0.2, 0.3][i % 3]), 1e-5, 'a colour per channel');
    assertClose(run('mean').map, expected(meanColour), 1e-5, "each image's own mean colour");
  });
  assert.throws(() => run([0.1, 0.2]), /2 channel values for an input of 3 channels/);
  m.dispose();
});

test('blurred baseline: a blur that keeps a uniform image (edges renormalised), so IG of a flat image is 0', async () => {
  await useBackend('cpu');
  const flat = tf.fill([1, 9, 9, 3], 0.7);
  const blurred = gaussianBlur(flat, 1.5);
  assertClose(blurred.dataSync(), new Float32Array(9 * 9 * 3).fill(0.7), 1e-5, 'blur of a constant image');
  const impulse = tf.tidy(() => tf.pad(tf.ones([1, 1, 1, 1]), [[0, 0], [10, 10], [10, 10], [0, 0]]));
  const spread = gaussianBlur(impulse, 1.5); // radius 5: the spread stays where the kernel is whole
  const d = Array.from(spread.dataSync());
  assert.ok(Math.abs(d.reduce((a, b) => a + b, 0) - 1) < 1e-4, 'an interior impulse keeps its mass');
  assert.ok(d[10 * 21 + 10] < 0.1 && d[10 * 21 + 10] === Math.max(...d), 'and spreads it around its centre');
  tf.dispose([flat, blurred, impulse, spread]);
  const { m } = linearImageModel();
  const adapter = layersModelAdapter(m);
  const x = new Float32Array(PER).fill(0.4);
  const ig = await noLeak(() => explain(adapter, x, [1, S, S, 3], { method: 'integrated-gradients', options: opts('blur'), target: 0 }));
  assert.ok(ig.map.every((v) => Math.abs(v) < 1e-6), 'x₀ = x: nothing to attribute');
  m.dispose();
});

test('completeness gap per map: Σ attribution − (f(x) − f(x₀)), small with many steps, larger with few', async () => {
  await useBackend('cpu');
  const model = cnnModel(true);
  const adapter = layersModelAdapter(model);
  const per = 10 * 10 * 3;
  const x = seededArray(2 * per, 77, 0, 1);
  const logit = (data: Float32Array, i: number) => tf.tidy(() => adapter.outputs(tf.tensor(data.subarray(i * per, (i + 1) * per), [1, 10, 10, 3]), { paddingTrick: false }).dataSync()[1]);
  const fine = await noLeak(() => explain(adapter, x, [2, 10, 10, 3], { method: 'integrated-gradients', options: opts('black', 200), target: 1 }));
  assert.ok(fine.completeness !== undefined && fine.completeness.length === 2, 'one completeness record per map');
  for (let i = 0; i < 2; i++) {
    const c: Completeness = fine.completeness[i];
    const sum = fine.map.subarray(i * per, (i + 1) * per).reduce((a, b) => a + b, 0);
    const delta = logit(x, i) - logit(new Float32Array(2 * per), i);
    assert.ok(Math.abs(c.attributionSum - sum) <= 1e-4 * Math.max(1, Math.abs(sum)), `Σ attribution ${c.attributionSum} vs ${sum}`);
    assert.ok(Math.abs(c.scoreDifference - delta) <= 1e-5, `f(x) − f(x₀) ${c.scoreDifference} vs ${delta}`);
    assert.equal(c.gap, c.attributionSum - c.scoreDifference);
    assert.ok(Math.abs(c.gap) <= 0.05 * Math.abs(delta) + 1e-3, `gap ${c.gap} with 200 steps (f(x) − f(x₀) = ${delta})`);
  }
  const coarse = explain(adapter, x, [2, 10, 10, 3], { method: 'integrated-gradients', options: opts('black', 1), target: 1 });
  assert.ok(Math.abs(coarse.completeness![0].gap) > Math.abs(fine.completeness[0].gap), 'one step misses more of the path integral');
  // Other methods report none.
  assert.equal(explain(adapter, x, [2, 10, 10, 3], { method: 'gradient', options: opts(0), target: 1 }).completeness, undefined);
  model.dispose();
});

test('the options schema takes every baseline form and refuses an unknown one', () => {
  for (const b of [0, 0.5, 'black', 'mean', 'blur', [0.485, 0.456, 0.406]]) assert.deepEqual(SaliencyOptionsSchema.parse({ baseline: b }).baseline, b);
  assert.equal(SaliencyOptionsSchema.parse({}).baseline, 0);
  assert.throws(() => SaliencyOptionsSchema.parse({ baseline: 'grey' }), /black, mean, blur/);
  assert.throws(() => SaliencyOptionsSchema.parse({ baseline: 5000 }));
});
