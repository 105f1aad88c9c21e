/**
 * The native path, proven where it exists (issue 20): when `@tensorflow/tfjs-node` or `-gpu` loads, the
 * lab's code runs on it as on wasm: the conv gradient table against cpu, every saliency method against
 * cpu on the kitchen-sink model (batch norm, residual, transposed conv), one training step of the
 * experiment-1 classifier equal to cpu's, and no tensor left behind. Where the package cannot load (it
 * downloads libtensorflow at install, which this network refuses), every test says so and why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initEngine } from '../../../../src/worker/engine/backend.ts';
import { tf } from '../../../../src/worker/engine/tf.ts';
import type { Tensor } from '../../../../src/worker/engine/tf.ts';
import { layersModelAdapter } from '../../../../src/worker/engine/layers-model-adapter.ts';
import { explain } from '../../../../src/worker/saliency/explain.ts';
import { buildBlackboxCnn, logitsCrossEntropy } from '../../../../src/worker/models/blackbox-cnn.ts';
import { DEFAULT_SALIENCY_OPTIONS, SALIENCY_METHOD_IDS, type SaliencyOptions } from '../../../../src/shared/saliency.ts';
import { assertClose, noLeak, seededArray } from '../../../helpers/engine.ts';
import { kitchenSinkModel } from '../../../helpers/tiny-models.ts';

/** Why the native backend cannot run here, or null when it runs. */
const unavailable: string | null = await initEngine('tensorflow').then(
  () => null,
  (e: Error) => `the native backend is not available on this machine: ${e.message.split('\n')[0]}`,
);
const skip = unavailable ?? false;

const use = (name: 'tensorflow' | 'cpu') => tf.setBackend(name);

test('conv input and filter gradients: tensorflow = cpu on strided, padded and 1×1 shapes', { skip }, async () => {
  const cases = [
    { n: 2, h: 9, w: 11, ci: 3, co: 5, k: 3, s: 1, pad: 'same' as const },
    { n: 2, h: 11, w: 11, ci: 3, co: 4, k: 5, s: 2, pad: 'valid' as const },
    { n: 2, h: 10, w: 10, ci: 6, co: 4, k: 1, s: 2, pad: 'valid' as const },
    { n: 8, h: 16, w: 16, ci: 8, co: 16, k: 3, s: 1, pad: 'same' as const },
  ];
  for (const c of cases) {
    const grads = async (backend: 'tensorflow' | 'cpu') => {
      await use(backend);
      return noLeak(() =>
        tf.tidy(() => {
          const x = tf.tensor4d(seededArray(c.n * c.h * c.w * c.ci, 1), [c.n, c.h, c.w, c.ci]);
          const f = tf.tensor4d(seededArray(c.k * c.k * c.ci * c.co, 2), [c.k, c.k, c.ci, c.co]);
          const probe = (y: Tensor) => tf.sum(tf.mul(y, tf.tensor(seededArray(y.size, 3), y.shape)));
          return tf.grads((a: Tensor, b: Tensor) => probe(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad)))([x, f]).map((g) => g.dataSync() as Float32Array);
        }),
      );
    };
    const [native, cpu] = [await grads('tensorflow'), await grads('cpu')];
    assertClose(native[0], cpu[0], 1e-4, `dx ${JSON.stringify(c)}`);
    assertClose(native[1], cpu[1], 1e-4, `dw ${JSON.stringify(c)}`);
  }
});

test('every saliency method: tensorflow = cpu on the kitchen-sink model, no leaks', { skip }, async () => {
  const options: SaliencyOptions = { ...DEFAULT_SALIENCY_OPTIONS, steps: 8, samples: 3, q: 80 };
  const model = kitchenSinkModel();
  const adapter = layersModelAdapter(model);
  const shape = [2, ...adapter.inputShape];
  const x = seededArray(shape.reduce((a, b) => a * b, 1), 5, 0, 1);
  for (const method of SALIENCY_METHOD_IDS) {
    const req = { method, options, target: 1 };
    await use('tensorflow');
    const native = await noLeak(() => explain(adapter, x, shape, req));
    await use('cpu');
    const cpu = await noLeak(() => explain(adapter, x, shape, req));
    assertClose(native.map, cpu.map, 1e-4, `${method} (map)`);
    assert.ok(native.map.some((v) => v !== 0), `${method}: map is not all zeros`);
  }
  model.dispose();
});

test("one training step of the experiment-1 classifier: tensorflow's loss and weights = cpu's", { skip }, async () => {
  const step = async (backend: 'tensorflow' | 'cpu') => {
    await use(backend);
    const once = () => {
      const model = buildBlackboxCnn(32);
      const x = tf.tensor4d(seededArray(4 * 32 * 32 * 3, 7, 0, 1), [4, 32, 32, 3]);
      const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 1, 0], 'int32'), 2));
      const optimizer = tf.train.adam(1e-3);
      const cost = optimizer.minimize(() => logitsCrossEntropy(labels, model.apply(x, { training: true }) as Tensor), true)!;
      const out = { loss: cost.dataSync()[0], weights: model.getWeights().map((w) => w.dataSync() as Float32Array) };
      optimizer.dispose();
      tf.dispose([x, labels, cost]);
      model.dispose();
      return out;
    };
    return noLeak(once);
  };
  const [native, cpu] = [await step('tensorflow'), await step('cpu')];
  assert.ok(Math.abs(native.loss - cpu.loss) <= 1e-4 * Math.max(1, Math.abs(cpu.loss)), `loss ${native.loss} vs ${cpu.loss}`);
  native.weights.forEach((w, i) => assertClose(w, cpu.weights[i], 1e-3, `weight ${i} after one Adam step`));
});
