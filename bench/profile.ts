/**
 * `npm run bench -- profile`: per-kernel time of a training step and an input gradient of the
 * experiment-1 classifier (and ResNet50's rectgrad map unless --quick), so the slowest kernel is
 * visible. One JSON line per kernel, largest first.
 */
import { initEngine } from '../src/worker/engine/backend.ts';
import { tf } from '../src/worker/engine/tf.ts';
import type { Tensor } from '../src/worker/engine/tf.ts';
import { layersModelAdapter } from '../src/worker/engine/layers-model-adapter.ts';
import { inputGradient } from '../src/worker/engine/modified-backprop.ts';
import { buildBlackboxCnn, logitsCrossEntropy } from '../src/worker/models/blackbox-cnn.ts';
import { buildResnetV1, RESNET50_SPEC } from '../src/worker/models/resnet-v1.ts';
import { explain } from '../src/worker/saliency/explain.ts';
import { DEFAULT_SALIENCY_OPTIONS, type BackendChoice } from '../src/shared/index.ts';
import { emit } from './measure.ts';

async function profileKernels(label: string, fn: () => void): Promise<void> {
  fn(); // warm-up
  const info = await tf.profile(fn);
  const byKernel = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const e = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += ms;
    e.calls += 1;
    byKernel.set(k.name, e);
  }
  const total = [...byKernel.values()].reduce((a, b) => a + b.ms, 0);
  [...byKernel.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 12)
    .forEach(([kernel, e]) => emit({ bench: 'profile', workload: label, kernel, ms: +e.ms.toFixed(2), calls: e.calls, share: +(e.ms / total).toFixed(3) }));
}

export async function benchProfile(args: { backend: BackendChoice; quick: boolean }): Promise<void> {
  await initEngine(args.backend);
  for (const size of [64]) {
    const model = buildBlackboxCnn(size);
    const adapter = layersModelAdapter(model);
    const x = tf.randomUniform([32, size, size, 3], 0, 1, 'float32', 7);
    const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 2), 'int32'), 2));
    const optimizer = tf.train.adam(1e-3);
    await profileKernels(`train-step ${size}`, () => optimizer.minimize(() => logitsCrossEntropy(labels, model.apply(x, { training: true }) as Tensor))?.dispose());
    await profileKernels(`input-gradient ${size}`, () => inputGradient(adapter, x, new Array<number>(32).fill(1), { relu: null, paddingTrick: false }).dispose());
    await profileKernels(`rectgrad ${size}`, () => void explain(adapter, x.dataSync() as Float32Array, [32, size, size, 3], { method: 'rectgrad', options: DEFAULT_SALIENCY_OPTIONS, target: 1 }));
    optimizer.dispose();
    tf.dispose([x, labels]);
    adapter.dispose?.();
  }
  if (!args.quick) {
    const adapter = layersModelAdapter(buildResnetV1(RESNET50_SPEC));
    const x = tf.randomUniform([1, 224, 224, 3], -0.5, 0.5, 'float32', 3);
    await profileKernels('resnet50 rectgrad', () => void explain(adapter, x.dataSync() as Float32Array, [1, 224, 224, 3], { method: 'rectgrad', options: DEFAULT_SALIENCY_OPTIONS, target: 24 }));
    x.dispose();
    adapter.dispose?.();
  }
}
