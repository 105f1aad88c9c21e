/**
 * Re-initialising layers for the randomisation check: each weight drawn by its own layer's initialiser,
 * seeded (the same seed, the same weights), only the chosen layers changed, and no tensor left behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf, tfl } from '../../../../src/worker/engine/tf.ts';
import type { LayersModel } from '../../../../src/worker/engine/tf.ts';
import { buildBlackboxCnn } from '../../../../src/worker/models/blackbox-cnn.ts';
import { reinitialiseLayers, weightedLayers } from '../../../../src/worker/experiments/randomisation/reinitialise.ts';
import { weightSeed } from '../../../../src/shared/experiments/randomisation.ts';
import { noLeak, useBackend } from '../../../helpers/engine.ts';
import { setSeededWeights } from '../../../helpers/tiny-models.ts';

/** Every weight's values by name ("conv1/kernel"). */
function snapshot(model: LayersModel): Map<string, Float32Array> {
  return new Map(model.layers.flatMap((l) => l.weights.map((w) => [`${l.name}/${w.originalName.split('/').pop()}`, w.read().dataSync() as Float32Array] as const)));
}

const seedOf = (w: string) => weightSeed(7, w);

test('the blackbox CNN: top layers re-initialised by their own initialisers, seeded; the others untouched', async () => {
  await useBackend('cpu');
  await noLeak(() => {
    const model = buildBlackboxCnn(16, 3);
    setSeededWeights(model, 11); // trained-like: non-zero biases, kernels unlike their initialisation
    assert.deepEqual(weightedLayers(model).map((l) => l.name), ['conv1', 'conv2', 'conv3', 'fc1', 'logits']);
    const before = snapshot(model);
    const drawn = reinitialiseLayers(model, ['logits', 'fc1'], seedOf);
    const after = snapshot(model);
    assert.deepEqual(
      drawn.map((d) => `${d.weight} ${d.initializer} ${d.seed}`),
      ['logits/kernel', 'logits/bias', 'fc1/kernel', 'fc1/bias'].map((w) => `${w} ${w.endsWith('kernel') ? 'VarianceScaling(scale=1, mode=fanAvg, distribution=uniform)' : 'Zeros'} ${w.endsWith('kernel') ? seedOf(w) : null}`),
    );
    for (const [name, values] of after) {
      if (name.startsWith('logits/') || name.startsWith('fc1/')) continue;
      assert.deepEqual(values, before.get(name), `${name} is left as it was`);
    }
    // Glorot uniform is VarianceScaling(1, fan_avg, uniform). The kernel is exactly what it draws with that seed; the bias its zeros.
    for (const layer of ['logits', 'fc1']) {
      const kernel = model.getLayer(layer).getWeights()[0];
      const expected = tf.tidy(() => tfl.initializers.glorotUniform({ seed: seedOf(`${layer}/kernel`) }).apply(kernel.shape).dataSync() as Float32Array);
      assert.deepEqual(after.get(`${layer}/kernel`), expected);
      assert.notDeepEqual(after.get(`${layer}/kernel`), before.get(`${layer}/kernel`));
      assert.ok(after.get(`${layer}/bias`)!.every((v) => v === 0));
    }
    model.dispose();
  });
});

test('the same seed gives the same weights, another seed other weights', async () => {
  await useBackend('cpu');
  await noLeak(() => {
    const draw = (seed: number) => {
      const model = buildBlackboxCnn(16, 1);
      reinitialiseLayers(model, ['conv2'], (w) => weightSeed(seed, w));
      const v = snapshot(model).get('conv2/kernel')!;
      model.dispose();
      return v;
    };
    assert.deepEqual(draw(5), draw(5));
    assert.notDeepEqual(draw(5), draw(6));
  });
});

test("a layer's own initialiser, whatever it is: random normal kernels and a ones bias stay so", async () => {
  await useBackend('cpu');
  await noLeak(() => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [50], units: 40, name: 'a', kernelInitializer: tfl.initializers.randomNormal({ mean: 5, stddev: 0.01, seed: 1 }), biasInitializer: 'ones' }),
        tfl.layers.dense({ units: 2, name: 'b' }),
      ],
    });
    setSeededWeights(model, 3);
    const drawn = reinitialiseLayers(model, ['a'], seedOf);
    const [kernel, bias] = model.getLayer('a').getWeights().map((w) => w.dataSync() as Float32Array);
    const mean = kernel.reduce((s, v) => s + v, 0) / kernel.length;
    assert.ok(Math.abs(mean - 5) < 0.01, `kernel mean ${mean}`);
    assert.ok(bias.every((v) => v === 1));
    assert.deepEqual(
      drawn.map((d) => d.initializer),
      ['RandomNormal(mean=5, stddev=0.01)', 'Ones'],
    );
    assert.equal(drawn[1].seed, null, 'ones draws nothing: no seed');
    assert.throws(() => reinitialiseLayers(model, ['nope'], seedOf), /the model has no layer "nope" \(its layers: a, b\)/);
    model.dispose();
  });
});

test('a layer without weights cannot be re-initialised', async () => {
  await useBackend('cpu');
  await noLeak(() => {
    const model = buildBlackboxCnn(16, 1);
    assert.throws(() => reinitialiseLayers(model, ['pool1'], seedOf), /layer "pool1" has no weights to re-initialise/);
    model.dispose();
  });
});
