/**
 * `npm run bench -- engine`: forward, input gradient, every saliency method and a training step for
 * the experiment-1 classifier at 64² and 128² (batch 32), ResNet50 at 224² (batch 1), and the
 * experiment-2 VAE's training step and concept-saliency maps for both presets (bench/vae.ts). One JSON
 * object per line. Options: --backend wasm|cpu|auto, --quick (fewer items, for a smoke run).
 */
import { initEngine } from '../src/worker/engine/backend.ts';
import { tf } from '../src/worker/engine/tf.ts';
import type { Tensor } from '../src/worker/engine/tf.ts';
import { layersModelAdapter } from '../src/worker/engine/layers-model-adapter.ts';
import { forwardScores, inputGradient } from '../src/worker/engine/modified-backprop.ts';
import { buildBlackboxCnn, logitsCrossEntropy } from '../src/worker/models/blackbox-cnn.ts';
import { buildResnetV1, RESNET50_SPEC } from '../src/worker/models/resnet-v1.ts';
import { explain } from '../src/worker/saliency/explain.ts';
import { DEFAULT_SALIENCY_OPTIONS, SALIENCY_METHOD_IDS, type BackendChoice } from '../src/shared/index.ts';
import { emit, measure } from './measure.ts';
import { measureCeiling } from './ceiling.ts';
import { gflops, modelFlops } from './flops.ts';
import { explainSteps } from '../src/worker/saliency/explain.ts';
import { benchVae } from './vae.ts';

/** IG and SmoothGrad run 50 passes per image, so they are timed on a smaller batch. */
const EXPENSIVE = new Set(['integrated-gradients', 'smoothgrad']);

export async function benchEngine(args: { backend: BackendChoice; quick: boolean }): Promise<void> {
  const info = await initEngine(args.backend);
  // The ceiling in this process, so that every line says what fraction of it the engine reached.
  const ceiling = await measureCeiling(true);
  const base = { bench: 'engine', backend: info.name, threads: info.threads ?? null, ceilingGflops: ceiling.conv };
  emit({ ...base, item: 'ceiling', matmulGflops: ceiling.matmul, convGflops: ceiling.conv });
  /** Achieved GFLOP/s of `flopsPerImage` × n images in ms, and its share of the conv ceiling. */
  const rate = (flopsPerImage: number, n: number, ms: number) => {
    const g = gflops(flopsPerImage * n, ms);
    return { gflops: g, ceilingFraction: +(g / ceiling.conv).toFixed(3) };
  };
  const leakBefore = tf.memory().numTensors;
  for (const size of args.quick ? [64] : [64, 128]) {
    const batch = 32;
    const model = buildBlackboxCnn(size);
    const adapter = layersModelAdapter(model);
    const x = tf.randomUniform([batch, size, size, 3], 0, 1, 'float32', 7);
    const xData = x.dataSync() as Float32Array;
    const targets = new Array<number>(batch).fill(1);
    const flops = modelFlops(model);
    const row = (item: string, ms: number, n: number, perImage: number) => emit({ ...base, model: 'blackbox-cnn', size, batch: n, item, ms: +ms.toFixed(2), imagesPerSecond: +((n * 1000) / ms).toFixed(1), ...rate(perImage, n, ms) });

    row('forward', (await measure(() => void tf.dispose(forwardScores(adapter, x)))).medianMs, batch, flops.forward);
    row('input-gradient', (await measure(() => void inputGradient(adapter, x, targets, { relu: null, paddingTrick: false }).dispose())).medianMs, batch, flops.inputGradient);
    for (const method of SALIENCY_METHOD_IDS) {
      if (args.quick && EXPENSIVE.has(method)) continue;
      const n = EXPENSIVE.has(method) ? 2 : batch;
      const t = await measure(() => void explain(adapter, xData.subarray(0, n * size * size * 3), [n, size, size, 3], { method, options: DEFAULT_SALIENCY_OPTIONS, target: 1 }), { minRuns: EXPENSIVE.has(method) ? 1 : 3 });
      // A method's passes (IG's steps, SmoothGrad's samples) each cost a forward and an input gradient.
      row(`saliency:${method}`, t.medianMs, n, explainSteps(method, DEFAULT_SALIENCY_OPTIONS, 1) * flops.inputGradient);
    }
    const optimizer = tf.train.adam(1e-3);
    const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 2), 'int32'), 2));
    const step = () => {
      const cost = optimizer.minimize(() => logitsCrossEntropy(labels, model.apply(x, { training: true }) as Tensor), true);
      cost?.dispose();
    };
    row('train-step', (await measure(step, { warmup: 2 })).medianMs, batch, flops.trainStep);
    optimizer.dispose();
    tf.dispose([x, labels]);
    adapter.dispose?.();
  }
  if (!args.quick) {
    // The graph experiment 3 runs (resnet-v1.ts, as load-model builds it from a Keras file), random weights.
    const resnet = buildResnetV1(RESNET50_SPEC);
    const adapter = layersModelAdapter(resnet);
    const x = tf.randomUniform([1, 224, 224, 3], -0.5, 0.5, 'float32', 3);
    const xData = x.dataSync() as Float32Array;
    const flops = modelFlops(resnet);
    const row = (item: string, ms: number, perImage: number) => emit({ ...base, model: 'resnet50', size: 224, batch: 1, item, ms: +ms.toFixed(1), imagesPerSecond: +(1000 / ms).toFixed(2), ...rate(perImage, 1, ms) });
    row('forward', (await measure(() => void tf.dispose(forwardScores(adapter, x)), { minRuns: 5 })).medianMs, flops.forward);
    row('saliency:rectgrad', (await measure(() => void explain(adapter, xData, [1, 224, 224, 3], { method: 'rectgrad', options: DEFAULT_SALIENCY_OPTIONS, target: 24 }), { minRuns: 5 })).medianMs, flops.inputGradient);
    x.dispose();
    adapter.dispose?.();
  }
  await benchVae(base, args.quick, rate);
  emit({ ...base, item: 'leak-check', numTensorsDelta: tf.memory().numTensors - leakBefore });
}
